import type { BookingListItem, SlotView } from './api-bookings.ts';

export type SlotCell = SlotView & { booked: number; held: number; bookings: BookingListItem[] };

/**
 * One (date, slot): capacity and remaining from the availability API; booked = the
 * bookings that occupy it (every status but cancelled); the rest of what is taken is holds
 * in checkout.
 */
export function cellOf(slot: SlotView, bookings: BookingListItem[]): SlotCell {
  const occupying = bookings.filter((booking) => booking.status !== 'cancelled');
  return {
    ...slot,
    booked: occupying.length,
    held: Math.max(0, slot.taken - occupying.length),
    bookings: [...occupying].sort((a, b) => a.eventStartsAt.localeCompare(b.eventStartsAt)),
  };
}
