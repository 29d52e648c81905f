import { render } from '@react-email/render';
import { formatCents } from '@teppan/core';
import type { Brand } from '../brand.ts';
import { formatEventWhen, formatInstant } from '../format.ts';
import { toPlainText, type EmailContent } from './email-content.ts';
import type { RenderedEmail } from './render-email.tsx';
import { TransactionalEmail } from './transactional-email.tsx';

/** A receipt for one payment that arrived (SPEC §10), to the cent. */
export interface ReceiptContext {
  customerName: string;
  bookingNumber: string;
  /** The event's station-local date (YYYY-MM-DD) and time (HH:MM). */
  date: string;
  slot: string;
  payment: {
    kind: 'deposit' | 'balance' | 'reschedule_fee';
    method: string;
    reference: string;
    amountCents: number;
    paidAt: Date;
  };
  /** The event's price, and what is left of it to pay after this payment (core payment totals). */
  totalCents: number;
  paidTowardTotalCents: number;
  balanceOwedCents: number;
  timeZone: string;
}

const kindLabels: Record<ReceiptContext['payment']['kind'], string> = {
  deposit: 'Deposit',
  balance: 'Balance payment',
  reschedule_fee: 'Reschedule fee',
};

const methodLabels: Record<string, string> = {
  card: 'Card',
  zelle: 'Zelle',
  venmo: 'Venmo',
  cash: 'Cash',
  check: 'Check',
};

export function paymentMethodLabel(method: string): string {
  return methodLabels[method] ?? method.charAt(0).toUpperCase() + method.slice(1);
}

export function receiptContent(ctx: ReceiptContext, brand: Brand): EmailContent {
  const { payment } = ctx;
  const amount = formatCents(payment.amountCents);
  const when = formatEventWhen(ctx.date, ctx.slot);
  const owed =
    ctx.balanceOwedCents > 0
      ? `${formatCents(ctx.balanceOwedCents)} remains to pay on the day of your party.`
      : 'Your party is paid in full.';
  return {
    subject: `Receipt: ${amount} for booking ${ctx.bookingNumber}`,
    preview: `We received ${amount} for ${when}. ${owed}`,
    heading: 'Payment received — thank you',
    paragraphs: [
      `Hi ${ctx.customerName},`,
      `We received your ${kindLabels[payment.kind].toLowerCase()} of ${amount} for your hibachi party on ${when}. ${owed}`,
    ],
    details: [
      { label: 'Booking', value: ctx.bookingNumber },
      { label: 'Event', value: when },
      { label: 'Paid', value: formatInstant(payment.paidAt, ctx.timeZone) },
      { label: 'Method', value: paymentMethodLabel(payment.method) },
      { label: 'Reference', value: payment.reference },
    ],
    amounts: {
      lines: [
        { label: kindLabels[payment.kind], value: amount },
        { label: 'Party total', value: formatCents(ctx.totalCents) },
        { label: 'Paid toward the total so far', value: formatCents(ctx.paidTowardTotalCents) },
      ],
      total: { label: 'Remaining to pay', value: formatCents(ctx.balanceOwedCents) },
    },
    closing: [
      `Keep this email as your receipt. Questions? Reply to this email, write to ${brand.contactEmail} or call ${brand.contactPhone}.`,
    ],
  };
}

export async function renderReceipt(ctx: ReceiptContext, brand: Brand): Promise<RenderedEmail> {
  const content = receiptContent(ctx, brand);
  const html = await render(<TransactionalEmail content={content} brand={brand} />);
  return { subject: content.subject, text: toPlainText(content, brand), html };
}
