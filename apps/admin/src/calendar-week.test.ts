import { describe, expect, it } from 'vitest';
import type { BookingListItem, SlotView } from './api-bookings.ts';
import { cellOf } from './calendar-week.ts';

const slot = (taken: number, capacity = 3): SlotView => ({
  slot: '18:00',
  label: 'Early Evening',
  capacity,
  taken,
  remaining: Math.max(0, capacity - taken),
  bookable: true,
});

let seq = 0;
const booking = (status: string, eventStartsAt: string): BookingListItem => {
  seq += 1;
  return {
    id: `b${seq}`,
    number: `TP-${seq}`,
    stationId: 's',
    status,
    date: '2026-12-01',
    slot: '18:00',
    requestedTime: null,
    eventStartsAt,
    guests: 10,
    totalCents: 100_000,
    venueZip: '95112',
    sourceChannel: 'web',
    customer: { name: 'Guest', email: 'g@example.com', phone: '' },
  };
};

describe('cellOf', () => {
  it('counts occupying bookings as booked and the rest of what is taken as held', () => {
    const late = booking('confirmed', '2026-12-02T03:30:00.000Z');
    const early = booking('pending_deposit', '2026-12-02T02:00:00.000Z');
    const cancelled = booking('cancelled', '2026-12-02T02:00:00.000Z');
    // Taken 3 = two bookings + one hold in checkout; the cancelled one frees its place.
    const cell = cellOf(slot(3), [late, cancelled, early]);
    expect(cell).toMatchObject({ capacity: 3, booked: 2, held: 1, remaining: 0 });
    expect(cell.bookings.map((b) => b.id)).toEqual([early.id, late.id]);
  });

  it('never shows negative holds when the two reads disagree for a moment', () => {
    const cell = cellOf(slot(0), [booking('confirmed', '2026-12-02T02:00:00.000Z')]);
    expect(cell).toMatchObject({ booked: 1, held: 0 });
  });
});
