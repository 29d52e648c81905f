// Receipts (SPEC §10): one email per payment that arrived, by card or confirmed by staff.
import { randomUUID } from 'node:crypto';
import { formatCents } from '@teppan/core';
import { describe, expect, it } from 'vitest';
import { STAFF_KEY } from '../../test/harness.ts';
import { newStaff, signIn } from '../staff/staff.test-helper.ts';
import { chooseDeposit, requestHold, signHold } from '../bookings/hold-flow.test-helper.ts';
import { dateAhead } from '../../test/factories.ts';
import { receiptDedupeKey } from '../notifications/payment-receipt.ts';
import {
  cardBooking,
  completed,
  deliver,
  DEPOSIT_CENTS,
  intentSucceeded,
  t,
  useTestApp,
} from './payments.test-helper.ts';

useTestApp();

async function receiptsOf(bookingId: string) {
  return t.database.db
    .selectFrom('marketing.outbox')
    .select(['dedupe_key', 'subject', 'body', 'html', 'data'])
    .where('booking_id', '=', bookingId)
    .where('template', '=', 'payment.receipt')
    .orderBy('id')
    .execute();
}

async function bookingNumber(id: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('core.bookings')
    .select('number')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.number;
}

describe('payment receipts', () => {
  it('a card deposit gets one receipt, to the cent, however often Stripe tells us', async () => {
    const booking = await cardBooking(41);
    const paymentId = booking.payments[0]!.id;
    const evt = completed(paymentId, 'pi_test_receipt');
    expect((await deliver(evt)).json()).toEqual({ outcome: 'confirmed' });
    await deliver(evt);
    await deliver(intentSucceeded(paymentId, 'pi_test_receipt'));

    const receipts = await receiptsOf(booking.id);
    expect(receipts).toHaveLength(1);
    const [receipt] = receipts;
    const number = await bookingNumber(booking.id);
    expect(receipt?.dedupe_key).toBe(receiptDedupeKey(paymentId));
    expect(receipt?.subject).toBe(`Receipt: ${formatCents(DEPOSIT_CENTS)} for booking ${number}`);
    expect(receipt?.body).toContain(`Booking: ${number}`);
    expect(receipt?.body).toContain('Method: Card');
    expect(receipt?.body).toMatch(/Reference: \S+/);
    expect(receipt?.body).toContain(`Deposit: ${formatCents(DEPOSIT_CENTS)}`);
    expect(receipt?.body).toContain(`Party total: ${formatCents(booking.totalCents)}`);
    expect(receipt?.body).toContain(
      `Remaining to pay: ${formatCents(booking.totalCents - DEPOSIT_CENTS)}`,
    );
    expect(receipt?.html).toContain(formatCents(booking.totalCents - DEPOSIT_CENTS));
  });

  it('a card balance payment gets its own receipt that says the party is paid in full', async () => {
    const booking = await cardBooking(42);
    await deliver(completed(booking.payments[0]!.id, 'pi_test_receipt_dep'));
    const pay = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/pay`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { kind: 'balance' },
    });
    const { paymentId } = pay.json<{ paymentId: string }>();
    const balance = { amount: booking.totalCents - DEPOSIT_CENTS, currency: 'usd' };
    const evt = completed(paymentId, 'pi_test_receipt_bal', balance);
    expect((await deliver(evt)).json()).toEqual({ outcome: 'paid' });
    await deliver(evt);
    const receipts = await receiptsOf(booking.id);
    expect(receipts.map((r) => r.dedupe_key)).toEqual([
      receiptDedupeKey(booking.payments[0]!.id),
      receiptDedupeKey(paymentId),
    ]);
    expect(receipts[1]?.body).toContain(`Balance payment: ${formatCents(balance.amount)}`);
    expect(receipts[1]?.body).toContain('Remaining to pay: $0.00');
    expect(receipts[1]?.body).toContain('Your party is paid in full.');
  });

  it('a deposit confirmed by staff, and a cash payment they record, each get one receipt', async () => {
    const hold = (await requestHold(t.app, { date: dateAhead(43) })).json<{ id: string }>();
    await signHold(t.app, hold.id);
    const booking = (await chooseDeposit(t.app, hold.id, 'zelle')).json<{
      id: string;
      stationId: string;
      totalCents: number;
      payments: { id: string }[];
    }>();
    const depositId = booking.payments[0]!.id;
    const confirm = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/payments/${depositId}/confirm`,
        headers: { authorization: `Bearer ${STAFF_KEY}` },
      });
    expect((await confirm()).statusCode).toBe(200);
    expect((await confirm()).statusCode).toBeGreaterThanOrEqual(400);
    let receipts = await receiptsOf(booking.id);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.body).toContain('Method: Zelle');

    const staff = await newStaff(t.database.db, {
      role: 'admin',
      stationIds: [booking.stationId],
    });
    const session = await signIn(t.app, staff);
    const cash = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${booking.id}/payments`,
      headers: session.headers,
      payload: {
        idempotencyKey: randomUUID(),
        kind: 'balance',
        method: 'cash',
        amountCents: 12_345,
      },
    });
    expect(cash.statusCode, cash.body).toBe(201);
    receipts = await receiptsOf(booking.id);
    expect(receipts).toHaveLength(2);
    expect(receipts[1]?.body).toContain('Balance payment: $123.45');
    expect(receipts[1]?.body).toContain('Method: Cash');
    expect(receipts[1]?.body).toContain(
      `Remaining to pay: ${formatCents(booking.totalCents - DEPOSIT_CENTS - 12_345)}`,
    );
  });
});
