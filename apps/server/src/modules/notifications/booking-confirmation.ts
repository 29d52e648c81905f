import type { Settings } from '@teppan/core';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { renderMessage } from '../messaging/templates.ts';
import type { BookingRow } from '../bookings/bookings.repository.ts';
import type { QuoteRow } from '../quotes/quotes.repository.ts';
import { DEFAULT_BRAND, type Brand } from './brand.ts';
import { renderBookingIcs } from './booking-ics.ts';
import { eventMessageContext, type MessageBooking } from './booking-message.ts';

export interface BookingConfirmationInput {
  booking: MessageBooking &
    Pick<
      BookingRow,
      | 'id'
      | 'event_starts_at'
      | 'allergens'
      | 'special_requests'
      | 'total_cents'
      | 'status'
      | 'version'
    >;
  customer: { name: string; email: string; phone: string };
  /** The booking's stored quote, for the price lines; the total is the booking's. */
  quote: Pick<
    QuoteRow,
    'food_subtotal_cents' | 'travel_fee_cents' | 'travel_miles' | 'tax_cents' | 'minimum_applied'
  > | null;
  /** The settings service's `Station` fits; its address becomes the brand's postal address. */
  station: { timeZone: string; address?: string };
  settings: Pick<Settings, 'eventDuration'> & { brand?: Settings['brand'] };
  /** Carries the manage link's token, kept in the outbox only sealed until sent (ADR 0016). */
  manageUrl: string;
  fieldCrypto: FieldCrypto;
  /** Recipient of the new-booking alert; none configured → no alert row. */
  staffAlertEmail?: string | null;
  /** Link in the staff alert (admin screen of the booking). */
  staffUrl?: string;
  brand?: Brand;
}

export const confirmationDedupeKey = (bookingId: string) => `booking.confirmation:${bookingId}`;
export const staffAlertDedupeKey = (bookingId: string) => `booking.staff_alert:${bookingId}`;

/**
 * Records the host's confirmation (with the .ics) and the staff alert in the caller's
 * transaction — call it inside the one that confirms the deposit, so both rows exist if
 * and only if the booking became confirmed. Unique dedupe keys make a repeat a no-op.
 */
export async function recordBookingConfirmation(
  trx: Executor,
  input: BookingConfirmationInput,
): Promise<{ confirmation: boolean; staffAlert: boolean }> {
  const { booking, customer, quote } = input;
  const brand = input.brand ?? DEFAULT_BRAND;
  const outbox = new OutboxRepository(trx, input.fieldCrypto);
  // Readable copies leave out the manage link's token and, in the staff alert, the customer's
  // contact details; the originals stay sealed until sent, at most until the day after the
  // event (after that the link manages nothing).
  const sealedUntil = new Date(booking.event_starts_at.getTime() + 86_400_000);
  const token = new URL(input.manageUrl).searchParams.get('token');
  const ctx = {
    customerName: customer.name,
    ...eventMessageContext(booking),
    balanceCents: booking.total_cents - booking.deposit_cents,
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
    specialRequests: booking.special_requests,
    timeZone: input.station.timeZone,
    link: input.manageUrl,
  };
  const ics = renderBookingIcs({
    booking: { ...booking },
    timeZone: input.station.timeZone,
    eventDuration: input.settings.eventDuration,
    manageUrl: input.manageUrl,
    brand,
  });
  const confirmation = await renderMessage('booking.confirmation', ctx, {
    brand,
    attachments: [
      {
        filename: `${booking.number}.ics`,
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: ics,
      },
    ],
  });
  const recorded = await outbox.record({
    channel: 'email',
    recipient: customer.email,
    subject: confirmation.subject,
    body: confirmation.text,
    html: confirmation.html,
    attachments: confirmation.attachments ?? [],
    template: 'booking.confirmation',
    data: { bookingId: booking.id },
    dedupeKey: confirmationDedupeKey(booking.id),
    bookingId: booking.id,
    ...(token ? { secrets: { values: [token], expiresAt: sealedUntil } } : {}),
  });
  let staffAlert = false;
  if (input.staffAlertEmail) {
    const alert = await renderMessage(
      'booking.staff_alert',
      {
        ...ctx,
        contact: { email: customer.email, phone: customer.phone },
        link: input.staffUrl ?? input.manageUrl,
      },
      { brand },
    );
    staffAlert = (
      await outbox.record({
        channel: 'email',
        recipient: input.staffAlertEmail,
        subject: alert.subject,
        body: alert.text,
        html: alert.html,
        template: 'booking.staff_alert',
        data: { bookingId: booking.id },
        dedupeKey: staffAlertDedupeKey(booking.id),
        bookingId: booking.id,
        secrets: {
          values: [customer.email, customer.phone, ...(token ? [token] : [])],
          expiresAt: sealedUntil,
        },
      })
    ).isNew;
  }
  return { confirmation: recorded.isNew, staffAlert };
}
