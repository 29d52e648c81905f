import { Notice } from '@teppan/web-ui';
import type { BookingView } from '../api.ts';
import { refundLines } from '../refund-status.ts';

/** The money of a cancelled booking: refunds and what was kept, never a payment request. */
export function RefundStatus({ booking, timeZone }: { booking: BookingView; timeZone?: string }) {
  const lines = refundLines(booking, (iso) =>
    new Date(iso).toLocaleDateString('en-US', {
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      ...(timeZone ? { timeZone } : {}),
    }),
  );
  if (lines.length === 0) return null;
  return (
    <Notice>
      {lines.map((line) => (
        <p key={line.kind} data-testid={`refund-${line.kind}`}>
          {line.text}
        </p>
      ))}
    </Notice>
  );
}
