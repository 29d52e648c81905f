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
 */

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
