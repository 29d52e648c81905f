import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settings.ts';
import {
  addDays,
  checkNotice,
  daysBetween,
  eachDate,
  isValidIsoDate,
  isValidTime,
  resolveSlot,
  utcToZoned,
  weekdayOf,
  zonedDateTimeToUtc,
} from './slots.ts';

const LA = 'America/Los_Angeles';

describe('resolveSlot', () => {
  const resolve = (requestedTime: string) =>
    resolveSlot({ requestedTime, slots: defaultSettings.slots, windowMinutes: 60 });

  it.each([
    ['12:00', '12:00'],
    ['11:00', '12:00'],
    ['13:00', '12:00'],
    ['10:59', null],
    ['13:01', null],
    ['14:00', '15:00'],
    ['16:00', '15:00'],
    ['17:00', '18:00'],
    ['19:00', '18:00'],
    ['19:30', null],
    ['20:00', '21:00'],
    ['22:00', '21:00'],
    ['22:01', null],
    ['00:00', null],
    ['7:00', null],
    ['25:00', null],
  ])('%s → %s', (time, slot) => {
    expect(resolve(time)).toBe(slot);
  });

  it('honours a different window', () => {
    expect(
      resolveSlot({ requestedTime: '12:30', slots: defaultSettings.slots, windowMinutes: 30 }),
    ).toBe('12:00');
    expect(
      resolveSlot({ requestedTime: '12:31', slots: defaultSettings.slots, windowMinutes: 30 }),
    ).toBe(null);
  });
});

