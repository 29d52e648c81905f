import {
  addDays,
  checkNotice,
  computeSlotCapacity,
  eachDate,
  slotAvailability,
  utcToZoned,
  zonedDateTimeToUtc,
  type ChefAvailability,
  type Settings,
  type SlotTime,
} from '@teppan/core';
import type { Station } from '../settings/settings.service.ts';
import type { RangeInputsJson, RangeTaken } from './availability.repository.ts';

const HOUR_MS = 3_600_000;

export interface SlotView {
  slot: SlotTime;
  label: string;
  capacity: number;
  taken: number;
  remaining: number;
  bookable: boolean;
  reason?: string;
}

export interface DayView {
  date: string;
  slots: SlotView[];
}

/** What a calendar cell is before anyone occupies it: capacity, notice, fixed reasons. */
interface GridCell {
  slot: SlotTime;
  label: string;
  capacity: number;
  noticeOk: boolean;
  /** The reason that does not depend on occupancy (notice, blackout, no chef), if any. */
  reason: string | undefined;
}

/**
 * The part of a range of the calendar that depends only on the settings, the rosters, time
 * off and overrides (whose fingerprint it was built from) and the clock: valid from `builtAt`
 * until `validUntil`, the first instant a cell's notice or the station's date changes.
 * Occupancy is never in it: it is read on every request.
 */
export interface AvailabilityGrid {
  fingerprint: string;
  settingsVersion: number;
  timeZone: string;
  builtAt: number;
  validUntil: number;
  days: { date: string; cells: GridCell[] }[];
}

export function buildGrid(input: {
  fingerprint: string;
  inputs: RangeInputsJson;
  station: Station;
  settings: Settings;
  settingsVersion: number;
  range: { from: string; to: string };
  now: Date;
}): AvailabilityGrid {
  const { inputs, station, settings, now } = input;
  const timeZone = station.timeZone;
  const chefs: ChefAvailability[] = inputs.chefs.map((id) => {
    const byDay = new Map<number, SlotTime[]>();
    for (const [chefId, weekday, slot] of inputs.weekly)
      if (chefId === id) byDay.set(weekday, [...(byDay.get(weekday) ?? []), slot as SlotTime]);
    return {
      id,
      weekly: [...byDay].map(([weekday, slots]) => ({ weekday, slots })),
      timeOff: inputs.timeOff
        .filter(([chefId]) => chefId === id)
        .map(([, from, to]) => ({ from, to })),
    };
  });
  const nowMs = now.getTime();
  const today = utcToZoned({ instant: now, timeZone }).date;
  // The next change of the station's date (capacity window, notice's maximum).
  let validUntil = zonedDateTimeToUtc({
    date: addDays(today, 1),
    time: '00:00',
    timeZone,
  }).getTime();
  const days = eachDate(input.range.from, input.range.to).map((date) => {
    const overrides = inputs.overrides.filter(([day]) => day === date);
    return {
      date,
      cells: settings.slots.map((slotSetting): GridCell => {
        const slot = slotSetting.time;
        const matching = overrides.filter(([, s]) => s === null || s === slot);
        const caps = matching.map(([, , , cap]) => cap).filter((c): c is number => c !== null);
        const cap = computeSlotCapacity({
          date,
          slot,
          now,
          timeZone,
          settings: settings.capacity,
          chefs,
          override: {
            blackout: matching.some(([, , blackout]) => blackout),
            maxCapacity: caps.length ? Math.min(...caps) : null,
          },
        });
        const notice = checkNotice({ date, time: slot, timeZone, now, notice: settings.notice });
        // The notice of this cell changes when the minimum notice is reached, then when it
        // starts: the grid is valid until the earliest of those still ahead.
        const startsAt = zonedDateTimeToUtc({ date, time: slot, timeZone }).getTime();
        for (const at of [startsAt - settings.notice.minHours * HOUR_MS, startsAt])
          if (at > nowMs && at < validUntil) validUntil = at;
        let reason: string | undefined;
        if (!notice.ok) reason = notice.message;
        else if (cap.basis === 'blackout')
          reason = matching.find(([, , , , r]) => r)?.[4] ?? cap.reason;
        else if (cap.capacity === 0) reason = 'No chef is available for this slot.';
        return {
          slot,
          label: slotSetting.label,
          capacity: cap.capacity,
          noticeOk: notice.ok,
          reason,
        };
      }),
    };
  });
  return {
    fingerprint: input.fingerprint,
    settingsVersion: input.settingsVersion,
    timeZone,
    builtAt: nowMs,
    validUntil,
    days,
  };
}

/** Whether `grid` still describes the range for these settings at `now`. */
export function gridIsCurrent(
  grid: AvailabilityGrid,
  context: { settingsVersion: number; timeZone: string; now: Date },
): boolean {
  const at = context.now.getTime();
  return (
    grid.settingsVersion === context.settingsVersion &&
    grid.timeZone === context.timeZone &&
    at >= grid.builtAt &&
    at < grid.validUntil
  );
}

/** The grid with what occupies each cell now. */
export function viewOf(grid: AvailabilityGrid, taken: RangeTaken[]): DayView[] {
  const occupied = new Map(taken.map(([date, slot, n]) => [`${date}|${slot}`, n]));
  return grid.days.map(({ date, cells }) => ({
    date,
    slots: cells.map((cell): SlotView => {
      const takenCount = occupied.get(`${date}|${cell.slot}`) ?? 0;
      const { remaining } = slotAvailability({ capacity: cell.capacity, taken: takenCount });
      const reason = cell.reason ?? (remaining === 0 ? 'Fully booked.' : undefined);
      const view: SlotView = {
        slot: cell.slot,
        label: cell.label,
        capacity: cell.capacity,
        taken: takenCount,
        remaining,
        bookable: cell.noticeOk && remaining > 0,
      };
      if (reason) view.reason = reason;
      return view;
    }),
  }));
}
