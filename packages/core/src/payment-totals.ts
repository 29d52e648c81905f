/**
 * What a booking has been paid, what it still owes and what went back — defined once
 * (SPEC §2 "balance due = total − deposit", §5 "refunds, partial refunds and disputes are
 * recorded against the booking"). Pure, integer cents. Every server site, the assistant's
 * payment tool, the customer value and the dashboards read these figures.
 *
 * - Money comes in as `deposit`, `balance` and `reschedule_fee` rows. A row counts once the
 *   money arrived: status `succeeded`, or `refunded` (a refunded payment did arrive; the
 *   money that went back is a separate `refund` row, so counting the row as unpaid as well
 *   would take the refund off twice).
 * - Money goes back as `refund` rows: `succeeded` ones were paid out (`refundedCents`),
 *   `pending` ones are owed to the customer (`refundsOwedCents`) and change nothing yet.
 * - `pending`, `failed` and `cancelled` rows of any kind never count.
 * - The price of the event (`totalCents`) is paid by deposits and balances; a reschedule
 *   fee is a charge on top of it. A refund gives back fees first, then balances, then the
 *   deposit (the deposit is the customer's commitment, held longest): after a refunded
 *   deposit the customer owes that deposit again, after a refunded fee they don't.
 *
 * `bookingMoney` reads the same rows against a booking's state: what is due, and after a
 * cancellation what comes back (SPEC §4 policies) and what the business keeps.
 */

import { cancellationOutcome } from './policies.ts';
import type { Settings } from './settings.ts';

export const paymentKinds = ['deposit', 'balance', 'reschedule_fee', 'refund'] as const;
export type PaymentKind = (typeof paymentKinds)[number];

export const paymentStatuses = ['pending', 'succeeded', 'failed', 'cancelled', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/** One payment row, or a sum of rows that share a kind and a status. */
export interface PaymentAmount {
  kind: string;
  status: string;
  amountCents: number;
}

export interface PaymentTotals {
  /** Deposits that arrived. */
  depositsPaidCents: number;
  /** Balance payments that arrived. */
  balancesPaidCents: number;
  /** Reschedule fees that arrived. */
  feesPaidCents: number;
  /** Everything that arrived: deposits + balances + fees. */
  receivedCents: number;
  /** Refunds paid out. */
  refundedCents: number;
  /** Refunds recorded and not paid out yet. */
  refundsOwedCents: number;
  /** receivedCents − refundedCents: what the business keeps, and the most a refund may be. */
  netPaidCents: number;
  /** What is left paid toward the event's price, after refunds (fees are given back first). */
  paidTowardTotalCents: number;
  /** What is left of the deposits after refunds (given back after fees and balances). */
  depositHeldCents: number;
}

const ARRIVED_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'refunded']);

/** Whether the money of a deposit, balance or fee row arrived. */
export function hasPaymentArrived(payment: Pick<PaymentAmount, 'kind' | 'status'>): boolean {
  return payment.kind !== 'refund' && ARRIVED_STATUSES.has(payment.status);
}

/** What one row adds to (or, for a refund paid out, takes from) the money kept. */
export function netPaidOf(payment: PaymentAmount): number {
  switch (payment.kind) {
    case 'deposit':
    case 'balance':
    case 'reschedule_fee':
      return ARRIVED_STATUSES.has(payment.status) ? payment.amountCents : 0;
    case 'refund':
      return payment.status === 'succeeded' ? -payment.amountCents : 0;
    default:
      return 0;
  }
}

export function paymentTotals(payments: readonly PaymentAmount[]): PaymentTotals {
  let depositsPaidCents = 0;
  let balancesPaidCents = 0;
  let feesPaidCents = 0;
  let refundedCents = 0;
  let refundsOwedCents = 0;
  for (const payment of payments) {
    if (payment.kind === 'refund') {
      if (payment.status === 'succeeded') refundedCents += payment.amountCents;
      else if (payment.status === 'pending') refundsOwedCents += payment.amountCents;
      continue;
    }
    if (!hasPaymentArrived(payment)) continue;
    if (payment.kind === 'deposit') depositsPaidCents += payment.amountCents;
    else if (payment.kind === 'balance') balancesPaidCents += payment.amountCents;
    else if (payment.kind === 'reschedule_fee') feesPaidCents += payment.amountCents;
  }
  const receivedCents = depositsPaidCents + balancesPaidCents + feesPaidCents;
  const refundedFromPrice = Math.max(0, refundedCents - feesPaidCents);
  const refundedFromDeposits = Math.max(0, refundedFromPrice - balancesPaidCents);
  return {
    depositsPaidCents,
    balancesPaidCents,
    feesPaidCents,
    receivedCents,
    refundedCents,
    refundsOwedCents,
    netPaidCents: receivedCents - refundedCents,
    paidTowardTotalCents: Math.max(0, depositsPaidCents + balancesPaidCents - refundedFromPrice),
    depositHeldCents: Math.max(0, depositsPaidCents - refundedFromDeposits),
  };
}

