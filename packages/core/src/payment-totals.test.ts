import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settings.ts';
import {
  balanceOwedCents,
  bookingMoney,
  hasPaymentArrived,
  netPaidOf,
  paymentKinds,
  paymentStatuses,
  paymentTotals,
  type DatedPaymentAmount,
  type PaymentAmount,
} from './payment-totals.ts';

const row = (kind: string, status: string, amountCents: number): PaymentAmount => ({
  kind,
  status,
  amountCents,
});

describe('payment totals', () => {
  it('counts deposits, balances and fees once their money arrived', () => {
    const totals = paymentTotals([
      row('deposit', 'succeeded', 10_000),
      row('balance', 'succeeded', 55_000),
      row('reschedule_fee', 'succeeded', 10_000),
    ]);
    expect(totals).toEqual({
      depositsPaidCents: 10_000,
      balancesPaidCents: 55_000,
      feesPaidCents: 10_000,
      receivedCents: 75_000,
      refundedCents: 0,
      refundsOwedCents: 0,
      netPaidCents: 75_000,
      paidTowardTotalCents: 65_000,
      depositHeldCents: 10_000,
    });
    expect(
      balanceOwedCents({ totalCents: 70_000, payments: [row('deposit', 'succeeded', 10_000)] }),
    ).toBe(60_000);
  });

  it('never counts pending, failed or cancelled rows of any kind', () => {
    const payments = paymentKinds.flatMap((kind) =>
      (['pending', 'failed', 'cancelled'] as const)
        .filter((status) => !(kind === 'refund' && status === 'pending'))
        .map((status) => row(kind, status, 12_345)),
    );
    expect(paymentTotals(payments)).toEqual({
      depositsPaidCents: 0,
      balancesPaidCents: 0,
      feesPaidCents: 0,
      receivedCents: 0,
      refundedCents: 0,
      refundsOwedCents: 0,
      netPaidCents: 0,
      paidTowardTotalCents: 0,
      depositHeldCents: 0,
    });
    expect(balanceOwedCents({ totalCents: 60_000, payments })).toBe(60_000);
  });

  it('takes a fully refunded deposit off once: the refunded row arrived, its refund row went back', () => {
    const totals = paymentTotals([
      row('deposit', 'refunded', 10_000),
      row('refund', 'succeeded', 10_000),
    ]);
    expect(totals.receivedCents).toBe(10_000);
    expect(totals.refundedCents).toBe(10_000);
    expect(totals.netPaidCents).toBe(0);
    expect(totals.depositHeldCents).toBe(0);
    expect(totals.paidTowardTotalCents).toBe(0);
    expect(
      balanceOwedCents({
        totalCents: 60_000,
        payments: [row('deposit', 'refunded', 10_000), row('refund', 'succeeded', 10_000)],
      }),
    ).toBe(60_000);
  });

  it('gives back fees first, then balances, then the deposit on partial refunds', () => {
    const paid = [
      row('deposit', 'succeeded', 10_000),
      row('balance', 'succeeded', 20_000),
      row('reschedule_fee', 'succeeded', 10_000),
    ];
    const feeOnly = paymentTotals([...paid, row('refund', 'succeeded', 4_000)]);
    expect(feeOnly.paidTowardTotalCents).toBe(30_000);
    expect(feeOnly.depositHeldCents).toBe(10_000);
    expect(feeOnly.netPaidCents).toBe(36_000);

    const intoBalance = paymentTotals([...paid, row('refund', 'succeeded', 15_000)]);
    expect(intoBalance.paidTowardTotalCents).toBe(25_000);
    expect(intoBalance.depositHeldCents).toBe(10_000);

    const intoDeposit = paymentTotals([...paid, row('refund', 'succeeded', 37_000)]);
    expect(intoDeposit.paidTowardTotalCents).toBe(3_000);
    expect(intoDeposit.depositHeldCents).toBe(3_000);
    expect(intoDeposit.netPaidCents).toBe(3_000);
    expect(
      balanceOwedCents({
        totalCents: 60_000,
        payments: [...paid, row('refund', 'succeeded', 37_000)],
      }),
    ).toBe(57_000);
  });

  it('shows refunds recorded but not paid out apart, changing nothing yet', () => {
    const totals = paymentTotals([
      row('deposit', 'succeeded', 10_000),
      row('refund', 'pending', 10_000),
    ]);
    expect(totals.refundsOwedCents).toBe(10_000);
    expect(totals.refundedCents).toBe(0);
    expect(totals.netPaidCents).toBe(10_000);
    expect(totals.depositHeldCents).toBe(10_000);
  });

  it('never owes below zero when more than the total was paid', () => {
    expect(
      balanceOwedCents({
        totalCents: 50_000,
        payments: [row('deposit', 'succeeded', 10_000), row('balance', 'succeeded', 45_000)],
      }),
    ).toBe(0);
  });

  it('ignores kinds it does not know', () => {
    expect(paymentTotals([row('tip', 'succeeded', 5_000)]).receivedCents).toBe(0);
    expect(netPaidOf(row('tip', 'succeeded', 5_000))).toBe(0);
  });

  it('agrees row by row with the totals for every kind and status', () => {
    for (const kind of paymentKinds)
      for (const status of paymentStatuses) {
        const payment = row(kind, status, 777);
        expect(netPaidOf(payment), `${kind}/${status}`).toBe(paymentTotals([payment]).netPaidCents);
        expect(hasPaymentArrived(payment), `${kind}/${status}`).toBe(
          kind !== 'refund' && (status === 'succeeded' || status === 'refunded'),
        );
      }
  });
});

