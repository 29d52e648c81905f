import type {
  ICalTemporalInstantStub,
  ICalTemporalPlainDateStub,
  ICalTemporalPlainDateTimeStub,
  ICalTemporalZonedDateTimeStub,
} from 'ical-generator';

/**
 * ical-generator writes a plain `Date` with a TZID using the *process's* local clock, so
 * a server running in UTC would put 01:00 into a 18:00 Los Angeles party. It reads
 * Temporal objects correctly; Node 20 has no Temporal, so this is the minimum of one,
 * built on Intl: an instant seen on a named zone's wall clock.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFields(instant: Date, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function plainDate(f: { year: number; month: number; day: number }): ICalTemporalPlainDateStub {
  const text = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
  return { ...f, toJSON: () => text, toString: () => text };
}

function instantStub(instant: Date): ICalTemporalInstantStub {
  return {
    epochMilliseconds: instant.getTime(),
    toJSON: () => instant.toISOString(),
    toString: () => instant.toISOString(),
    toZonedDateTimeISO: (timeZone: string) => zonedDateTime(instant, timeZone),
  };
}

export function zonedDateTime(instant: Date, timeZone: string): ICalTemporalZonedDateTimeStub {
  const f = wallClockFields(instant, timeZone);
  const local = `${plainDate(f).toString()}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
  const plain: ICalTemporalPlainDateTimeStub = {
    ...f,
    toJSON: () => local,
    toString: () => local,
    toPlainDate: () => plainDate(f),
    toZonedDateTime: (zone: string) => zonedDateTime(instant, zone),
  };
  return {
    ...f,
    timeZoneId: timeZone,
    toInstant: () => instantStub(instant),
    toJSON: () => `${local}[${timeZone}]`,
    toString: () => `${local}[${timeZone}]`,
    toPlainDateTime: () => plain,
    withTimeZone: (zone: string) => zonedDateTime(instant, zone),
  };
}
