import { formatCents } from '@teppan/core';
import type { PaymentStatusOutput } from '../../tools/agent-tools.ts';

export const paymentsUnavailable = 'I could not load the payments for that booking right now.';

/** How-to-pay questions search the payment section first. */
export const howToPayQuery = (text: string): string => `${text} payments deposit pay`;

export function paymentStatusText(options: {
  bookingNumber: string;
  depositCents: number;
  payments: PaymentStatusOutput;
}): string {
  const p = options.payments;
  const received =
    p.paidCents > 0
      ? `we have received ${formatCents(p.paidCents)}${p.depositPaid ? ', so the deposit is paid' : ''}`
      : `we have not received the ${formatCents(options.depositCents)} deposit yet`;
  return `For booking ${options.bookingNumber}, ${received}. Total ${formatCents(p.totalCents)}, balance due ${formatCents(p.balanceCents)}.`;
}
