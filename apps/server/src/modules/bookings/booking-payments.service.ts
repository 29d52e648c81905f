import { randomBytes } from 'node:crypto';
import {
  foreignDepositReference,
  type DepositReport,
  staffConfirmationDeadline,
  type Settings,
} from '@teppan/core';
import type { Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { recordBookingChange } from './booking-change.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { QuotesRepository } from '../quotes/quotes.repository.ts';
import { formatInstant } from '../notifications/format.ts';
import type { Station } from '../settings/settings.service.ts';
import { lockBooking } from './booking-lock.ts';
import { BookingsRepository, type BookingRow } from './bookings.repository.ts';
import { type BookingView } from './booking-view.ts';
import type { RequestContext, ScheduledRow } from './holds.service.ts';
import {
  BookingsServiceBase,
  depositReportRefusal,
  offlineMethodOf,
  hashToken,
} from './bookings-base.service.ts';

/** Deposits of a booking: the customer's "I've sent it", staff confirmation, paid. */
export class BookingPaymentsService extends BookingsServiceBase {
  /**
   * "I've sent it" (SPEC §4): the customer says an offline deposit is on its way and gives
   * the reference they used. Allowed until the deposit deadline; the booking then waits for
   * staff until the staff-confirmation deadline (the cancelling job moves with it) and
   * staff are alerted. Saying it again with another reference corrects it (same deadline,
   * a new alert); the same words again change nothing.
   */
  async reportDepositSent(
    id: string,
    token: string | undefined,
    body: DepositReport,
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const current = await this.authorize(id, token);
    const { station, settings } = await this.deps.settings.getForStation(current.station_id);
    const result = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      // The booking's row lock orders this against staff confirming the deposit and the
      // deadline job (slot → booking → its scheduled messages, ADR 0018).
      const booking = await lockBooking(repo, id);
      const deposit = (await new PaymentsRepository(trx).listForBooking(id)).find(
        (p) => p.kind === 'deposit' && p.status === 'pending',
      );
      const refusal = depositReportRefusal(booking, deposit);
      if (refusal || !deposit) throw refusal ?? new AppError('DEPOSIT_REPORT_NOT_ALLOWED');
      const brandPhone = settings.brand.contactPhone ?? this.deps.notifications.brand.contactPhone;
      if (booking.deposit_due_at && (await repo.isPastDeadline(booking.deposit_due_at)))
        throw new AppError(
          'DEPOSIT_DEADLINE_PASSED',
          booking.deposit_reported_at
            ? `We could not confirm your payment by ${formatInstant(booking.deposit_due_at, station.timeZone)}, so the date is being released. If you sent the money, call us at ${brandPhone}: we will refund it or book you again.`
            : `The deposit was due by ${formatInstant(booking.deposit_due_at, station.timeZone)}, so the date is being released. If you already sent the payment, call us at ${brandPhone}.`,
          { deadline: booking.deposit_due_at.toISOString() },
        );
      const foreign = foreignDepositReference({
        reported: body.reference,
        expected: deposit.reference,
      });
      if (foreign)
        throw new AppError(
          'DEPOSIT_REFERENCE_MISMATCH',
          `${foreign} is not this booking's reference; the reference of booking ${booking.number} is ${deposit.reference}.`,
          { expected: deposit.reference },
        );
      const method = body.method ?? offlineMethodOf(deposit.method);
      if (
        booking.deposit_reported_reference === body.reference &&
        booking.deposit_reported_method === method
      )
        return { row: booking, scheduled: [] as ScheduledRow[] };
      // The first report moves the deadline to the staff-confirmation deadline; a
      // correction keeps it (saying it twice buys no time).
      let depositDueAt = booking.deposit_due_at;
      if (!booking.deposit_reported_at && depositDueAt) {
        const hold = booking.hold_id ? await repo.findHold(booking.hold_id) : undefined;
        depositDueAt = staffConfirmationDeadline({
          signedAt: hold?.signed_at ?? booking.created_at,
          depositDeadline: depositDueAt,
          holds: settings.holds,
        });
      }
      const row = await repo.recordDepositReport(id, {
        reference: body.reference,
        method,
        depositDueAt,
      });
      const isCorrection = booking.deposit_reported_at !== null;
      await recordBookingChange(trx, {
        bookingId: id,
        type: 'deposit_reported',
        data: {
          paymentId: deposit.id,
          reference: body.reference,
          method,
          confirmBy: depositDueAt?.toISOString() ?? null,
          ...(isCorrection ? { correction: true } : {}),
        },
        actor: 'customer',
        action: 'booking.deposit_report',
        before: {
          reference: booking.deposit_reported_reference,
          method: booking.deposit_reported_method,
          depositDueAt: booking.deposit_due_at?.toISOString() ?? null,
        },
        after: {
          reference: body.reference,
          method,
          depositDueAt: depositDueAt?.toISOString() ?? null,
        },
        ctx,
      });
      const scheduled = await this.replan(trx, row, settings, station.timeZone);
      const customer = await new CustomersRepository(trx, this.deps.fieldCrypto).find(
        row.customer_id,
      );
      if (customer)
        await this.deps.notifications.recordDepositReported(trx, {
          booking: row,
          customer,
          report: { reference: body.reference, method },
          confirmBy: depositDueAt,
          timeZone: station.timeZone,
          station,
          settings,
        });
      return { row, scheduled };
    });
    await this.deps.afterCommit(result.scheduled);
    return this.view(this.db, result.row);
  }

  /**
   * Staff confirmation of an offline deposit: pending_deposit → confirmed. Card deposits
   * reach the same transition through the payment provider's webhook.
   */
  async confirmDeposit(
    paymentId: string,
    actor: string,
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const peek = await new PaymentsRepository(this.db).find(paymentId);
    if (!peek || !peek.booking_id) throw new AppError('PAYMENT_NOT_FOUND');
    const bookingId = peek.booking_id;
    const result = await this.db.transaction().execute(async (trx) => {
      const outcome = await this.applyDepositPaid(trx, { bookingId, paymentId, actor, ctx });
      if (outcome.kind !== 'confirmed') throw outcome.error;
      return outcome;
    });
    await this.deps.afterCommit(result.scheduled);
    return this.view(this.db, result.row);
  }

  /**
   * The one place a paid deposit confirms a booking, inside the caller's transaction
   * (lock order: booking → payment). Returns why it could not, instead of throwing, so a
   * webhook can record the outcome and still commit its event row.
   */
  async applyDepositPaid(
    trx: Transaction<DB>,
    input: {
      bookingId: string;
      paymentId: string;
      actor: string;
      ctx?: RequestContext;
      allowFailed?: boolean;
    },
  ): Promise<
    | { kind: 'confirmed'; row: BookingRow; scheduled: ScheduledRow[] }
    | { kind: 'not_applicable'; error: AppError }
  > {
    const { bookingId, paymentId, actor, ctx = {} } = input;
    const repo = new BookingsRepository(trx);
    const booking = await repo.findBookingForUpdate(bookingId);
    if (!booking) return { kind: 'not_applicable', error: new AppError('BOOKING_NOT_FOUND') };
    const payments = new PaymentsRepository(trx);
    const payment = await payments.findForUpdate(paymentId);
    const isPayable =
      payment?.status === 'pending' || (input.allowFailed === true && payment?.status === 'failed');
    if (!payment || !isPayable || payment.kind !== 'deposit')
      return { kind: 'not_applicable', error: new AppError('PAYMENT_NOT_PENDING') };
    if (booking.status !== 'pending_deposit')
      return {
        kind: 'not_applicable',
        error: new AppError(
          'INVALID_TRANSITION',
          `The booking is ${booking.status.replace('_', ' ')}; its deposit cannot be confirmed.`,
        ),
      };
    await payments.updateStatus(paymentId, { status: 'succeeded', confirmedBy: actor });
    const row = await repo.updateBooking(bookingId, booking.version, { status: 'confirmed' });
    if (!row) return { kind: 'not_applicable', error: new AppError('BOOKING_VERSION_CONFLICT') };
    await recordBookingChange(trx, {
      bookingId,
      type: 'deposit_confirmed',
      data: { paymentId, amountCents: payment.amount_cents, provider: payment.provider },
      actor,
      action: 'payment.confirm',
      before: { status: payment.status, bookingStatus: booking.status },
      after: { status: 'succeeded', bookingStatus: row.status },
      ctx,
      entity: { type: 'payment', id: paymentId },
    });
    const { station, settings } = await this.deps.settings.getForStation(row.station_id, trx);
    const scheduled = await this.replan(trx, row, settings, station.timeZone);
    await this.recordConfirmationEmail(trx, {
      row,
      station,
      settings,
    });
    await this.recordReceipt(trx, paymentId);
    return { kind: 'confirmed', row, scheduled };
  }

  /**
   * The customer's receipt for a payment that just arrived (deposit, balance or fee, by
   * card or confirmed by staff), in the transaction that marked it succeeded; once per
   * payment whoever calls it again (outbox dedupe key `receipt:<paymentId>`).
   */
  async recordReceipt(trx: Transaction<DB>, paymentId: string): Promise<boolean> {
    const payments = new PaymentsRepository(trx);
    const payment = await payments.find(paymentId);
    if (!payment?.booking_id || payment.status !== 'succeeded') return false;
    const booking = await new BookingsRepository(trx).findBooking(payment.booking_id);
    const customer = booking
      ? await new CustomersRepository(trx, this.deps.fieldCrypto).find(booking.customer_id)
      : undefined;
    if (!booking || !customer) return false;
    const { station, settings } = await this.deps.settings.getForStation(booking.station_id, trx);
    const all = await payments.listForBooking(booking.id);
    return this.deps.notifications.recordPaymentReceipt(trx, {
      payment,
      booking,
      customer,
      payments: all.map((p) => ({ kind: p.kind, status: p.status, amountCents: p.amount_cents })),
      timeZone: station.timeZone,
      station,
      settings,
    });
  }

  /** The confirmation (with .ics) and the staff alert, committed with the confirmation. */
  protected async recordConfirmationEmail(
    trx: Transaction<DB>,
    input: { row: BookingRow; station: Station; settings: Settings },
  ): Promise<void> {
    const repo = new BookingsRepository(trx);
    const customer = await new CustomersRepository(trx, this.deps.fieldCrypto).find(
      input.row.customer_id,
    );
    if (!customer) return;
    const token = randomBytes(24).toString('base64url');
    await repo.addAccessToken({
      bookingId: input.row.id,
      tokenHash: hashToken(token).toString('hex'),
      purpose: 'confirmation_email',
    });
    const quote = await new QuotesRepository(trx).findById(input.row.quote_id);
    await this.deps.notifications.recordBookingConfirmation(trx, {
      booking: input.row,
      customer,
      quote: quote ?? null,
      station: input.station,
      settings: input.settings,
      manageUrl: `${this.deps.publicBaseUrl}/manage/${input.row.id}?token=${token}`,
    });
  }
}
