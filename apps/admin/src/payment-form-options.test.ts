import { describe, expect, it } from 'vitest';
import type { StaffBookingDetail } from './api-bookings.ts';
import { paymentKindOptions } from './payment-form-options.ts';

const money = (patch: Partial<StaffBookingDetail['money']> = {}): StaffBookingDetail['money'] => ({
  paidCents: 0,
  paidTowardTotalCents: 0,
  balanceDueCents: 0,
  keptCents: 0,
  refundOwedCents: 0,
  refundToRecordCents: 0,
  refundSentCents: 0,
  refundReceivedCents: 0,
  refundReceivedAt: null,
  refundableCents: 0,
  ...patch,
});
const offered = (status: string, m: StaffBookingDetail['money']) =>
  paymentKindOptions({ status, depositCents: 10_000, money: m }).map((o) => [
    o.value,
    o.suggestedCents,
    o.maxCents,
  ]);

describe('what the payment form offers', () => {
  it('a pending-deposit booking: its deposit only', () => {
    expect(offered('pending_deposit', money({ balanceDueCents: 60_000 }))).toEqual([
      ['deposit', 10_000, 10_000],
    ]);
  });

  it('a confirmed booking: the balance up to what is owed, a fee, a refund of what was paid', () => {
    expect(
      offered(
        'confirmed',
        money({ paidCents: 10_000, balanceDueCents: 55_001, refundableCents: 10_000 }),
      ),
    ).toEqual([
      ['balance', 55_001, 55_001],
      ['reschedule_fee', null, null],
      ['refund', null, 10_000],
    ]);
    // Paid in full: no balance to take.
    expect(
      offered('completed', money({ paidCents: 1, refundableCents: 1 })).map((o) => o[0]),
    ).toEqual(['reschedule_fee', 'refund']);
  });

  it('a cancelled booking: only a refund, up to what was paid minus refunded, the owed part preset', () => {
    expect(
      offered(
        'cancelled',
        money({
          paidCents: 10_000,
          refundOwedCents: 10_000,
          refundSentCents: 6_000,
          refundReceivedCents: 4_000,
          refundableCents: 6_000,
        }),
      ),
    ).toEqual([['refund', 6_000, 6_000]]);
    // Unpaid, or kept per policy and nothing left to give back: nothing to record.
    expect(offered('cancelled', money())).toEqual([]);
    expect(
      offered(
        'cancelled',
        money({ paidCents: 10_000, keptCents: 10_000, refundableCents: 10_000 }),
      ),
    ).toEqual([['refund', null, 10_000]]);
  });
});
