import { type Insertable } from 'kysely';
import { defaultSettings, rankChefs, type SlotTime } from '@teppan/core';
import type { CoreBookingEvents, CoreBookings, OpsBookingChefs } from '../generated/db.ts';
import { HOUR_MS, DAY_MS, MINUTE_MS } from './catalogue.ts';
import { at } from './rows.ts';

/** Statuses whose events have (or had) a chef: confirmed, under way or done. */
export const STAFFED_STATUSES: readonly string[] = [
  'confirmed',
  'cancellation_requested',
  'in_progress',
  'completed',
  'no_show',
];
/** The soonest confirmed events in the next 7 days left without a chef (dashboard alert). */
export const UNASSIGNED_SOON = 3;

/**
 * Chefs for the demo bookings, chosen in time order by the same ranking staff see (SPEC §4):
 * every past and confirmed event gets the best available chef, except the few soonest
 * upcoming ones, which stay unassigned for the dashboard's "unassigned within 7 days" alert.
 * Pending deposits wait for their chef. Deterministic: no random draws.
 */
export function assignDemoChefs(input: {
  bookings: Insertable<CoreBookings>[];
  events: Insertable<CoreBookingEvents>[];
  chefs: {
    id: string;
    name: string;
    rating: number;
    maxGuests: number;
    home: { zip: string; lat: number; lng: number };
    isWorking: (date: string, slot: SlotTime) => boolean;
  }[];
  nowMs: number;
}): Insertable<OpsBookingChefs>[] {
  const { nowMs } = input;
  const rows: Insertable<OpsBookingChefs>[] = [];
  const busy = new Set<string>(); // 'date|slot|chefId'
  const cooked = new Map<string, number>(); // 'chefId|customerId' → completed events
  let leftUnassigned = 0;
  const ordered = [...input.bookings].sort(
    (a, b) => Number(a.event_starts_at) - Number(b.event_starts_at),
  );
  for (const booking of ordered) {
    if (!STAFFED_STATUSES.includes(booking.status)) continue;
    const startsMs = Number(booking.event_starts_at);
    if (startsMs > nowMs && startsMs <= nowMs + 7 * DAY_MS && leftUnassigned < UNASSIGNED_SOON) {
      leftUnassigned += 1;
      continue;
    }
    const slot = booking.slot as SlotTime;
    const { ranked } = rankChefs({
      booking: {
        date: booking.date,
        slot,
        guests: booking.adults + booking.children + booking.toddlers,
        venue: { lat: booking.venue_lat, lng: booking.venue_lng },
        requestedChefId: null,
      },
      chefs: input.chefs.map((chef) => ({
        id: chef.id,
        name: chef.name,
        isActive: true,
        rating: chef.rating,
        maxGuests: chef.maxGuests,
        origin: chef.home,
        originSource: 'home' as const,
        isScheduled: chef.isWorking(booking.date, slot),
        isOnTimeOff: false,
        conflictingBookings: busy.has(`${booking.date}|${slot}|${chef.id}`) ? ['another'] : [],
        pastBookingsWithCustomer: cooked.get(`${chef.id}|${booking.customer_id}`) ?? 0,
      })),
      weights: defaultSettings.chefAssignment,
      circuityFactor: defaultSettings.travel.circuityFactor,
    });
    const best = ranked[0];
    // Capacity never exceeded the chefs working, so someone is free; guard all the same.
    if (!best || !booking.id) continue;
    busy.add(`${booking.date}|${slot}|${best.chefId}`);
    if (booking.status === 'completed') {
      const key = `${best.chefId}|${booking.customer_id}`;
      cooked.set(key, (cooked.get(key) ?? 0) + 1);
    }
    const createdMs = Number(booking.created_at ?? nowMs);
    const assignedAt = at(Math.min(createdMs + DAY_MS, startsMs - HOUR_MS, nowMs - MINUTE_MS));
    rows.push({
      booking_id: booking.id,
      chef_id: best.chefId,
      assigned_by: 'seed',
      score: best.score,
      assigned_at: assignedAt,
    });
    input.events.push({
      booking_id: booking.id,
      type: 'chefs_assigned',
      data: JSON.stringify({
        chefs: [{ id: best.chefId, name: best.name }],
        added: [{ id: best.chefId, name: best.name }],
        removed: [],
      }),
      actor: 'seed',
      created_at: assignedAt,
    });
  }
  return rows;
}