/** What the customer still owes on the event's price; never below zero. */
export function balanceOwedCents(input: {
  totalCents: number;
  payments: readonly PaymentAmount[];
}): number {
  return Math.max(0, input.totalCents - paymentTotals(input.payments).paidTowardTotalCents);
}

/** A payment row with the moment its money moved (a refund paid out: when it was confirmed). */
export interface DatedPaymentAmount extends PaymentAmount {
  settledAt?: Date | null;
}

export interface BookingMoney {
  /** Everything that arrived (deposits, balances, fees), before refunds. */
  paidCents: number;
  /** What is left paid toward the event's price, after refunds. */
  paidTowardTotalCents: number;
  /** What the customer still has to pay: zero once the booking is cancelled. */
  balanceDueCents: number;
  /** Cancelled: what the policy lets the business keep of the money paid; else zero. */
  keptCents: number;
  /**
   * What the customer gets back in all: on a cancelled booking what the policy gives back of
   * what was paid (or the refunds recorded, if staff gave back more); else the refunds recorded.
   */
  refundOwedCents: number;
  /** Owed but not recorded as a refund payment yet (staff still have to record it). */
  refundToRecordCents: number;
  /** Refunds recorded and not paid out yet (`refund` rows `pending`): on their way. */
  refundSentCents: number;
  /** Refunds paid out (`refund` rows `succeeded`). */
  refundReceivedCents: number;
  /** When the last refund was paid out; null when none was, or its moment is unknown. */
  refundReceivedAt: Date | null;
  /** The most one more refund may be: what was paid minus what was paid out. */
  refundableCents: number;
}

/**
 * Paid, due, kept and refunded money of one booking in its current state. A cancelled
 * booking owes nothing; cancelled at least `depositRefundMinDaysBefore` days before the
 * event everything paid comes back, later the deposits paid are kept and anything paid
 * beyond them (a balance paid early, a fee) comes back. Refunds only come from money that
 * arrived, so an unpaid cancelled booking is square both ways.
 */
export function bookingMoney(input: {
  status: string;
  totalCents: number;
  payments: readonly DatedPaymentAmount[];
  /** Needed for a cancelled booking: when it was cancelled, against which policy. */
  cancellation?: {
    cancelledAt: Date;
    eventStartsAt: Date;
    policies: Settings['policies'];
  } | null;
}): BookingMoney {
  const totals = paymentTotals(input.payments);
  const recordedRefundsCents = totals.refundedCents + totals.refundsOwedCents;
  let refundReceivedAt: Date | null = null;
  for (const payment of input.payments)
    if (payment.kind === 'refund' && payment.status === 'succeeded' && payment.settledAt)
      if (!refundReceivedAt || payment.settledAt > refundReceivedAt)
        refundReceivedAt = payment.settledAt;
  const common = {
    paidCents: totals.receivedCents,
    paidTowardTotalCents: totals.paidTowardTotalCents,
    refundSentCents: totals.refundsOwedCents,
    refundReceivedCents: totals.refundedCents,
    refundReceivedAt,
    refundableCents: Math.max(0, totals.netPaidCents),
  };
  if (input.status !== 'cancelled')
    return {
      ...common,
      balanceDueCents: Math.max(0, input.totalCents - totals.paidTowardTotalCents),
      keptCents: 0,
      refundOwedCents: recordedRefundsCents,
      refundToRecordCents: 0,
    };
  // Without the moment of the cancellation the policy cannot be applied: the refunds
  // recorded by hand are taken as the settlement.
  const isRefundable = input.cancellation
    ? cancellationOutcome({
        eventStartsAt: input.cancellation.eventStartsAt,
        now: input.cancellation.cancelledAt,
        depositPaidCents: totals.depositsPaidCents,
        policies: input.cancellation.policies,
      }).refundable
    : false;
  const keepable = isRefundable ? 0 : totals.depositsPaidCents;
  const entitledCents = input.cancellation ? totals.receivedCents - keepable : recordedRefundsCents;
  const refundOwedCents = Math.min(
    totals.receivedCents,
    Math.max(entitledCents, recordedRefundsCents),
  );
  return {
    ...common,
    balanceDueCents: 0,
    keptCents: totals.receivedCents - refundOwedCents,
    refundOwedCents,
    refundToRecordCents: Math.max(0, refundOwedCents - recordedRefundsCents),
  };
}