describe('calendar dates', () => {
  it.each([
    ['2027-02-28', true],
    ['2027-02-29', false],
    ['2027-02-30', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2027-04-31', false],
    ['2027-12-31', true],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-1-01', false],
    ['2027-01-01T00:00', false],
    ['', false],
  ])('isValidIsoDate(%s) = %s', (date, valid) => {
    expect(isValidIsoDate(date)).toBe(valid);
  });

  it('validates times', () => {
    expect(isValidTime('00:00')).toBe(true);
    expect(isValidTime('23:59')).toBe(true);
    expect(isValidTime('24:00')).toBe(false);
    expect(isValidTime('9:00')).toBe(false);
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2027-06-01', 365)).toBe('2028-05-31');
    expect(() => addDays('2027-02-30', 1)).toThrow(RangeError);
  });

  it('lists each date inclusively', () => {
    expect(eachDate('2028-02-27', '2028-03-01')).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(eachDate('2027-01-01', '2027-01-01')).toEqual(['2027-01-01']);
    expect(eachDate('2027-01-02', '2027-01-01')).toEqual([]);
  });

  it('counts days and weekdays without time zone drift', () => {
    expect(daysBetween('2027-03-13', '2027-03-15')).toBe(2);
    expect(daysBetween('2027-03-15', '2027-03-13')).toBe(-2);
    expect(weekdayOf('2027-06-01')).toBe(2);
    expect(weekdayOf('2027-03-14')).toBe(0);
  });
});

describe('time zones (America/Los_Angeles)', () => {
  it('converts standard and daylight wall times', () => {
    expect(
      zonedDateTimeToUtc({ date: '2027-01-15', time: '12:00', timeZone: LA }).toISOString(),
    ).toBe('2027-01-15T20:00:00.000Z');
    expect(
      zonedDateTimeToUtc({ date: '2027-07-01', time: '18:00', timeZone: LA }).toISOString(),
    ).toBe('2027-07-02T01:00:00.000Z');
  });

  it('handles the spring-forward day (2027-03-14)', () => {
    expect(
      zonedDateTimeToUtc({ date: '2027-03-14', time: '01:30', timeZone: LA }).toISOString(),
    ).toBe('2027-03-14T09:30:00.000Z');
    // 02:30 does not exist; it moves forward by the one-hour gap to 03:30 PDT.
    expect(
      zonedDateTimeToUtc({ date: '2027-03-14', time: '02:30', timeZone: LA }).toISOString(),
    ).toBe('2027-03-14T10:30:00.000Z');
    expect(
      zonedDateTimeToUtc({ date: '2027-03-14', time: '12:00', timeZone: LA }).toISOString(),
    ).toBe('2027-03-14T19:00:00.000Z');
    expect(
      zonedDateTimeToUtc({ date: '2027-03-13', time: '12:00', timeZone: LA }).toISOString(),
    ).toBe('2027-03-13T20:00:00.000Z');
  });

  it('handles the fall-back day (2027-11-07)', () => {
    // 01:30 happens twice; the earlier (PDT, UTC−7) instant is chosen.
    expect(
      zonedDateTimeToUtc({ date: '2027-11-07', time: '01:30', timeZone: LA }).toISOString(),
    ).toBe('2027-11-07T08:30:00.000Z');
    expect(
      zonedDateTimeToUtc({ date: '2027-11-07', time: '18:00', timeZone: LA }).toISOString(),
    ).toBe('2027-11-08T02:00:00.000Z');
    expect(
      zonedDateTimeToUtc({ date: '2027-11-06', time: '18:00', timeZone: LA }).toISOString(),
    ).toBe('2027-11-07T01:00:00.000Z');
  });

  it('converts instants back to wall time and weekday', () => {
    expect(utcToZoned({ instant: new Date('2027-07-02T01:00:00Z'), timeZone: LA })).toEqual({
      date: '2027-07-01',
      time: '18:00',
      weekday: 4,
    });
    expect(utcToZoned({ instant: new Date('2027-11-07T09:30:00Z'), timeZone: LA })).toEqual({
      date: '2027-11-07',
      time: '01:30',
      weekday: 0,
    });
    expect(utcToZoned({ instant: new Date('2027-03-14T10:00:00Z'), timeZone: LA })).toEqual({
      date: '2027-03-14',
      time: '03:00',
      weekday: 0,
    });
  });

  it('round-trips every slot on every day of 2027', () => {
    for (const date of eachDate('2027-01-01', '2027-12-31')) {
      for (const { time } of defaultSettings.slots) {
        const instant = zonedDateTimeToUtc({ date, time, timeZone: LA });
        expect(utcToZoned({ instant, timeZone: LA })).toMatchObject({ date, time });
      }
    }
  });

  it('works for other zones', () => {
    expect(
      zonedDateTimeToUtc({
        date: '2027-03-28',
        time: '12:00',
        timeZone: 'Asia/Kolkata',
      }).toISOString(),
    ).toBe('2027-03-28T06:30:00.000Z');
    expect(
      zonedDateTimeToUtc({
        date: '2027-03-28',
        time: '01:30',
        timeZone: 'Europe/London',
      }).toISOString(),
    ).toBe('2027-03-28T01:30:00.000Z');
  });
  it('reads the wall clock right around every transition, whatever the zone', () => {
    // Offsets are remembered per quarter hour; compare with Intl read directly, minute by
    // minute through each transition, in zones with half-hour DST, 45-minute offsets and
    // an old offset in seconds (Monrovia before 1972).
    const direct = (instant: Date, timeZone: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        })
          .formatToParts(instant)
          .map((p) => [p.type, p.value]),
      );
      return {
        date: `${parts.year}-${parts.month}-${parts.day}`,
        time: `${parts.hour}:${parts.minute}`,
      };
    };
    // [zone, around, step]: Monrovia's change came at 00:44:30 UTC, inside a quarter hour.
    const windows: [string, string, number][] = [
      [LA, '2027-03-14T09:00:00Z', 67_000],
      [LA, '2027-11-07T08:00:00Z', 67_000],
      ['Australia/Lord_Howe', '2027-04-03T14:00:00Z', 67_000],
      ['Australia/Lord_Howe', '2027-10-02T15:00:00Z', 67_000],
      ['Asia/Kathmandu', '1986-01-01T00:00:00Z', 67_000],
      ['America/St_Johns', '2027-03-14T04:30:00Z', 67_000],
      ['Africa/Monrovia', '1972-01-07T00:44:30Z', 7_000],
    ];
    let checked = 0;
    for (const [timeZone, around, step] of windows) {
      const centre = Date.parse(around);
      for (let ms = centre - 3 * 3_600_000; ms <= centre + 3 * 3_600_000; ms += step) {
        const instant = new Date(ms);
        const { date, time } = utcToZoned({ instant, timeZone });
        expect({ date, time }, `${timeZone} ${instant.toISOString()}`).toEqual(
          direct(instant, timeZone),
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(6 * 300 + 3000);
  });
});

describe('checkNotice', () => {
  const notice = defaultSettings.notice;
  // 2027-06-01 12:00 PDT
  const now = new Date('2027-06-01T19:00:00Z');
  const check = (date: string, time: string, at = now) =>
    checkNotice({ date, time, timeZone: LA, now: at, notice });

  it('accepts exactly 48 hours ahead', () => {
    expect(check('2027-06-03', '12:00')).toEqual({ ok: true });
  });

  it('sends anything inside 48 hours to staff', () => {
    expect(check('2027-06-03', '11:59')).toMatchObject({ ok: false, reason: 'TOO_SOON' });
    expect(check('2027-06-01', '18:00')).toMatchObject({ ok: false, reason: 'TOO_SOON' });
  });

  it('rejects the past, including the current minute', () => {
    expect(check('2027-06-01', '11:00')).toMatchObject({ ok: false, reason: 'PAST' });
    expect(check('2027-06-01', '12:00')).toMatchObject({ ok: false, reason: 'PAST' });
  });

  it('measures 48 real hours across spring-forward', () => {
    // Friday 2027-03-12 12:00 PST = 20:00Z; Sunday 12:00 PDT = 19:00Z is only 47 h later.
    const friday = new Date('2027-03-12T20:00:00Z');
    expect(check('2027-03-14', '12:00', friday)).toMatchObject({ reason: 'TOO_SOON' });
    expect(check('2027-03-14', '13:00', friday)).toEqual({ ok: true });
  });

  it('allows up to 365 days ahead by station date', () => {
    // 2027-06-01 + 365 days = 2028-05-31 (2028-02-29 in between)
    expect(check('2028-05-31', '21:00')).toEqual({ ok: true });
    expect(check('2028-06-01', '12:00')).toMatchObject({ ok: false, reason: 'TOO_FAR' });
  });

  it('counts the 365 days from the station date, not the UTC date', () => {
    // 2027-06-01T06:30Z is still 2027-05-31 23:30 in Los Angeles; + 365 = 2028-05-30.
    const lateEvening = new Date('2027-06-01T06:30:00Z');
    expect(check('2028-05-30', '12:00', lateEvening)).toEqual({ ok: true });
    expect(check('2028-05-31', '12:00', lateEvening)).toMatchObject({ reason: 'TOO_FAR' });
  });
});
