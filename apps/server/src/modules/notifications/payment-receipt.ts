import { balanceOwedCents, paymentTotals, type PaymentAmount } from '@teppan/core';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import type { BookingRow } from '../bookings/bookings.repository.ts';
import { DEFAULT_BRAND, type Brand } from './brand.ts';
import { renderReceipt, type ReceiptContext } from './templates/receipt-email.tsx';

export const receiptDedupeKey = (paymentId: string) => `receipt:${paymentId}`;

const RECEIPT_KINDS: ReadonlySet<string> = new Set(['deposit', 'balance', 'reschedule_fee']);

export interface PaymentReceiptInput {
  payment: {
    id: string;
    kind: string;
    status: string;
    method: string;
    reference: string;
    amount_cents: number;
    confirmed_at: Date | null;
    updated_at: Date;
  };
  booking: Pick<BookingRow, 'id' | 'number' | 'date' | 'slot' | 'requested_time' | 'total_cents'>;
  customer: { name: string; email: string };
  /** Every payment row of the booking, this one included as it now stands. */
  payments: readonly PaymentAmount[];
  timeZone: string;
  fieldCrypto: FieldCrypto;
  brand?: Brand;
}

/**
 * Records the receipt of a payment that arrived, in the caller's transaction (the one that
 * marks it succeeded), once per payment: the dedupe key `receipt:<paymentId>` makes a
 * second call — a replayed webhook, a retried confirmation — a no-op. Refunds and rows
 * whose money did not arrive get none. Returns whether a new row was recorded.
 */
export async function recordPaymentReceipt(
  trx: Executor,
  input: PaymentReceiptInput,
): Promise<boolean> {
  const { payment, booking } = input;
  if (!RECEIPT_KINDS.has(payment.kind) || payment.status !== 'succeeded') return false;
  const totals = paymentTotals(input.payments);
  const ctx: ReceiptContext = {
    customerName: input.customer.name,
    bookingNumber: booking.number,
    date: booking.date,
    slot: booking.requested_time ?? booking.slot,
    payment: {
      kind: payment.kind as ReceiptContext['payment']['kind'],
      method: payment.method,
      reference: payment.reference,
      amountCents: payment.amount_cents,
      paidAt: payment.confirmed_at ?? payment.updated_at,
    },
    totalCents: booking.total_cents,
    paidTowardTotalCents: totals.paidTowardTotalCents,
    balanceOwedCents: balanceOwedCents({
      totalCents: booking.total_cents,
      payments: input.payments,
    }),
    timeZone: input.timeZone,
  };
  const message = await renderReceipt(ctx, input.brand ?? DEFAULT_BRAND);
  const { isNew } = await new OutboxRepository(trx, input.fieldCrypto).record({
    channel: 'email',
    recipient: input.customer.email,
    subject: message.subject,
    body: message.text,
    html: message.html,
    template: 'payment.receipt',
    data: { paymentId: payment.id, bookingId: booking.id, amountCents: payment.amount_cents },
    dedupeKey: receiptDedupeKey(payment.id),
    bookingId: booking.id,
  });
  return isNew;
}
