import {
  addDays,
  bookingStatuses,
  slotTimes,
  weekdayOf,
  zonedDateTimeToUtc,
  type BookingStatus,
  type SlotTime,
} from '@teppan/core';
import {
  TIME_ZONE,
  PAST_BOOKINGS,
  FUTURE_BOOKINGS,
  MAX_PER_SLOT,
  HOUR_MS,
  DAY_MS,
} from './catalogue.ts';
import { type SeedContext } from './context.ts';

export type SlotCandidate = {
  date: string;
  slot: SlotTime;
  startsAt: Date;
  capacity: number;
  taken: number;
  weight: number;
};

export type PlannedBooking = {
  candidate: SlotCandidate;
  status: BookingStatus;
  /** For cancelled bookings: the status they were cancelled from. */
  cancelledFrom?: 'pending_deposit' | 'confirmed';
};

/** Which slots get bookings, and in which status: weighted by day, slot and season. */
export function planBookings(
  ctx: SeedContext,
  chefsWorking: (date: string, slot: SlotTime) => number,
): PlannedBooking[] {
  const { rng, nowMs, today } = ctx;
  const slotWeight: Record<SlotTime, number> = {
    '12:00': 0.6,
    '15:00': 0.8,
    '18:00': 2,
    '21:00': 1.4,
  };
  const dayWeight = [2, 0.7, 0.6, 0.6, 0.8, 2, 3]; // Sunday … Saturday
  const past: SlotCandidate[] = [];
  const future: SlotCandidate[] = [];
  for (let offset = -366; offset <= 92; offset += 1) {
    const date = addDays(today, offset);
    const month = Number(date.slice(5, 7));
    const season = month >= 6 && month <= 9 ? 1.6 : month === 12 ? 1.4 : month <= 2 ? 0.7 : 1;
    for (const slot of slotTimes) {
      const startsAt = zonedDateTimeToUtc({ date, time: slot, timeZone: TIME_ZONE });
      const ms = startsAt.getTime();
      if (ms < nowMs - 365 * DAY_MS || ms > nowMs + 90 * DAY_MS) continue;
      const capacity = Math.min(MAX_PER_SLOT, chefsWorking(date, slot));
      if (capacity === 0) continue;
      const base = slotWeight[slot] * (dayWeight[weekdayOf(date)] ?? 1) * season;
      if (ms <= nowMs) {
        past.push({ date, slot, startsAt, capacity, taken: 0, weight: base });
      } else {
        const ahead = (ms - nowMs) / (90 * DAY_MS); // bookings thin out further ahead
        future.push({ date, slot, startsAt, capacity, taken: 0, weight: base * (1.6 - ahead) });
      }
    }
  }

  const place = (pool: SlotCandidate[], occupies: boolean): SlotCandidate => {
    const open = occupies ? pool.filter((c) => c.taken < c.capacity) : pool;
    const chosen = rng.weighted(open.map((c) => [c, c.weight] as const));
    if (occupies) chosen.taken += 1;
    return chosen;
  };

  const quota = (
    total: number,
    parts: [BookingStatus, number][],
    rest: BookingStatus,
  ): BookingStatus[] => {
    const list: BookingStatus[] = [];
    for (const [status, n] of parts) for (let i = 0; i < n; i += 1) list.push(status);
    while (list.length < total) list.push(rest);
    return rng.shuffle(list);
  };

  const planned: PlannedBooking[] = [];
  // The latest slot already started is the one under way now.
  const inProgress = [...past].reverse().find((c) => c.taken < c.capacity);
  if (inProgress) {
    inProgress.taken += 1;
    planned.push({ candidate: inProgress, status: 'in_progress' });
  }
  // Settled events ended a while ago, so their completion and balance lie before now.
  const settled = past.filter((c) => c.startsAt.getTime() <= nowMs - 4 * HOUR_MS);
  const pastStatuses = quota(
    PAST_BOOKINGS,
    [
      ['cancelled', 24],
      ['no_show', 8],
    ],
    'completed',
  );
  for (const status of pastStatuses) {
    const candidate = place(settled, status !== 'cancelled');
    planned.push({
      candidate,
      status,
      ...(status === 'cancelled'
        ? { cancelledFrom: rng.chance(0.7) ? 'confirmed' : 'pending_deposit' }
        : {}),
    });
  }
  const futureStatuses = quota(
    FUTURE_BOOKINGS,
    [
      ['pending_deposit', 16],
      ['cancellation_requested', 4],
      ['cancelled', 9],
    ],
    'confirmed',
  );
  for (const status of futureStatuses) {
    const candidate = place(future, status !== 'cancelled');
    planned.push({
      candidate,
      status,
      ...(status === 'cancelled'
        ? { cancelledFrom: rng.chance(0.6) ? 'confirmed' : 'pending_deposit' }
        : {}),
    });
  }
  planned.sort((a, b) => a.candidate.startsAt.getTime() - b.candidate.startsAt.getTime());
  for (const status of bookingStatuses) {
    if (!planned.some((p) => p.status === status))
      throw new Error(`seed plan lacks a ${status} booking`);
  }
  return planned;
}
