import { formatCents } from '@teppan/core';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { renderMessage } from '../messaging/templates.ts';
import type { BookingRow } from '../bookings/bookings.repository.ts';
import { DEFAULT_BRAND, type Brand } from './brand.ts';

export interface PaymentMismatchAlertInput {
  booking: Pick<BookingRow, 'id' | 'number' | 'date' | 'slot' | 'requested_time'>;
  payment: { kind: string; amountCents: number; currency: string };
  /** What the provider's event reported; null where the event carried nothing. */
  received: { amountCents: number | null; currency: string | null };
  eventId: string;
  /** None configured → no alert row (the booking's timeline still shows the mismatch). */
  staffAlertEmail: string | null;
  staffUrl: string;
  brand?: Brand;
  /** Outbox recipients are stored encrypted (ADR 0016). */
  fieldCrypto: FieldCrypto;
}

export const paymentMismatchDedupeKey = (eventId: string) => `payment.mismatch_alert:${eventId}`;

/** Dollars for our own currency; any other is shown in its smallest unit, named. */
function formatAmount(amount: { amountCents: number | null; currency: string | null }): string {
  if (amount.amountCents === null) return 'no amount';
  const currency = amount.currency?.toLowerCase() ?? null;
  if (currency === 'usd') return formatCents(amount.amountCents);
  return `${amount.amountCents} (smallest unit of ${currency ? currency.toUpperCase() : 'an unnamed currency'})`;
}

/**
 * Records the staff email about a payment whose amount or currency did not match, once per
 * provider event (a unique dedupe key makes a repeat a no-op).
 */
export async function recordPaymentMismatchAlert(
  db: Executor,
  input: PaymentMismatchAlertInput,
): Promise<{ isNew: boolean }> {
  if (!input.staffAlertEmail) return { isNew: false };
  const { booking } = input;
  const alert = await renderMessage(
    'payment.mismatch_alert',
    {
      customerName: '',
      bookingNumber: booking.number,
      date: booking.date,
      slot: booking.requested_time ?? booking.slot,
      link: input.staffUrl,
      paymentMismatch: {
        kind: input.payment.kind,
        expected: formatAmount({
          amountCents: input.payment.amountCents,
          currency: input.payment.currency,
        }),
        received: formatAmount(input.received),
        eventId: input.eventId,
      },
    },
    { brand: input.brand ?? DEFAULT_BRAND },
  );
  return new OutboxRepository(db, input.fieldCrypto).record({
    channel: 'email',
    recipient: input.staffAlertEmail,
    subject: alert.subject,
    body: alert.text,
    html: alert.html,
    template: 'payment.mismatch_alert',
    data: { bookingId: booking.id, eventId: input.eventId },
    dedupeKey: paymentMismatchDedupeKey(input.eventId),
    bookingId: booking.id,
  });
}
