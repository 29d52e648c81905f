import { defaultSettings } from '@teppan/core';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { renderBookingIcs, vtimezone } from './booking-ics.ts';

function parseEvent(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { event: new ICAL.Event(vevent), vevent };
}

const booking = {
  id: '6f1d0c1e-0000-4000-8000-000000000001',
  number: 'TP-2026-0042',
  adults: 10,
  children: 2,
  toddlers: 1,
  venue_address: '1 Main St, San Jose, CA 95112',
  venue_zip: '95112',
  status: 'confirmed',
  version: 3,
};

describe('renderBookingIcs', () => {
  it.each([
    // PDT (UTC-7): 18:00 local is 01:00Z the next day.
    ['2026-07-04T01:00:00Z', '2026-07-03T18:00:00'],
    // PST (UTC-8), the week after the fall-back change.
    ['2026-11-10T02:00:00Z', '2026-11-09T18:00:00'],
  ])('writes %s on the Los Angeles wall clock (%s) with its VTIMEZONE', (instant, local) => {
    const startsAt = new Date(instant);
    const ics = renderBookingIcs({
      booking: { ...booking, event_starts_at: startsAt },
      timeZone: 'America/Los_Angeles',
      eventDuration: defaultSettings.eventDuration,
      manageUrl: 'https://teppan.example/manage/tok',
    });
    const { event, vevent } = parseEvent(ics);
    expect(vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/Los_Angeles');
    expect(event.startDate.toString()).toBe(local);
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
    // 13 guests → the 100-minute tier.
    expect(event.endDate.toJSDate().getTime() - startsAt.getTime()).toBe(100 * 60_000);
    expect(event.summary).toBe('Hibachi party — TP-2026-0042');
    expect(event.location).toBe('1 Main St, San Jose, CA 95112');
    expect(event.description).toContain('https://teppan.example/manage/tok');
    expect(ics).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
  });

  it('falls back to the ZIP when there is no street address', () => {
    const ics = renderBookingIcs({
      booking: { ...booking, venue_address: null, event_starts_at: new Date() },
      timeZone: 'America/Los_Angeles',
      eventDuration: defaultSettings.eventDuration,
      manageUrl: 'https://teppan.example/manage/tok',
    });
    expect(parseEvent(ics).event.location).toBe('ZIP 95112');
  });

  it('keeps the UID, grows SEQUENCE with the version and follows the status', () => {
    const render = (over: { status: string; version: number }) => {
      const ics = renderBookingIcs({
        booking: { ...booking, ...over, event_starts_at: new Date('2026-07-04T01:00:00Z') },
        timeZone: 'America/Los_Angeles',
        eventDuration: defaultSettings.eventDuration,
        manageUrl: 'https://teppan.example/manage/tok',
      });
      const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
      const { event, vevent } = parseEvent(ics);
      return {
        uid: event.uid,
        sequence: event.sequence,
        status: vevent.getFirstPropertyValue('status'),
        method: calendar.getFirstPropertyValue('method'),
      };
    };
    const pending = render({ status: 'pending_deposit', version: 1 });
    const confirmed = render({ status: 'confirmed', version: 2 });
    const cancelled = render({ status: 'cancelled', version: 5 });
    expect(pending).toEqual({
      uid: `booking-${booking.id}@teppan`,
      sequence: 1,
      status: 'TENTATIVE',
      method: 'PUBLISH',
    });
    expect(confirmed).toMatchObject({ uid: pending.uid, sequence: 2, status: 'CONFIRMED' });
    expect(cancelled).toEqual({
      uid: pending.uid,
      sequence: 5,
      status: 'CANCELLED',
      method: 'CANCEL',
    });
  });

  it('has VTIMEZONE data only for zones it knows', () => {
    expect(vtimezone('America/Phoenix')).toContain('TZOFFSETTO:-0700');
    expect(vtimezone('Europe/Paris')).toBeNull();
  });
});
