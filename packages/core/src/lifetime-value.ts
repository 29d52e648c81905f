/**
 * Customer lifetime value, defined once (SPEC §12, §13), from the one definition of paid and
 * refunded money (payment-totals.ts). Pure, integer cents.
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

import { netPaidOf, paymentTotals, type PaymentAmount } from './payment-totals.ts';

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

/** What one payment adds to (or, for a paid-out refund, takes from) the money received. */
export const receivedOf: (payment: PaymentAmount) => number = netPaidOf;

export function lifetimeValue(input: {
  payments: readonly PaymentAmount[];
  bookings: readonly { status: string; totalCents: number }[];
}): LifetimeValue {
  const totals = paymentTotals(input.payments);
  let completedValueCents = 0;
  for (const booking of input.bookings)
    if (booking.status === 'completed') completedValueCents += booking.totalCents;
  return {
    receivedCents: totals.receivedCents,
    depositsCents: totals.depositsPaidCents,
    balancesCents: totals.balancesPaidCents,
    feesCents: totals.feesPaidCents,
    refundedCents: totals.refundedCents,
    refundsOwedCents: totals.refundsOwedCents,
    netReceivedCents: totals.netPaidCents,
    completedValueCents,
  };
}
