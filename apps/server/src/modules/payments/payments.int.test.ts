// Stripe card payments: checkout, signed webhooks, event order, refunds and disputes; and
// the app without Stripe configured.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { dateAhead, newStation } from '../../test/factories.ts';
import { chooseDeposit, requestHold, signHold } from '../bookings/hold-flow.test-helper.ts';
import {
  DEPOSIT_CENTS,
  api,
  t,
  cardBooking,
  event,
  deliver,
  completed,
  intentSucceeded,
  bookingStatus,
  useTestApp,
} from './payments.test-helper.ts';

useTestApp();

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
});

describe('without Stripe configured', () => {
  it('refuses card deposits before anything is written, and the webhook does not exist', async () => {
    const offline = await createTestApp();
    try {
      await newStation(offline.database.db);
      const hold = (await requestHold(offline.app, { date: dateAhead(40), slot: '12:00' })).json<{
        id: string;
      }>();
      await signHold(offline.app, hold.id);
      const res = await chooseDeposit(offline.app, hold.id, 'card');
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
