import type { Settings } from '@teppan/core';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { ConsentsRepository } from '../conversations/consents.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { renderMessage } from '../messaging/templates.ts';
import type { BookingRow } from '../bookings/bookings.repository.ts';
import type { QuoteRow } from '../quotes/quotes.repository.ts';
import { DEFAULT_BRAND, type Brand } from './brand.ts';
import { renderBookingIcs } from './booking-ics.ts';
import { eventMessageContext, type MessageBooking } from './booking-message.ts';
import {
  bookingChangeSms,
  type BookingCancellationFacts,
  type BookingChangeFacts,
} from './templates/booking-change-content.ts';

export type BookingChangeMessageKind = 'booking.changed' | 'booking.cancelled';

export interface BookingChangeMessageInput {
  /** The booking as the change left it (its new version, date, status). */
  booking: MessageBooking &
    Pick<BookingRow, 'id' | 'event_starts_at' | 'allergens' | 'total_cents' | 'status' | 'version'>;
  customer: { name: string; email: string; phone: string };
  quote: Pick<
    QuoteRow,
    'food_subtotal_cents' | 'travel_fee_cents' | 'travel_miles' | 'tax_cents' | 'minimum_applied'
  > | null;
  station: { timeZone: string; address?: string };
  settings: Pick<Settings, 'eventDuration'> & { brand?: Settings['brand'] };
  /** Carries a manage-link token: sealed in the outbox until sent (ADR 0016). */
  manageUrl: string;
  fieldCrypto: FieldCrypto;
  brand?: Brand;
  /** Exactly one of the two, matching `kind`. */
  change?: BookingChangeFacts;
  cancellation?: BookingCancellationFacts;
}

/**
 * One message per change: the version the change produced names it, so a repeat of the
 * same recording is a no-op and the next change is a new message.
 */
export const bookingChangeDedupeKey = (
  kind: BookingChangeMessageKind,
  booking: { id: string; version: number },
  channel: 'email' | 'sms' = 'email',
) => `${kind}${channel === 'sms' ? '.sms' : ''}:${booking.id}:v${booking.version}`;

/**
 * The updated confirmation or the cancellation notice (with the .ics that updates or
 * removes the calendar entry), and its text message where the number consented to booking
 * texts. Call it in the transaction that makes the change: the messages exist if and only
 * if the change committed.
 */
export async function recordBookingChangeMessages(
  trx: Executor,
  kind: BookingChangeMessageKind,
  input: BookingChangeMessageInput,
): Promise<{ email: boolean; sms: boolean }> {
  const { booking, customer, quote } = input;
  const brand = input.brand ?? DEFAULT_BRAND;
  const outbox = new OutboxRepository(trx, input.fieldCrypto);
  const token = new URL(input.manageUrl).searchParams.get('token');
  // The link manages nothing after the day following the event.
  const sealedUntil = new Date(booking.event_starts_at.getTime() + 86_400_000);
  const ctx = {
    customerName: customer.name,
    ...eventMessageContext(booking),
    lines: quote
      ? [
          {
            label: quote.minimum_applied ? 'Food (party minimum)' : 'Food',
            cents: quote.food_subtotal_cents,
          },
          { label: `Travel (${quote.travel_miles} mi)`, cents: quote.travel_fee_cents },
          { label: 'Tax', cents: quote.tax_cents },
        ]
      : [],
    timeZone: input.station.timeZone,
    link: input.manageUrl,
    ...(input.change ? { change: input.change } : {}),
    ...(input.cancellation ? { cancellation: input.cancellation } : {}),
  };
  const ics = renderBookingIcs({
    booking,
    timeZone: input.station.timeZone,
    eventDuration: input.settings.eventDuration,
    manageUrl: input.manageUrl,
    brand,
  });
  const method = booking.status === 'cancelled' ? 'CANCEL' : 'PUBLISH';
  const message = await renderMessage(kind, ctx, {
    brand,
    attachments: [
      {
        filename: `${booking.number}.ics`,
        contentType: `text/calendar; charset=utf-8; method=${method}`,
        content: ics,
      },
    ],
  });
  const email = await outbox.record({
    channel: 'email',
    recipient: customer.email,
    subject: message.subject,
    body: message.text,
    html: message.html,
    attachments: message.attachments ?? [],
    template: kind,
    data: { bookingId: booking.id, version: booking.version },
    dedupeKey: bookingChangeDedupeKey(kind, booking),
    bookingId: booking.id,
    ...(token ? { secrets: { values: [token], expiresAt: sealedUntil } } : {}),
  });
  let sms = false;
  if (await new ConsentsRepository(trx, input.fieldCrypto).hasBookingSmsConsent(customer.phone)) {
    // Like the other outbox texts: the body as it will be sent, no link, no secret.
    sms = (
      await outbox.record({
        channel: 'sms',
        recipient: customer.phone,
        subject: null,
        body: bookingChangeSms(kind, ctx, brand.name),
        template: kind,
        data: { bookingId: booking.id, version: booking.version },
        dedupeKey: bookingChangeDedupeKey(kind, booking, 'sms'),
        bookingId: booking.id,
      })
    ).isNew;
  }
  return { email: email.isNew, sms };
}
