import type { Kysely, Transaction } from 'kysely';
import type Stripe from 'stripe';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { AppError } from '../../errors.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import type { BookingsService } from '../bookings/bookings.service.ts';
import type { ScheduledRow } from '../bookings/holds.service.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import type { NotificationsModule } from '../notifications/notifications.module.ts';
import { PaymentsRepository, type PaymentRow } from './payments.repository.ts';
import { PAYMENT_CURRENCY, type StripeCardProvider } from './stripe.provider.ts';

export type WebhookOutcome =
  | 'duplicate'
  | 'confirmed'
  | 'paid'
  | 'already_applied'
  | 'refund_owed'
  | 'failed'
  | 'refunded'
  | 'partially_refunded'
  | 'disputed'
  | 'not_paid'
  | 'unmatched'
  | 'amount_mismatch'
  | 'ignored';

/** What a success event says was paid; null fields count as a mismatch. */
interface PaidAmount {
  amountCents: number | null;
  currency: string | null;
}

/** A success event that did not carry the payment row's amount and currency. */
interface AmountMismatch {
  paymentId: string;
  eventId: string;
  received: PaidAmount;
}

interface Effect {
  outcome: WebhookOutcome;
  paymentId: string | null;
  scheduled: ScheduledRow[];
  /** Staff are alerted after the commit (rendering an email holds no transaction open). */
  mismatch?: AmountMismatch;
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** The amount a success event reports as paid; null for every other event type. */
function paidAmountOf(event: Stripe.Event): PaidAmount | null {
  switch (event.type) {
    case 'checkout.session.completed':
      return { amountCents: event.data.object.amount_total, currency: event.data.object.currency };
    case 'payment_intent.succeeded':
      return {
        amountCents: event.data.object.amount_received,
        currency: event.data.object.currency,
      };
    default:
      return null;
  }
}

const isPaidInFull = (payment: PaymentRow, paid: PaidAmount): boolean =>
  paid.amountCents === payment.amount_cents && paid.currency?.toLowerCase() === PAYMENT_CURRENCY;

/**
 * Card payments through Stripe Checkout, confirmed only by verified webhooks. Each event
 * is recorded with its effect in one transaction keyed by the event id, so duplicates and
 * replays do nothing, and events that arrive before the payment they name is known
 * (a refund before the completion) wait as 'unmatched' and are applied once it is.
 */
export class PaymentsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: {
      bookings: BookingsService;
      stripe: StripeCardProvider | null;
      publicBaseUrl: string;
      afterCommit: (rows: ScheduledRow[]) => Promise<void>;
      fieldCrypto: FieldCrypto;
      notifications: Pick<NotificationsModule, 'recordPaymentMismatchAlert'>;
    },
  ) {}

  get isCardAvailable(): boolean {
    return this.deps.stripe !== null;
  }

  private provider(): StripeCardProvider {
    if (!this.deps.stripe) throw new AppError('CARD_PAYMENTS_UNAVAILABLE');
    return this.deps.stripe;
  }

  /** Opens (or reopens) a Checkout session for a pending card payment. */
  async startCheckout(paymentId: string): Promise<{ url: string; paymentId: string }> {
    const stripe = this.provider();
    const payments = new PaymentsRepository(this.db);
    const payment = await payments.find(paymentId);
    if (!payment?.booking_id) throw new AppError('PAYMENT_NOT_FOUND');
    if (payment.status !== 'pending' && payment.status !== 'failed')
      throw new AppError('PAYMENT_NOT_PENDING');
    const bookings = new BookingsRepository(this.db);
    const booking = await bookings.findBooking(payment.booking_id);
    const customer = booking
      ? await new CustomersRepository(this.db, this.deps.fieldCrypto).find(booking.customer_id)
      : undefined;
    if (!booking || !customer) throw new AppError('BOOKING_NOT_FOUND');
    const manage = `${this.deps.publicBaseUrl}/manage/${booking.id}`;
    const checkout = await stripe.createCheckout({
      paymentId: payment.id,
      bookingId: booking.id,
      description: `${payment.kind === 'deposit' ? 'Deposit' : 'Balance'} for hibachi party ${booking.number} on ${booking.date}`,
      amountCents: payment.amount_cents,
      customerEmail: customer.email,
      successUrl: `${manage}?paid=${payment.id}`,
      cancelUrl: manage,
    });
    await payments.setCheckout(payment.id, checkout);
    return { url: checkout.url, paymentId: payment.id };
  }

  /** Card payment of the remaining balance (or a retry of the deposit) from the manage page. */
  async payBooking(input: {
    bookingId: string;
    token: string | undefined;
    kind: 'deposit' | 'balance';
  }) {
    this.provider();
    const view = await this.deps.bookings.get(input.bookingId, input.token);
    if (input.kind === 'deposit') {
      const pending = view.payments.find(
        (p) =>
          p.kind === 'deposit' &&
          p.provider === 'stripe' &&
          (p.status === 'pending' || p.status === 'failed'),
      );
      if (!pending)
        throw new AppError('NOTHING_TO_PAY', 'There is no card deposit waiting for payment.');
      return this.startCheckout(pending.id);
    }
    if (view.status !== 'confirmed')
      throw new AppError('NOTHING_TO_PAY', 'The balance is payable once the booking is confirmed.');
    const open = view.payments.filter((p) => p.kind === 'balance' && p.status === 'pending');
    const payments = new PaymentsRepository(this.db);
    const due = view.balanceCents - open.reduce((sum, p) => sum + p.amountCents, 0);
    const existing = open[0];
    if (existing && existing.provider === 'stripe') return this.startCheckout(existing.id);
    if (due <= 0) throw new AppError('NOTHING_TO_PAY');
    const payment = await payments.insert({
      bookingId: view.id,
      holdId: null,
      kind: 'balance',
      method: 'card',
      provider: 'stripe',
      status: 'pending',
      amountCents: due,
      reference: `BAL-${view.number}-${Date.now().toString(36)}`,
    });
    return this.startCheckout(payment.id);
  }

  async handleStripeWebhook(
    rawBody: Buffer,
    signature: string | undefined,
  ): Promise<{ outcome: WebhookOutcome }> {
    const event = this.provider().verifyWebhook(rawBody, signature);
    return this.applyStripeEvent(event);
  }

  async applyStripeEvent(event: Stripe.Event): Promise<{ outcome: WebhookOutcome }> {
    const result = await this.db.transaction().execute(async (trx) => {
      const payments = new PaymentsRepository(trx);
      const stored = await payments.insertEvent({
        provider: 'stripe',
        eventId: event.id,
        type: event.type,
        payload: event,
      });
      if (!stored) return this.duplicateOf(trx, event);
      const effect = await this.applyEffect(trx, event);
      await payments.setEventOutcome(stored.id, effect.outcome, effect.paymentId);
      return effect;
    });
    await this.deps.afterCommit(result.scheduled);
    if (result.mismatch) await this.alertMismatch(result.mismatch);
    return { outcome: result.outcome };
  }

  /**
   * A repeat does nothing, except that a mismatch alert is recorded again (a no-op once it
   * exists): if the first delivery failed between its commit and the alert, Stripe's retry
   * still gets the alert out.
   */
  private async duplicateOf(trx: Transaction<DB>, event: Stripe.Event): Promise<Effect> {
    const prior = await new PaymentsRepository(trx).findEvent('stripe', event.id);
    const paymentId = prior?.payment_id ?? null;
    const paid = paidAmountOf(event);
    const effect: Effect = { outcome: 'duplicate', paymentId, scheduled: [] };
    if (prior?.outcome === 'amount_mismatch' && paymentId && paid)
      effect.mismatch = { paymentId, eventId: event.id, received: paid };
    return effect;
  }

  private async alertMismatch(mismatch: AmountMismatch): Promise<void> {
    const payment = await new PaymentsRepository(this.db).find(mismatch.paymentId);
    const booking = payment?.booking_id
      ? await new BookingsRepository(this.db).findBooking(payment.booking_id)
      : undefined;
    if (!payment || !booking) return;
    await this.deps.notifications.recordPaymentMismatchAlert(this.db, {
      booking,
      payment: {
        kind: payment.kind,
        amountCents: payment.amount_cents,
        currency: PAYMENT_CURRENCY,
      },
      received: mismatch.received,
      eventId: mismatch.eventId,
    });
  }

  private async applyEffect(trx: Transaction<DB>, event: Stripe.Event): Promise<Effect> {
    const payments = new PaymentsRepository(trx);
    switch (event.type) {
      case 'checkout.session.completed': {
        const session = event.data.object;
        const paymentId = session.metadata?.paymentId ?? session.client_reference_id;
        if (session.payment_status !== 'paid')
          return { outcome: 'not_paid', paymentId: paymentId ?? null, scheduled: [] };
        return this.markPaid(trx, { paymentId, intentId: idOf(session.payment_intent), event });
      }
      case 'payment_intent.succeeded': {
        const intent = event.data.object;
        return this.markPaid(trx, {
          paymentId: intent.metadata.paymentId,
          intentId: intent.id,
          event,
        });
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        const payment = intent.metadata.paymentId
          ? await payments.find(intent.metadata.paymentId)
          : undefined;
        if (!payment) return { outcome: 'unmatched', paymentId: null, scheduled: [] };
        await payments.setIntentRef(payment.id, intent.id);
        const locked = await payments.findForUpdate(payment.id);
        // A failure never undoes a success that another event already applied.
        if (locked?.status === 'pending')
          await payments.updateStatus(payment.id, { status: 'failed' });
        return {
          outcome: locked?.status === 'pending' ? 'failed' : 'already_applied',
          paymentId: payment.id,
          scheduled: [],
        };
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const payment = await this.paymentForIntent(trx, idOf(charge.payment_intent));
        if (!payment) return { outcome: 'unmatched', paymentId: null, scheduled: [] };
        return this.recordRefund(trx, {
          payment,
          amountRefunded: charge.amount_refunded,
          eventId: event.id,
        });
      }
      case 'charge.dispute.created': {
        const dispute = event.data.object;
        const payment = await this.paymentForIntent(trx, idOf(dispute.payment_intent));
        if (!payment) return { outcome: 'unmatched', paymentId: null, scheduled: [] };
        await payments.markDisputed(payment.id);
        if (payment.booking_id)
          await new BookingsRepository(trx).addEvent({
            bookingId: payment.booking_id,
            type: 'payment_disputed',
            data: { paymentId: payment.id, amountCents: dispute.amount, reason: dispute.reason },
            actor: 'stripe',
          });
        return { outcome: 'disputed', paymentId: payment.id, scheduled: [] };
      }
      default:
        return { outcome: 'ignored', paymentId: null, scheduled: [] };
    }
  }

  private async paymentForIntent(
    trx: Transaction<DB>,
    intentId: string | null,
  ): Promise<PaymentRow | undefined> {
    return intentId ? new PaymentsRepository(trx).findByIntent(intentId) : undefined;
  }

  private async markPaid(
    trx: Transaction<DB>,
    input: { paymentId: string | null | undefined; intentId: string | null; event: Stripe.Event },
  ): Promise<Effect> {
    const payments = new PaymentsRepository(trx);
    const payment = input.paymentId ? await payments.find(input.paymentId) : undefined;
    if (!payment?.booking_id) return { outcome: 'unmatched', paymentId: null, scheduled: [] };
    const paid = paidAmountOf(input.event) ?? { amountCents: null, currency: null };
    if (!isPaidInFull(payment, paid))
      return this.recordMismatch(trx, { payment, paid, eventId: input.event.id });
    if (input.intentId) await payments.setIntentRef(payment.id, input.intentId);
    let effect: Effect;
    if (payment.kind === 'deposit') {
      const applied = await this.deps.bookings.applyDepositPaid(trx, {
        bookingId: payment.booking_id,
        paymentId: payment.id,
        actor: 'stripe',
        allowFailed: true,
      });
      if (applied.kind === 'confirmed')
        effect = { outcome: 'confirmed', paymentId: payment.id, scheduled: applied.scheduled };
      else effect = await this.settleLatePayment(trx, payment.id);
    } else {
      const locked = await payments.findForUpdate(payment.id);
      if (locked?.status === 'pending' || locked?.status === 'failed') {
        await payments.updateStatus(payment.id, { status: 'succeeded', confirmedBy: 'stripe' });
        await new BookingsRepository(trx).addEvent({
          bookingId: payment.booking_id,
          type: `${payment.kind}_paid`,
          data: { paymentId: payment.id, amountCents: payment.amount_cents },
          actor: 'stripe',
        });
        await this.deps.bookings.recordReceipt(trx, payment.id);
        effect = { outcome: 'paid', paymentId: payment.id, scheduled: [] };
      } else effect = { outcome: 'already_applied', paymentId: payment.id, scheduled: [] };
    }
    // Refunds or disputes that raced ahead of this event can be applied now.
    if (input.intentId) {
      for (const early of await payments.listUnmatchedForIntent(input.intentId)) {
        const replayed = await this.applyEffect(trx, early.payload as unknown as Stripe.Event);
        await payments.setEventOutcome(early.id, replayed.outcome, replayed.paymentId);
      }
    }
    return effect;
  }

  /**
   * Money arrived, but not the amount or currency the payment row asks for (a tampered or
   * misconfigured session, a price changed on Stripe's side): nothing is confirmed. The
   * event is kept with outcome 'amount_mismatch', which nothing ever replays (only
   * 'unmatched' events are), and the intent is not linked, so later events on it stay apart
   * too. The booking's timeline shows it to staff, who are also emailed. Stripe still gets a
   * 2xx: retrying cannot change the amount, and an endpoint that keeps failing is disabled
   * by Stripe, which would stop every other payment's confirmation with it.
   */
  private async recordMismatch(
    trx: Transaction<DB>,
    input: { payment: PaymentRow; paid: PaidAmount; eventId: string },
  ): Promise<Effect> {
    const { payment, paid } = input;
    if (payment.booking_id)
      await new BookingsRepository(trx).addEvent({
        bookingId: payment.booking_id,
        type: 'payment_amount_mismatch',
        data: {
          paymentId: payment.id,
          expectedCents: payment.amount_cents,
          expectedCurrency: PAYMENT_CURRENCY,
          receivedCents: paid.amountCents,
          receivedCurrency: paid.currency,
          eventId: input.eventId,
        },
        actor: 'stripe',
      });
    return {
      outcome: 'amount_mismatch',
      paymentId: payment.id,
      scheduled: [],
      mismatch: { paymentId: payment.id, eventId: input.eventId, received: paid },
    };
  }

  /** Money arrived for a deposit that was already settled or whose booking was cancelled. */
  private async settleLatePayment(trx: Transaction<DB>, paymentId: string): Promise<Effect> {
    const payments = new PaymentsRepository(trx);
    const payment = await payments.findForUpdate(paymentId);
    if (!payment || payment.status === 'succeeded' || payment.status === 'refunded')
      return { outcome: 'already_applied', paymentId, scheduled: [] };
    await payments.updateStatus(paymentId, { status: 'succeeded', confirmedBy: 'stripe' });
    await payments.insert({
      bookingId: payment.booking_id,
      holdId: null,
      kind: 'refund',
      method: 'card',
      provider: 'stripe',
      status: 'pending',
      amountCents: payment.amount_cents,
      reference: `RFD-${payment.id}-owed`,
    });
    if (payment.booking_id)
      await new BookingsRepository(trx).addEvent({
        bookingId: payment.booking_id,
        type: 'refund_owed',
        data: {
          paymentId,
          amountCents: payment.amount_cents,
          why: 'paid after the booking was cancelled',
        },
        actor: 'stripe',
      });
    return { outcome: 'refund_owed', paymentId, scheduled: [] };
  }

  private async recordRefund(
    trx: Transaction<DB>,
    input: { payment: PaymentRow; amountRefunded: number; eventId: string },
  ): Promise<Effect> {
    const payments = new PaymentsRepository(trx);
    const payment = await payments.findForUpdate(input.payment.id);
    if (!payment) return { outcome: 'unmatched', paymentId: null, scheduled: [] };
    // charge.refunded carries the cumulative amount: record only what is new.
    const delta = input.amountRefunded - (await payments.sumRecordedRefunds(payment.id));
    if (delta > 0)
      await payments.insert({
        bookingId: payment.booking_id,
        holdId: null,
        kind: 'refund',
        method: payment.method,
        provider: 'stripe',
        status: 'succeeded',
        amountCents: delta,
        reference: `RFD-${payment.id}-${input.eventId}`,
      });
    const isFull = input.amountRefunded >= payment.amount_cents;
    if (isFull && payment.status !== 'refunded')
      await payments.updateStatus(payment.id, { status: 'refunded' });
    if (payment.booking_id && delta > 0)
      await new BookingsRepository(trx).addEvent({
        bookingId: payment.booking_id,
        type: 'refunded',
        data: { paymentId: payment.id, amountCents: delta },
        actor: 'stripe',
      });
    return {
      outcome: isFull ? 'refunded' : 'partially_refunded',
      paymentId: payment.id,
      scheduled: [],
    };
  }
}
