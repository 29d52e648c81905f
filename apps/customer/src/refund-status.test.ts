import { describe, expect, it } from 'vitest';
import type { BookingView } from './api.ts';
import { paymentActions } from './booking-actions.ts';
import { refundLines } from './refund-status.ts';

const money = (patch: Partial<BookingView['money']> = {}): BookingView['money'] => ({
  paidCents: 10_000,
  paidTowardTotalCents: 10_000,
  balanceDueCents: 0,
  keptCents: 0,
  refundOwedCents: 0,
  refundToRecordCents: 0,
  refundSentCents: 0,
  refundReceivedCents: 0,
  refundReceivedAt: null,
  refundableCents: 10_000,
  ...patch,
});
const day = () => 'June 2, 2027';
const texts = (m: BookingView['money']) =>
  refundLines({ status: 'cancelled', money: m }, day).map((l) => l.text);

describe('the money of a cancelled booking on the manage page', () => {
  it('says a refund is on its way, paid out on a day, or a deposit kept — never a payment', () => {
    const cases = [
      money({ refundOwedCents: 10_000, refundSentCents: 10_000 }),
      money({ refundOwedCents: 10_000, refundToRecordCents: 10_000 }),
      money({
        refundOwedCents: 10_000,
        refundReceivedCents: 10_000,
        refundReceivedAt: '2027-06-02T15:00:00Z',
      }),
      money({ keptCents: 10_000 }),
      money({ paidCents: 0, refundableCents: 0 }),
    ];
    expect(cases.map(texts)).toEqual([
      ['A refund of $100.00 is on its way.'],
      ['A refund of $100.00 is on its way.'],
      ['Refunded $100.00 on June 2, 2027.'],
      ['$100.00 deposit kept per our cancellation policy.'],
      ['Nothing was paid, so nothing is owed either way.'],
    ]);
    for (const lines of cases.map(texts)) for (const l of lines) expect(l).not.toMatch(/\bpay\b/i);
  });

  it('tells a partial refund apart: part paid out, the rest on its way', () => {
    expect(
      texts(
        money({
          refundOwedCents: 10_000,
          refundReceivedCents: 4_000,
          refundReceivedAt: '2027-06-02T15:00:00Z',
          refundSentCents: 6_000,
        }),
      ),
    ).toEqual(['A refund of $60.00 is on its way.', 'Refunded $40.00 on June 2, 2027.']);
  });

  it('says nothing on an active booking, and offers no card payment once cancelled', () => {
    expect(refundLines({ status: 'confirmed', money: money() }, day)).toEqual([]);
    const payments = [
      {
        id: 'p',
        kind: 'refund',
        method: 'manual',
        provider: 'stripe',
        status: 'pending',
        amountCents: 10_000,
        reference: 'REF-1',
        createdAt: '2027-06-01T00:00:00Z',
      },
    ];
    expect(paymentActions({ status: 'cancelled', balanceCents: 0, payments }, true)).toEqual({
      payDeposit: false,
      payBalance: false,
    });
  });
});
