import { utcToZoned, weekdayOf } from '@teppan/core';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026-06-13" → "Saturday, June 13, 2026" (the year keeps the guardrail check exact). */
export function displayDate(isoDate: string): string {
  const month = MONTHS[Number(isoDate.slice(5, 7)) - 1] ?? '';
  const weekday = WEEKDAYS[weekdayOf(isoDate)] ?? '';
  return `${weekday}, ${month} ${Number(isoDate.slice(8, 10))}, ${isoDate.slice(0, 4)}`;
}

/** "18:00" → "6:00 PM". */
export function displayTime(time: string): string {
  const hour = Number(time.slice(0, 2));
  const minute = time.slice(3, 5);
  const suffix = hour >= 12 ? 'PM' : 'AM';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${minute} ${suffix}`;
}

/** An ISO instant as the station's wall clock: "2:00 PM on Wednesday, June 10, 2026". */
export function displayInstant(iso: string, timeZone: string): string {
  const local = utcToZoned({ instant: new Date(iso), timeZone });
  return `${displayTime(local.time)} on ${displayDate(local.date)}`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
