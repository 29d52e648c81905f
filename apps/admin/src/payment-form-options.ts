import type { StaffBookingDetail } from './api-bookings.ts';

export type ManualPaymentKind = 'deposit' | 'balance' | 'reschedule_fee' | 'refund';

export interface PaymentKindOption {
  value: ManualPaymentKind;
  label: string;
  /** The amount the form suggests. */
  suggestedCents: number | null;
  /** The most the server accepts for this kind; null when it sets no ceiling. */
  maxCents: number | null;
}

// The statuses whose balance and fees staff may take (the server's rule, mirrored).
const PAYABLE = new Set(['confirmed', 'in_progress', 'completed']);

/**
 * What the payment form offers in the booking's state, from the server's money figures: a
 * pending-deposit booking takes its deposit; a held booking its balance (up to what is
 * owed) and fees; any booking with money paid can get a refund up to what was paid minus
 * what was refunded — and on a cancelled booking nothing else.
 */
export function paymentKindOptions(
  booking: Pick<StaffBookingDetail, 'status' | 'depositCents' | 'money'>,
): PaymentKindOption[] {
  const { money } = booking;
  const options: PaymentKindOption[] = [];
  if (booking.status === 'pending_deposit')
    options.push({
      value: 'deposit',
      label: 'Deposit',
      suggestedCents: booking.depositCents,
      maxCents: booking.depositCents,
    });
  if (PAYABLE.has(booking.status)) {
    if (money.balanceDueCents > 0)
      options.push({
        value: 'balance',
        label: 'Balance',
        suggestedCents: money.balanceDueCents,
        maxCents: money.balanceDueCents,
      });
    options.push({
      value: 'reschedule_fee',
      label: 'Reschedule fee',
      suggestedCents: null,
      maxCents: null,
    });
  }
  if (money.refundableCents > 0) {
    // What the booking still owes back (a cancellation's refund), else nothing preset.
    const owed = money.refundSentCents + money.refundToRecordCents;
    options.push({
      value: 'refund',
      label: 'Refund paid back',
      suggestedCents: owed > 0 ? Math.min(owed, money.refundableCents) : null,
      maxCents: money.refundableCents,
    });
  }
  return options;
}
