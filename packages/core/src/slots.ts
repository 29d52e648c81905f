import type { Settings, SlotTime } from './settings.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

type DateParts = { year: number; month: number; day: number };

function parseIsoDate(date: string): DateParts | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  // Day 0 of the next month is the last day of this one, leap years included.
  const daysInMonth = new Date(utcMs({ year, month: month + 1, day: 0, minutes: 0 })).getUTCDate();
  return day <= daysInMonth ? { year, month, day } : null;
}

function requireIsoDate(date: string): DateParts {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`invalid date '${date}', expected a real YYYY-MM-DD`);
  return parts;
}

function parseTime(time: string): number | null {
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function requireTime(time: string): number {
  const minutes = parseTime(time);
  if (minutes === null)
    throw new RangeError(`invalid time '${time}', expected HH:MM (00:00–23:59)`);
  return minutes;
}

// setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto 1900–1999.
function utcMs(options: { year: number; month: number; day: number; minutes: number }): number {
  const d = new Date(0);
  d.setUTCFullYear(options.year, options.month - 1, options.day);
  return d.getTime() + options.minutes * MINUTE_MS;
}

function pad(n: number, width = 2): string {
  return n.toString().padStart(width, '0');
}

function formatIsoDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function isValidIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

export function isValidTime(s: string): boolean {
  return parseTime(s) !== null;
}

export function addDays(date: string, n: number): string {
  const parts = requireIsoDate(date);
  return formatIsoDate(utcMs({ ...parts, day: parts.day + n, minutes: 0 }));
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = utcMs({ ...requireIsoDate(from), minutes: 0 });
  const b = utcMs({ ...requireIsoDate(to), minutes: 0 });
  return Math.round((b - a) / DAY_MS);
}

/** Every date from `from` to `to`, both inclusive; empty when `to` is before `from`. */
export function eachDate(from: string, to: string): string[] {
  const dates: string[] = [];
  const count = daysBetween(from, to);
  for (let i = 0; i <= count; i += 1) dates.push(addDays(from, i));
  return dates;
}

/** Weekday of a calendar date, 0 = Sunday; the same in every time zone. */
export function weekdayOf(date: string): number {
  return new Date(utcMs({ ...requireIsoDate(date), minutes: 0 })).getUTCDay();
}

// Building a DateTimeFormat costs far more than using one; quotes and calendars call this often.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of an instant in a zone, as if that wall clock were UTC (ms). */
function measuredWallClockMs(instantMs: number, timeZone: string): number {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const minutes = (fields.hour ?? 0) * 60 + (fields.minute ?? 0);
  return (
    utcMs({ year: fields.year ?? 1970, month: fields.month ?? 1, day: fields.day ?? 1, minutes }) +
    (fields.second ?? 0) * 1000
  );
}

function measuredOffsetMs(instantMs: number, timeZone: string): number {
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return measuredWallClockMs(wholeSeconds, timeZone) - wholeSeconds;
}

/**
 * Zone offsets by quarter hour: formatToParts is the slow part of every quote and hold
 * (several calls each). A quarter hour whose first and last second show the same offset
 * has no transition inside it (no zone changes twice within 15 minutes), so its offset is
 * remembered; one with a transition inside is measured at each call.
 */
const OFFSET_BUCKET_MS = 15 * 60 * 1000;
const MAX_REMEMBERED_OFFSETS = 50_000;
const offsets = new Map<string, Map<number, number>>();

function offsetMs(instantMs: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const bucket = Math.floor(instantMs / OFFSET_BUCKET_MS);
  const remembered = zone.get(bucket);
  if (remembered !== undefined) return remembered;
  const start = bucket * OFFSET_BUCKET_MS;
  const atStart = measuredOffsetMs(start, timeZone);
  if (atStart !== measuredOffsetMs(start + OFFSET_BUCKET_MS - 1000, timeZone))
    return measuredOffsetMs(instantMs, timeZone);
  if (zone.size >= MAX_REMEMBERED_OFFSETS) zone.clear();
  zone.set(bucket, atStart);
  return atStart;
}

/** Wall-clock fields of an instant in a zone, as if that wall clock were UTC (ms, whole seconds). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return wholeSeconds + offsetMs(wholeSeconds, timeZone);
}

/**
 * The instant a station's wall clock shows `date time`. Like Temporal's 'compatible'
 * disambiguation: a time repeated at fall-back takes the earlier (daylight) instant, and a
 * time skipped at spring-forward moves forward by the gap (02:30 → 03:30 PDT).
 */
export function zonedDateTimeToUtc(options: {
  date: string;
  time: string;
  timeZone: string;
}): Date {
  const local = utcMs({ ...requireIsoDate(options.date), minutes: requireTime(options.time) });
  // Zone offsets change at most once within a day on either side of any real transition.
  const before = local - offsetMs(local - DAY_MS, options.timeZone);
  const after = local - offsetMs(local + DAY_MS, options.timeZone);
  const matches = [before, after].filter(
    (candidate) => wallClockMs(candidate, options.timeZone) === local,
  );
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(before);
}

export function utcToZoned(options: { instant: Date; timeZone: string }): {
  date: string;
  time: string;
  weekday: number;
} {
  const wall = new Date(wallClockMs(options.instant.getTime(), options.timeZone));
  return {
    date: formatIsoDate(wall.getTime()),
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
    weekday: wall.getUTCDay(),
  };
}

/**
 * The slot a requested time belongs to (spec §4: any time within ±window minutes of a slot,
 * both ends inclusive), or null. The nearest slot wins should windows ever overlap.
 */
export function resolveSlot(options: {
  requestedTime: string;
  slots: Settings['slots'];
  windowMinutes: number;
}): SlotTime | null {
  const requested = parseTime(options.requestedTime);
  if (requested === null) return null;
  let best: { time: SlotTime; distance: number } | null = null;
  for (const slot of options.slots) {
    const slotMinutes = parseTime(slot.time);
    if (slotMinutes === null) continue;
    const distance = Math.abs(requested - slotMinutes);
    if (distance <= options.windowMinutes && (best === null || distance < best.distance)) {
      best = { time: slot.time, distance };
    }
  }
  return best?.time ?? null;
}

export const noticeFailureReasons = ['PAST', 'TOO_SOON', 'TOO_FAR'] as const;
export type NoticeFailureReason = (typeof noticeFailureReasons)[number];

export type NoticeCheck =
  { ok: true } | { ok: false; reason: NoticeFailureReason; message: string };

/** Spec §4: at least `minHours` before the event starts, at most `maxDays` calendar days ahead. */
export function checkNotice(options: {
  date: string;
  time: string;
  timeZone: string;
  now: Date;
  notice: Settings['notice'];
}): NoticeCheck {
  const { notice, now, timeZone } = options;
  const startsAt = zonedDateTimeToUtc(options);
  const leadMs = startsAt.getTime() - now.getTime();
  if (leadMs <= 0) {
    return { ok: false, reason: 'PAST', message: 'That date and time has already passed.' };
  }
  if (leadMs < notice.minHours * HOUR_MS) {
    return {
      ok: false,
      reason: 'TOO_SOON',
      message: `Online booking needs at least ${notice.minHours} hours' notice; our team will see whether a chef is free for this one.`,
    };
  }
  const today = utcToZoned({ instant: now, timeZone }).date;
  if (daysBetween(today, options.date) > notice.maxDays) {
    return {
      ok: false,
      reason: 'TOO_FAR',
      message: `We take bookings up to ${notice.maxDays} days ahead; the calendar opens through ${addDays(today, notice.maxDays)}.`,
    };
  }
  return { ok: true };
}
