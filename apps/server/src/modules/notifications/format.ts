/**
 * Dates in email read like a person wrote them. Event dates and slot times are wall-clock
 * values of the station, so they are formatted as UTC fields (no zone shift); instants
 * such as hold deadlines are shown in the station's zone with its abbreviation.
 */
const eventDate = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
});
const eventTime = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  hour: 'numeric',
  minute: '2-digit',
});

function wallClock(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time}:00Z`);
}

/** `2026-05-02` → `Saturday, May 2, 2026`; anything unparseable is shown as given. */
export function formatEventDate(date: string): string {
  const value = wallClock(date);
  return Number.isNaN(value.getTime()) ? date : eventDate.format(value);
}

/** `18:00` → `6:00 PM`. */
export function formatEventTime(time: string): string {
  const value = wallClock('2000-01-01', time);
  return Number.isNaN(value.getTime()) ? time : eventTime.format(value);
}

export function formatEventWhen(date: string, time: string): string {
  return `${formatEventDate(date)} at ${formatEventTime(time)}`;
}

export { formatInstant } from '@teppan/core';
