import type { Settings } from './settings.ts';
import { zonedDateTimeToUtc } from './slots.ts';

const MINUTE_MS = 60_000;

/** Spec §1: tiers are inclusive upper bounds on the party size, checked in ascending order. */
export function eventDurationMinutes(options: {
  guests: number;
  settings: Settings['eventDuration'];
}): number {
  const tier = options.settings.tiers.find((t) => options.guests <= t.maxGuests);
  return tier?.minutes ?? options.settings.aboveMinutes;
}

export type EventSchedule = { startsAt: Date; endsAt: Date; chefArrivesAt: Date };

export function eventSchedule(options: {
  date: string;
  time: string;
  timeZone: string;
  guests: number;
  settings: Settings['eventDuration'];
}): EventSchedule {
  const startsAt = zonedDateTimeToUtc(options);
  const minutes = eventDurationMinutes({ guests: options.guests, settings: options.settings });
  return {
    startsAt,
    endsAt: new Date(startsAt.getTime() + minutes * MINUTE_MS),
    chefArrivesAt: new Date(
      startsAt.getTime() - options.settings.chefArrivalMinutesBefore * MINUTE_MS,
    ),
  };
}
