import { describe, expect, it } from 'vitest';
import { eventDurationMinutes, eventSchedule } from './duration.ts';
import { defaultSettings } from './settings.ts';

const settings = defaultSettings.eventDuration;

describe('eventDurationMinutes', () => {
  it.each([
    [1, 90],
    [10, 90],
    [11, 100],
    [20, 100],
    [21, 110],
    [30, 110],
    [31, 120],
    [80, 120],
  ])('%i guests → %i min', (guests, minutes) => {
    expect(eventDurationMinutes({ guests, settings })).toBe(minutes);
  });
});

describe('eventSchedule', () => {
  it('places the event in the station zone with the chef 20 min early', () => {
    // 18:00 PDT = 01:00Z next day; 12 guests → 100 min
    expect(
      eventSchedule({
        date: '2027-07-01',
        time: '18:00',
        timeZone: 'America/Los_Angeles',
        guests: 12,
        settings,
      }),
    ).toEqual({
      startsAt: new Date('2027-07-02T01:00:00Z'),
      endsAt: new Date('2027-07-02T02:40:00Z'),
      chefArrivesAt: new Date('2027-07-02T00:40:00Z'),
    });
  });

  it('uses standard time in winter', () => {
    // 21:00 PST = 05:00Z; 35 guests → 120 min
    expect(
      eventSchedule({
        date: '2027-12-31',
        time: '21:00',
        timeZone: 'America/Los_Angeles',
        guests: 35,
        settings,
      }),
    ).toEqual({
      startsAt: new Date('2028-01-01T05:00:00Z'),
      endsAt: new Date('2028-01-01T07:00:00Z'),
      chefArrivesAt: new Date('2028-01-01T04:40:00Z'),
    });
  });
});
