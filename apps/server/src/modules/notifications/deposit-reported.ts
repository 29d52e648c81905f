import { createHash } from 'node:crypto';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { renderMessage } from '../messaging/templates.ts';
import type { BookingRow } from '../bookings/bookings.repository.ts';
import { DEFAULT_BRAND, type Brand } from './brand.ts';
import { bookingMessageContext, type MessageBooking } from './booking-message.ts';

export interface DepositReportedInput {
  booking: MessageBooking & Pick<BookingRow, 'id' | 'event_starts_at'>;
  customer: { name: string; email: string; phone: string };
  report: { reference: string; method: string };
  /** The staff-confirmation deadline; null on a booking without one (made before F5). */
  confirmBy: Date | null;
  timeZone: string;
  staffAlertEmail: string | null;
  /** The admin screen of the booking. */
  staffUrl: string;
  brand?: Brand;
  /** Outbox recipients and the customer's contact details in the alert are sealed (ADR 0016). */
  fieldCrypto: FieldCrypto;
}

/** One alert per (booking, reference, method): a repeated "I've sent it" alerts nobody twice. */
export const depositReportedDedupeKey = (bookingId: string, reference: string, method: string) =>
  `booking.deposit_reported:${bookingId}:${createHash('sha256')
    .update(`${method}\n${reference}`)
    .digest('hex')
    .slice(0, 16)}`;

/**
 * Tells staff that a customer says an offline deposit is on its way (SPEC §4), in the
 * caller's transaction: the alert exists if and only if the report committed. No recipient
 * configured (STAFF_ALERT_EMAIL) → no row; the dashboard and booking page still show it.
 */
export async function recordDepositReported(
  trx: Executor,
  input: DepositReportedInput,
): Promise<{ staffAlert: boolean }> {
  if (!input.staffAlertEmail) return { staffAlert: false };
  const { booking } = input;
  const message = await renderMessage(
    'booking.deposit_reported',
    {
      customerName: input.customer.name,
      ...bookingMessageContext(booking),
      ...(input.confirmBy ? { deadline: input.confirmBy } : {}),
      timeZone: input.timeZone,
      link: input.staffUrl,
      contact: { email: input.customer.email, phone: input.customer.phone },
      reference: input.report.reference,
      paymentMethod: input.report.method,
    },
    { brand: input.brand ?? DEFAULT_BRAND },
  );
  const recorded = await new OutboxRepository(trx, input.fieldCrypto).record({
    channel: 'email',
    recipient: input.staffAlertEmail,
    subject: message.subject,
    body: message.text,
    html: message.html,
    template: 'booking.deposit_reported',
    data: { bookingId: booking.id },
    dedupeKey: depositReportedDedupeKey(booking.id, input.report.reference, input.report.method),
    bookingId: booking.id,
    // The customer's contact details are readable only until the alert is sent (ADR 0016).
    secrets: {
      values: [input.customer.email, input.customer.phone],
      expiresAt: new Date(booking.event_starts_at.getTime() + 86_400_000),
    },
  });
  return { staffAlert: recorded.isNew };
}
