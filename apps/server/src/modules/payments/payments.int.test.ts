import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { startStripeApi, type FakeStripeApi } from './stripe-api.test-server.ts';

const SECRET_KEY = 'sk_test_teppan_local';
const WEBHOOK_SECRET = 'whsec_teppan_local_secret';
const STAFF_ALERTS = 'alerts@teppan.test';
const DEPOSIT_CENTS = 10000;
const stripe = new Stripe(SECRET_KEY);

let api: FakeStripeApi;
let t: TestApp;

beforeAll(async () => {
  api = await startStripeApi(SECRET_KEY);
  t = await createTestApp({
    env: {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: api.url,
      STAFF_ALERT_EMAIL: STAFF_ALERTS,
    },
  });
  await newStation(t.database.db);
});
afterAll(async () => {
  await t.close();
  await api.close();
});

const signBody = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
};

interface CardBooking {
  id: string;
  status: string;
  manageToken: string;
  totalCents: number;
  payments: { id: string; provider: string; status: string; checkoutUrl?: string }[];
  checkout: { url: string } | { error: { code: string } } | null;
}

async function cardBooking(daysAhead: number): Promise<CardBooking> {
  const quote = (
    await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() })
  ).json<{ id: string }>();
  const hold = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.id,
        date: dateAhead(daysAhead),
        slot: '18:00',
        customer: customer(),
      },
    })
  ).json<{ id: string }>();
  await t.app.inject({ method: 'POST', url: `/api/v1/holds/${hold.id}/sign`, payload: signBody });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/holds/${hold.id}/deposit`,
    payload: { method: 'card' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CardBooking>();
}

let eventSeq = 0;
function event(
  type: string,
  object: Record<string, unknown>,
  id = `evt_test_${++eventSeq}_${Date.now()}`,
) {
  return {
    id,
    object: 'event',
    type,
    api_version: '2026-10-28',
    created: Math.floor(Date.now() / 1000),
    data: { object },
  };
}

async function deliver(payload: object, options: { secret?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(payload);
  const header = stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/stripe/webhook',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    payload: body,
  });
}

// Stripe's completed session carries what was charged: amount_total in cents and currency.
const completed = (
  paymentId: string,
  intent: string,
  paid: { amount: number; currency: string } = { amount: DEPOSIT_CENTS, currency: 'usd' },
) =>
  event('checkout.session.completed', {
    id: `cs_test_${paymentId.slice(0, 8)}`,
    object: 'checkout.session',
    payment_status: 'paid',
    client_reference_id: paymentId,
    metadata: { paymentId },
    payment_intent: intent,
    amount_total: paid.amount,
    currency: paid.currency,
  });

const intentSucceeded = (
  paymentId: string,
  intent: string,
  paid: { amount: number; currency: string } = { amount: DEPOSIT_CENTS, currency: 'usd' },
) =>
  event('payment_intent.succeeded', {
    id: intent,
    object: 'payment_intent',
    metadata: { paymentId },
    amount: paid.amount,
    amount_received: paid.amount,
    currency: paid.currency,
  });

async function bookingStatus(id: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('core.bookings')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

describe('Stripe card payments', () => {
  it('creates a Checkout session through the SDK against a server that speaks Stripe API', async () => {
    const booking = await cardBooking(30);
    expect(booking.status).toBe('pending_deposit');
    expect(booking.checkout).toMatchObject({
      url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//) as string,
    });
    const sent = api.sessions.at(-1)!;
    expect(sent.form.get('line_items[0][price_data][unit_amount]')).toBe('10000');
    expect(sent.form.get('metadata[paymentId]')).toBe(booking.payments[0]?.id);
    expect(sent.idempotencyKey).toBe(`checkout-${booking.payments[0]?.id}`);
  });

  it('applies a signed completion once; duplicates, replays and a later success are no-ops', async () => {
    const booking = await cardBooking(31);
    const paymentId = booking.payments[0]!.id;
    const evt = completed(paymentId, 'pi_test_once');
    const first = await deliver(evt);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ outcome: 'confirmed' });
    expect(await bookingStatus(booking.id)).toBe('confirmed');
    expect((await deliver(evt)).json()).toEqual({ outcome: 'duplicate' });
    const later = await deliver(intentSucceeded(paymentId, 'pi_test_once'));
    expect(later.json()).toEqual({ outcome: 'already_applied' });
    const events = await t.database.db
      .selectFrom('core.booking_events')
      .select('type')
      .where('booking_id', '=', booking.id)
      .where('type', '=', 'deposit_confirmed')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('rejects wrong signatures, a missing header and stale timestamps with 400 and changes nothing', async () => {
    const booking = await cardBooking(32);
    const evt = completed(booking.payments[0]!.id, 'pi_test_forged');
    const forged = await deliver(evt, { secret: 'whsec_attacker' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json<{ error: { code: string } }>().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const stale = await deliver(evt, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.statusCode).toBe(400);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/webhook',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(evt),
    });
    expect(missing.statusCode).toBe(400);
    expect(await bookingStatus(booking.id)).toBe('pending_deposit');
    const stored = await t.database.db
      .selectFrom('core.payment_events')
      .select('event_id')
      .where('event_id', '=', evt.id)
      .execute();
    expect(stored).toEqual([]);
  });

  it('handles events in any order: a refund that arrives before the completion waits, then applies', async () => {
    const booking = await cardBooking(33);
    const paymentId = booking.payments[0]!.id;
    const refund = await deliver(
      event('charge.refunded', {
        id: 'ch_test_early',
        object: 'charge',
        payment_intent: 'pi_test_early',
        amount_refunded: 10000,
      }),
    );
    expect(refund.json()).toEqual({ outcome: 'unmatched' });
    expect((await deliver(completed(paymentId, 'pi_test_early'))).json()).toEqual({
      outcome: 'confirmed',
    });
    const payments = await t.database.db
      .selectFrom('core.payments')
      .select(['kind', 'status', 'amount_cents'])
      .where('booking_id', '=', booking.id)
      .orderBy('created_at')
      .execute();
    expect(payments).toEqual([
      { kind: 'deposit', status: 'refunded', amount_cents: 10000 },
      { kind: 'refund', status: 'succeeded', amount_cents: 10000 },
    ]);
    const outcomes = await t.database.db
      .selectFrom('core.payment_events')
      .select(['type', 'outcome'])
      .where('payment_id', '=', paymentId)
      .orderBy('id')
      .execute();
    expect(outcomes).toEqual([
      { type: 'charge.refunded', outcome: 'refunded' },
      { type: 'checkout.session.completed', outcome: 'confirmed' },
    ]);
  });

  it('a failed attempt then a success confirms; partial refunds record only what is new; disputes are flagged', async () => {
    const booking = await cardBooking(34);
    const paymentId = booking.payments[0]!.id;
    const failed = await deliver(
      event('payment_intent.payment_failed', {
        id: 'pi_test_retry',
        object: 'payment_intent',
        metadata: { paymentId },
      }),
    );
    expect(failed.json()).toEqual({ outcome: 'failed' });
    expect((await deliver(completed(paymentId, 'pi_test_retry'))).json()).toEqual({
      outcome: 'confirmed',
    });
    const partial = (amount: number) =>
      event('charge.refunded', {
        id: 'ch_test_retry',
        object: 'charge',
        payment_intent: 'pi_test_retry',
        amount_refunded: amount,
      });
    expect((await deliver(partial(2500))).json()).toEqual({ outcome: 'partially_refunded' });
    expect((await deliver(partial(4000))).json()).toEqual({ outcome: 'partially_refunded' });
    const refunds = await t.database.db
      .selectFrom('core.payments')
      .select('amount_cents')
      .where('booking_id', '=', booking.id)
      .where('kind', '=', 'refund')
      .orderBy('created_at')
      .execute();
    expect(refunds.map((r) => r.amount_cents)).toEqual([2500, 1500]);
    const dispute = await deliver(
      event('charge.dispute.created', {
        id: 'dp_test_1',
        object: 'dispute',
        payment_intent: 'pi_test_retry',
        amount: 10000,
        reason: 'fraudulent',
      }),
    );
    expect(dispute.json()).toEqual({ outcome: 'disputed' });
    const payment = await t.database.db
      .selectFrom('core.payments')
      .select('disputed_at')
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(payment.disputed_at).toBeInstanceOf(Date);
  });

  it('pays the balance by card from the manage link', async () => {
    const booking = await cardBooking(35);
    await deliver(completed(booking.payments[0]!.id, 'pi_test_balance_dep'));
    const pay = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/pay`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { kind: 'balance' },
    });
    expect(pay.statusCode, pay.body).toBe(200);
    const { paymentId, url } = pay.json<{ paymentId: string; url: string }>();
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(api.sessions.at(-1)?.form.get('line_items[0][price_data][unit_amount]')).toBe(
      String(booking.totalCents - 10000),
    );
    const balance = { amount: booking.totalCents - DEPOSIT_CENTS, currency: 'usd' };
    expect((await deliver(completed(paymentId, 'pi_test_balance', balance))).json()).toEqual({
      outcome: 'paid',
    });
    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}`,
      headers: { 'x-booking-token': booking.manageToken },
    });
    expect(view.json<{ balanceCents: number }>().balanceCents).toBe(0);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/pay`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { kind: 'balance' },
    });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('NOTHING_TO_PAY');
  });

  it.each([
    ['less than the deposit', 38, { amount: 100, currency: 'usd' }],
    ['more than the deposit', 39, { amount: 20000, currency: 'usd' }],
    ['the deposit in another currency', 40, { amount: DEPOSIT_CENTS, currency: 'eur' }],
  ] as const)(
    'a payment of %s confirms nothing: recorded as a mismatch, staff alerted, 200, never replayed',
    async (_label, daysAhead, paid) => {
      const booking = await cardBooking(daysAhead);
      const paymentId = booking.payments[0]!.id;
      const intent = `pi_test_mismatch_${daysAhead}`;
      const earlyId = `evt_test_early_refund_${daysAhead}`;
      // A refund that raced ahead on the same intent waits as 'unmatched'; a mismatch must
      // not be the success that replays it.
      const early = await deliver(
        event(
          'charge.refunded',
          {
            id: `ch_test_mismatch_${daysAhead}`,
            object: 'charge',
            payment_intent: intent,
            amount_refunded: paid.amount,
          },
          earlyId,
        ),
      );
      expect(early.json()).toEqual({ outcome: 'unmatched' });

      const evt = completed(paymentId, intent, paid);
      const first = await deliver(evt);
      // 2xx: a retry cannot change the amount, and a failing endpoint gets disabled.
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ outcome: 'amount_mismatch' });
      expect((await deliver(intentSucceeded(paymentId, intent, paid))).json()).toEqual({
        outcome: 'amount_mismatch',
      });
      expect((await deliver(evt)).json()).toEqual({ outcome: 'duplicate' });

      expect(await bookingStatus(booking.id)).toBe('pending_deposit');
      const payments = await t.database.db
        .selectFrom('core.payments')
        .select(['kind', 'status', 'provider_intent_ref'])
        .where('booking_id', '=', booking.id)
        .execute();
      expect(payments).toEqual([{ kind: 'deposit', status: 'pending', provider_intent_ref: null }]);
      const outcomes = await t.database.db
        .selectFrom('core.payment_events')
        .select(['type', 'outcome', 'payment_id'])
        .where((eb) => eb.or([eb('payment_id', '=', paymentId), eb('event_id', '=', earlyId)]))
        .orderBy('id')
        .execute();
      expect(outcomes).toEqual([
        { type: 'charge.refunded', outcome: 'unmatched', payment_id: null },
        { type: 'checkout.session.completed', outcome: 'amount_mismatch', payment_id: paymentId },
        { type: 'payment_intent.succeeded', outcome: 'amount_mismatch', payment_id: paymentId },
      ]);
      const flags = await t.database.db
        .selectFrom('core.booking_events')
        .select(['type', 'data'])
        .where('booking_id', '=', booking.id)
        .where('type', '=', 'payment_amount_mismatch')
        .execute();
      expect(flags).toHaveLength(2);
      expect(flags[0]?.data).toMatchObject({
        paymentId,
        expectedCents: DEPOSIT_CENTS,
        expectedCurrency: 'usd',
        receivedCents: paid.amount,
        receivedCurrency: paid.currency,
        eventId: evt.id,
      });

      const alerts = () =>
        t.database.db
          .selectFrom('marketing.outbox')
          .select(['recipient', 'subject', 'body', 'dedupe_key'])
          .where('booking_id', '=', booking.id)
          .where('template', '=', 'payment.mismatch_alert')
          .orderBy('id')
          .execute();
      const sent = await alerts();
      // Recipients are stored encrypted (ADR 0016).
      expect(
        sent.map((a) => t.container.fieldCrypto.decrypt(a.recipient, 'marketing.outbox.recipient')),
      ).toEqual([STAFF_ALERTS, STAFF_ALERTS]);
      const { number } = await t.database.db
        .selectFrom('core.bookings')
        .select('number')
        .where('id', '=', booking.id)
        .executeTakeFirstOrThrow();
      expect(sent[0]?.subject).toBe(`Payment mismatch on booking ${number}: not confirmed`);
      expect(sent[0]?.body).toContain('$100.00');
      expect(sent[0]?.body).toContain(evt.id);
      expect(sent[0]?.body).toContain(`/admin/bookings/${booking.id}`);

      // Lost between the commit and the alert (a crash): Stripe's retry records it again.
      await t.database.db
        .deleteFrom('marketing.outbox')
        .where('dedupe_key', '=', sent[0]!.dedupe_key)
        .execute();
      expect((await deliver(evt)).json()).toEqual({ outcome: 'duplicate' });
      expect(await alerts()).toHaveLength(2);
      expect(await bookingStatus(booking.id)).toBe('pending_deposit');

      // The customer then pays the right amount (a new intent): that one confirms.
      const right = await deliver(completed(paymentId, `${intent}_retry`));
      expect(right.json()).toEqual({ outcome: 'confirmed' });
      expect(await bookingStatus(booking.id)).toBe('confirmed');
      const refunds = await t.database.db
        .selectFrom('core.payments')
        .select('id')
        .where('booking_id', '=', booking.id)
        .where('kind', '=', 'refund')
        .execute();
      expect(refunds).toEqual([]);
    },
  );

  it('a completion that names no amount counts as a mismatch', async () => {
    const booking = await cardBooking(41);
    const paymentId = booking.payments[0]!.id;
    const bare = event('checkout.session.completed', {
      id: 'cs_test_bare',
      object: 'checkout.session',
      payment_status: 'paid',
      client_reference_id: paymentId,
      metadata: { paymentId },
      payment_intent: 'pi_test_bare',
      amount_total: null,
      currency: null,
    });
    expect((await deliver(bare)).json()).toEqual({ outcome: 'amount_mismatch' });
    expect(await bookingStatus(booking.id)).toBe('pending_deposit');
  });

  it('a provider failure still leaves a payable booking', async () => {
    api.failNext = true;
    const booking = await cardBooking(36);
    expect(booking.checkout).toMatchObject({ error: { code: 'PAYMENT_PROVIDER_FAILED' } });
    const retry = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/pay`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { kind: 'deposit' },
    });
    expect(retry.statusCode, retry.body).toBe(200);
  });
});

describe('without Stripe configured', () => {
  it('refuses card deposits before anything is written, and the webhook does not exist', async () => {
    const offline = await createTestApp();
    try {
      await newStation(offline.database.db);
      const quote = (
        await offline.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() })
      ).json<{ id: string }>();
      const hold = (
        await offline.app.inject({
          method: 'POST',
          url: '/api/v1/holds',
          payload: { quoteId: quote.id, date: dateAhead(40), slot: '12:00', customer: customer() },
        })
      ).json<{ id: string }>();
      await offline.app.inject({
        method: 'POST',
        url: `/api/v1/holds/${hold.id}/sign`,
        payload: signBody,
      });
      const res = await offline.app.inject({
        method: 'POST',
        url: `/api/v1/holds/${hold.id}/deposit`,
        payload: { method: 'card' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('CARD_PAYMENTS_UNAVAILABLE');
      const bookings = await offline.database.db.selectFrom('core.bookings').select('id').execute();
      expect(bookings).toEqual([]);
      const hook = await offline.app.inject({
        method: 'POST',
        url: '/api/v1/payments/stripe/webhook',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(hook.json<{ error: { code: string } }>().error.code).toBe('CARD_PAYMENTS_UNAVAILABLE');
    } finally {
      await offline.close();
    }
  });
});
