/**
 * Customer lifetime value, defined once (SPEC §12, §13). Pure, integer cents.
 *
 * - `receivedCents`: money that actually came in for the customer's bookings — deposits,
 *   balances and reschedule fees whose status is `succeeded`, or `refunded` (a refunded
 *   payment did arrive; its outflow is a separate `refund` row) — …
 * - `refundedCents`: … minus `refund` rows that were paid out (`succeeded`).
 * - `netReceivedCents` = receivedCents − refundedCents: the customer's lifetime value.
 * - `refundsOwedCents`: refunds recorded but not paid out yet (`pending`), shown apart.
 * - `completedValueCents`: the booked totals of completed events (what the customer's
 *   events were worth, whatever was collected).
 * Pending, failed and cancelled payments never count; neither do payments tied only to a
 * hold that never became a booking.
 */

export interface PaymentAmount {
  kind: string;
  status: string;
  amountCents: number;
}

export interface LifetimeValue {
  receivedCents: number;
  depositsCents: number;
  balancesCents: number;
  feesCents: number;
  refundedCents: number;
  refundsOwedCents: number;
  netReceivedCents: number;
  completedValueCents: number;
}

const RECEIVED_STATUSES = new Set(['succeeded', 'refunded']);

/** What one payment adds to (or, for a paid-out refund, takes from) the money received. */
export function receivedOf(payment: PaymentAmount): number {
  switch (payment.kind) {
    case 'deposit':
    case 'balance':
    case 'reschedule_fee':
      return RECEIVED_STATUSES.has(payment.status) ? payment.amountCents : 0;
    case 'refund':
      return payment.status === 'succeeded' ? -payment.amountCents : 0;
    default:
      return 0;
  }
}

export function lifetimeValue(input: {
  payments: readonly PaymentAmount[];
  bookings: readonly { status: string; totalCents: number }[];
}): LifetimeValue {
  const value: LifetimeValue = {
    receivedCents: 0,
    depositsCents: 0,
    balancesCents: 0,
    feesCents: 0,
    refundedCents: 0,
    refundsOwedCents: 0,
    netReceivedCents: 0,
    completedValueCents: 0,
  };
  for (const payment of input.payments) {
    const amount = receivedOf(payment);
    if (payment.kind === 'refund') {
      if (payment.status === 'succeeded') value.refundedCents += payment.amountCents;
      if (payment.status === 'pending') value.refundsOwedCents += payment.amountCents;
      continue;
    }
    value.receivedCents += amount;
    if (payment.kind === 'deposit') value.depositsCents += amount;
    if (payment.kind === 'balance') value.balancesCents += amount;
    if (payment.kind === 'reschedule_fee') value.feesCents += amount;
  }
  value.netReceivedCents = value.receivedCents - value.refundedCents;
  for (const booking of input.bookings)
    if (booking.status === 'completed') value.completedValueCents += booking.totalCents;
  return value;
}
