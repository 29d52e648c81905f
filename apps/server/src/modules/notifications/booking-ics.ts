import { eventDurationMinutes, type Settings } from '@teppan/core';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DEFAULT_BRAND, type Brand } from './brand.ts';
import { zonedDateTime } from './temporal-stub.ts';

export interface BookingIcsInput {
  booking: {
    id: string;
    number: string;
    event_starts_at: Date;
    adults: number;
    children: number;
    toddlers: number;
    venue_address: string | null;
    venue_zip: string;
    /** Decides STATUS (and METHOD:CANCEL once cancelled). */
    status: string;
    /** The optimistic-lock version: every change bumps it, so it is the event's SEQUENCE. */
    version: number;
  };
  /** The station's IANA zone: the event's times are written on its wall clock. */
  timeZone: string;
  eventDuration: Settings['eventDuration'];
  manageUrl: string;
  brand?: Brand;
  /** DTSTAMP: when this copy was made. */
  now?: Date;
}

/**
 * US zones with today's rules (since 2007). Outlook and some older clients need the
 * VTIMEZONE block to place a TZID time; zones not listed still carry their IANA TZID,
 * which modern clients resolve themselves.
 */
const usZones: Record<string, { std: [string, string]; dst: [string, string] | null }> = {
  'America/Los_Angeles': { std: ['-0800', 'PST'], dst: ['-0700', 'PDT'] },
  'America/Denver': { std: ['-0700', 'MST'], dst: ['-0600', 'MDT'] },
  'America/Phoenix': { std: ['-0700', 'MST'], dst: null },
  'America/Chicago': { std: ['-0600', 'CST'], dst: ['-0500', 'CDT'] },
  'America/New_York': { std: ['-0500', 'EST'], dst: ['-0400', 'EDT'] },
};

/** One STANDARD or DAYLIGHT block of a VTIMEZONE; `rule` absent for a zone with no DST. */
function observance(
  kind: 'STANDARD' | 'DAYLIGHT',
  o: { from: string; to: string; name: string; start: string; rule?: string },
): string[] {
  return [
    `BEGIN:${kind}`,
    `TZOFFSETFROM:${o.from}`,
    `TZOFFSETTO:${o.to}`,
    `TZNAME:${o.name}`,
    `DTSTART:${o.start}`,
    ...(o.rule ? [`RRULE:${o.rule}`] : []),
    `END:${kind}`,
  ];
}

export function vtimezone(tzid: string): string | null {
  const zone = usZones[tzid];
  if (!zone) return null;
  const [stdOffset, stdName] = zone.std;
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tzid}`, `X-LIC-LOCATION:${tzid}`];
  if (zone.dst) {
    const [dstOffset, dstName] = zone.dst;
    lines.push(
      ...observance('DAYLIGHT', {
        from: stdOffset,
        to: dstOffset,
        name: dstName,
        start: '19700308T020000',
        rule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      }),
      ...observance('STANDARD', {
        from: dstOffset,
        to: stdOffset,
        name: stdName,
        start: '19701101T020000',
        rule: 'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      }),
    );
  } else {
    lines.push(
      ...observance('STANDARD', {
        from: stdOffset,
        to: stdOffset,
        name: stdName,
        start: '19700101T000000',
      }),
    );
  }
  lines.push('END:VTIMEZONE');
  return `${lines.join('\r\n')}\r\n`;
}

export function bookingEventEnd(input: {
  startsAt: Date;
  guests: number;
  eventDuration: Settings['eventDuration'];
}): Date {
  const minutes = eventDurationMinutes({ guests: input.guests, settings: input.eventDuration });
  return new Date(input.startsAt.getTime() + minutes * 60_000);
}

/**
 * What a calendar says of the booking's state: tentative until the deposit confirms it,
 * cancelled (and sent as a CANCEL) once cancelled.
 */
export function icsStatusOf(status: string): {
  method: ICalCalendarMethod;
  status: ICalEventStatus;
} {
  if (status === 'cancelled')
    return { method: ICalCalendarMethod.CANCEL, status: ICalEventStatus.CANCELLED };
  if (status === 'pending_deposit')
    return { method: ICalCalendarMethod.PUBLISH, status: ICalEventStatus.TENTATIVE };
  return { method: ICalCalendarMethod.PUBLISH, status: ICalEventStatus.CONFIRMED };
}

/**
 * The booking as a one-event calendar. The same UID on every copy and a SEQUENCE that grows
 * with each change (the booking's version), so a calendar replaces its older copy instead of
 * keeping both — the email attachments and the manage page's download alike.
 */
export function renderBookingIcs(input: BookingIcsInput): string {
  const { booking, timeZone } = input;
  const state = icsStatusOf(booking.status);
  const brand = input.brand ?? DEFAULT_BRAND;
  const guests = booking.adults + booking.children + booking.toddlers;
  const startsAt = booking.event_starts_at;
  const endsAt = bookingEventEnd({ startsAt, guests, eventDuration: input.eventDuration });
  const calendar = ical({
    prodId: { company: brand.name, product: 'Bookings', language: 'EN' },
    method: state.method,
    name: brand.name,
    // No calendar-wide zone: with one, ical-generator writes DTSTAMP as local time, and
    // RFC 5545 wants it in UTC. The generator still emits the event zone's VTIMEZONE.
    timezone: { name: null, generator: vtimezone },
  });
  calendar.createEvent({
    id: `booking-${booking.id}@teppan`,
    sequence: booking.version,
    start: zonedDateTime(startsAt, timeZone),
    end: zonedDateTime(endsAt, timeZone),
    timezone: timeZone,
    stamp: input.now ?? new Date(),
    summary: `${booking.status === 'cancelled' ? 'Cancelled: ' : ''}Hibachi party — ${booking.number}`,
    location: booking.venue_address
      ? `${booking.venue_address}${booking.venue_address.includes(booking.venue_zip) ? '' : ` ${booking.venue_zip}`}`
      : `ZIP ${booking.venue_zip}`,
    description: [
      `${brand.name}: hibachi party for ${guests} guests (booking ${booking.number}).`,
      `Your chef arrives ${input.eventDuration.chefArrivalMinutesBefore} minutes early to set up.`,
      `Manage your booking: ${input.manageUrl}`,
      `Questions: ${brand.contactEmail} · ${brand.contactPhone}`,
    ].join('\n'),
    url: input.manageUrl,
    status: state.status,
  });
  return calendar.toString();
}
