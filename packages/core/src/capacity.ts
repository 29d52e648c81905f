import type { Settings, SlotTime } from './settings.ts';
import { daysBetween, utcToZoned, weekdayOf } from './slots.ts';

export type ChefAvailability = {
  id: string;
  weekly: { weekday: number; slots: SlotTime[] }[];
  /** Approved time off only; pending requests do not reduce capacity. Dates inclusive. */
  timeOff: { from: string; to: string }[];
};

export type SlotCapacityOverride = { blackout?: boolean; maxCapacity?: number | null };

export const capacityBases = ['chefs', 'default', 'blackout'] as const;
export type CapacityBasis = (typeof capacityBases)[number];

export type SlotCapacity = { capacity: number; basis: CapacityBasis; reason?: string };

function isChefWorking(options: {
  chef: ChefAvailability;
  date: string;
  weekday: number;
  slot: SlotTime;
}): boolean {
  const { chef, date, weekday, slot } = options;
  const scheduled = chef.weekly.some((day) => day.weekday === weekday && day.slots.includes(slot));
  // ISO dates compare correctly as strings.
  const away = chef.timeOff.some((off) => off.from <= date && date <= off.to);
  return scheduled && !away;
}

/**
 * Spec §4: near dates count the chefs actually rostered; far dates use a configured figure
 * because rosters are not planned that far out. Blackouts and per-date caps only lower it.
 */
export function computeSlotCapacity(options: {
  date: string;
  slot: SlotTime;
  now: Date;
  timeZone: string;
  settings: Settings['capacity'];
  chefs: ChefAvailability[];
  override?: SlotCapacityOverride;
}): SlotCapacity {
  const { date, slot, settings, override } = options;
  if (override?.blackout === true) {
    return { capacity: 0, basis: 'blackout', reason: 'No bookings are taken on this date.' };
  }
  const today = utcToZoned({ instant: options.now, timeZone: options.timeZone }).date;
  const daysAhead = daysBetween(today, date);
  let result: SlotCapacity;
  if (daysAhead <= settings.chefBasedWithinDays) {
    const weekday = weekdayOf(date);
    const working = options.chefs.filter((chef) => isChefWorking({ chef, date, weekday, slot }));
    result = { capacity: working.length, basis: 'chefs' };
  } else {
    result = { capacity: settings.defaultPerSlot, basis: 'default' };
  }
  const cap = override?.maxCapacity;
  if (cap !== undefined && cap !== null && cap < result.capacity) {
    result = {
      ...result,
      capacity: Math.max(0, cap),
      reason: `Capacity capped at ${Math.max(0, cap)} for this date.`,
    };
  }
  return result;
}

export function slotAvailability(options: { capacity: number; taken: number }): {
  remaining: number;
  bookable: boolean;
} {
  const remaining = Math.max(0, options.capacity - options.taken);
  return { remaining, bookable: remaining > 0 };
}
