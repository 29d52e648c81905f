import type { BookingRow } from '../bookings/bookings.repository.ts';

/** The booking fields every message about an event shows. */
export type MessageBooking = Pick<
  BookingRow,
  | 'number'
  | 'date'
  | 'slot'
  | 'requested_time'
  | 'adults'
  | 'children'
  | 'toddlers'
  | 'deposit_cents'
  | 'venue_zip'
  | 'venue_address'
>;

/**
 * What a message says of the event: its number, day, time (the requested time within the
 * slot when there is one), guests, deposit and venue (the ZIP until an address is given).
 */
export function bookingMessageContext(booking: MessageBooking) {
  return {
    bookingNumber: booking.number,
    date: booking.date,
    slot: booking.requested_time ?? booking.slot,
    guests: booking.adults + booking.children + booking.toddlers,
    depositCents: booking.deposit_cents,
    venue: booking.venue_address ?? `ZIP ${booking.venue_zip}`,
  };
}

/** The guests by age, the total and the allergens too: messages about the event itself. */
export function eventMessageContext(
  booking: MessageBooking & Pick<BookingRow, 'total_cents' | 'allergens'>,
) {
  return {
    ...bookingMessageContext(booking),
    guestBreakdown: {
      adults: booking.adults,
      children: booking.children,
      toddlers: booking.toddlers,
    },
    totalCents: booking.total_cents,
    allergens: Array.isArray(booking.allergens) ? booking.allergens.map(String) : [],
  };
}