describe('booking money', () => {
  const policies = defaultSettings.policies;
  const eventStartsAt = new Date('2027-06-12T23:00:00Z');
  const daysBefore = (days: number) => new Date(eventStartsAt.getTime() - days * 24 * 3_600_000);
  const cancelled = (cancelledAt: Date, payments: DatedPaymentAmount[]) =>
    bookingMoney({
      status: 'cancelled',
      totalCents: 70_000,
      payments,
      cancellation: { cancelledAt, eventStartsAt, policies },
    });

  it('owes the balance on an active booking and nothing back', () => {
    expect(
      bookingMoney({
        status: 'confirmed',
        totalCents: 70_001,
        payments: [row('deposit', 'succeeded', 10_000), row('deposit', 'pending', 10_000)],
      }),
    ).toEqual({
      paidCents: 10_000,
      paidTowardTotalCents: 10_000,
      balanceDueCents: 60_001,
      keptCents: 0,
      refundOwedCents: 0,
      refundToRecordCents: 0,
      refundSentCents: 0,
      refundReceivedCents: 0,
      refundReceivedAt: null,
      refundableCents: 10_000,
    });
  });

  it('gives the paid deposit back when cancelled at least 4 days before, owing nothing', () => {
    const money = cancelled(daysBefore(4), [row('deposit', 'succeeded', 10_000)]);
    expect(money).toMatchObject({
      balanceDueCents: 0,
      keptCents: 0,
      refundOwedCents: 10_000,
      refundToRecordCents: 10_000,
      refundSentCents: 0,
      refundReceivedCents: 0,
    });
  });

  it('keeps the deposit one second inside the 4 days, and gives back a balance paid early', () => {
    const late = new Date(daysBefore(4).getTime() + 1_000);
    expect(cancelled(late, [row('deposit', 'succeeded', 10_000)])).toMatchObject({
      balanceDueCents: 0,
      keptCents: 10_000,
      refundOwedCents: 0,
      refundToRecordCents: 0,
    });
    expect(
      cancelled(late, [row('deposit', 'succeeded', 10_000), row('balance', 'succeeded', 60_050)]),
    ).toMatchObject({ keptCents: 10_000, refundOwedCents: 60_050, refundToRecordCents: 60_050 });
  });

  it('tells a refund on its way from one paid out, with the day it was paid', () => {
    const sent = cancelled(daysBefore(10), [
      row('deposit', 'succeeded', 10_000),
      row('refund', 'pending', 10_000),
    ]);
    expect(sent).toMatchObject({
      refundOwedCents: 10_000,
      refundToRecordCents: 0,
      refundSentCents: 10_000,
      refundReceivedCents: 0,
      refundableCents: 10_000,
    });
    const paidOutAt = new Date('2027-06-02T15:00:00Z');
    const received = cancelled(daysBefore(10), [
      row('deposit', 'succeeded', 10_000),
      { ...row('refund', 'succeeded', 4_000), settledAt: new Date('2027-06-01T15:00:00Z') },
      { ...row('refund', 'succeeded', 6_000), settledAt: paidOutAt },
    ]);
    expect(received).toMatchObject({
      refundOwedCents: 10_000,
      refundToRecordCents: 0,
      refundSentCents: 0,
      refundReceivedCents: 10_000,
      refundReceivedAt: paidOutAt,
      refundableCents: 0,
      keptCents: 0,
    });
  });

  it('counts a partial refund: part paid out, part sent, the rest still to record', () => {
    expect(
      cancelled(daysBefore(5), [
        row('deposit', 'succeeded', 10_000),
        row('refund', 'succeeded', 2_501),
        row('refund', 'pending', 3_000),
      ]),
    ).toMatchObject({
      refundOwedCents: 10_000,
      refundReceivedCents: 2_501,
      refundSentCents: 3_000,
      refundToRecordCents: 4_499,
      refundableCents: 7_499,
      keptCents: 0,
    });
  });

  it('keeps what the policy allows when staff gave some back after a late cancellation', () => {
    expect(
      cancelled(daysBefore(1), [
        row('deposit', 'succeeded', 10_000),
        row('refund', 'succeeded', 2_500),
      ]),
    ).toMatchObject({ refundOwedCents: 2_500, refundToRecordCents: 0, keptCents: 7_500 });
  });

  it('owes nothing either way on an unpaid cancelled booking, early or late', () => {
    for (const at of [daysBefore(30), daysBefore(1)])
      expect(cancelled(at, [row('deposit', 'cancelled', 10_000)])).toEqual({
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
      });
  });

  it('takes the recorded refunds as the settlement when the cancellation moment is unknown', () => {
    expect(
      bookingMoney({
        status: 'cancelled',
        totalCents: 70_000,
        payments: [row('deposit', 'succeeded', 10_000), row('refund', 'pending', 10_000)],
      }),
    ).toMatchObject({ balanceDueCents: 0, refundOwedCents: 10_000, keptCents: 0 });
  });
});
