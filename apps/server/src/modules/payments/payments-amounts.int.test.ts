// Stripe card payments whose amount does not match, and provider failures.
import { describe, expect, it } from 'vitest';
import {
  STAFF_ALERTS,
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
