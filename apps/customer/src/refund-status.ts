import { formatCents } from '@teppan/core';
import type { BookingView } from './api.ts';

/** One line of what happened to the money of a cancelled booking. */
export interface RefundLine {
  kind: 'on_its_way' | 'refunded' | 'kept' | 'nothing';
  text: string;
}

/**
 * What the manage page says about the money of a cancelled booking, from the server's
 * figures (SPEC §4 policies): a refund on its way, a refund paid out, a deposit kept — never
 * a payment to make. Empty for a booking that is not cancelled.
 */
export function refundLines(
  booking: Pick<BookingView, 'status' | 'money'>,
  formatDay: (iso: string) => string,
): RefundLine[] {
  if (booking.status !== 'cancelled') return [];
  const { money } = booking;
  const lines: RefundLine[] = [];
  const coming = money.refundSentCents + money.refundToRecordCents;
  if (coming > 0)
    lines.push({ kind: 'on_its_way', text: `A refund of ${formatCents(coming)} is on its way.` });
  if (money.refundReceivedCents > 0)
    lines.push({
      kind: 'refunded',
      text: money.refundReceivedAt
        ? `Refunded ${formatCents(money.refundReceivedCents)} on ${formatDay(money.refundReceivedAt)}.`
        : `Refunded ${formatCents(money.refundReceivedCents)}.`,
    });
  if (money.keptCents > 0)
    lines.push({
      kind: 'kept',
      text: `${formatCents(money.keptCents)} deposit kept per our cancellation policy.`,
    });
  if (lines.length === 0)
    lines.push({ kind: 'nothing', text: 'Nothing was paid, so nothing is owed either way.' });
  return lines;
}
