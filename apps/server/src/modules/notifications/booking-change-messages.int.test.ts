import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation } from '../../test/factories.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';
import { chooseDeposit, requestHold, signHold } from '../bookings/hold-flow.test-helper.ts';
import type { OutboxAttachment } from '../messaging/outbox.repository.ts';
import { formatEventWhen } from './format.ts';

let t: TestApp;
let admin: SignedIn;
// The container's clock: moved forward to cancel late.
let clock: Date | null = null;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock ?? new Date() });
  const { stationId } = await newStation(t.database.db, { chefs: 3 });
  admin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] }),
  );
});
afterAll(async () => t.close());

interface Booked {
  id: string;
  manageToken: string;
  version: number;
  payments: { id: string }[];
}

async function book(input: { date: string; slot?: string; sms?: boolean }): Promise<Booked> {
  const extra: Record<string, unknown> = { customer: customer() };
  if (input.sms !== undefined)
    extra.consents = { sms: input.sms, email: true, text: 'Text and email me about my booking.' };
  const hold = await requestHold(t.app, { date: input.date, slot: input.slot ?? '18:00', extra });
  expect(hold.statusCode, hold.body).toBe(201);
  const holdId = hold.json<{ id: string }>().id;
  expect((await signHold(t.app, holdId)).statusCode).toBe(200);
  const deposit = await chooseDeposit(t.app, holdId, 'zelle');
  expect(deposit.statusCode, deposit.body).toBe(201);
  return deposit.json<Booked>();
}

async function confirmDeposit(booking: Booked) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
    headers: { authorization: `Bearer ${STAFF_KEY}` },
  });
  expect(res.statusCode, res.body).toBe(200);
}

const auth = (b: Booked) => ({ 'x-booking-token': b.manageToken });

async function outboxRows(bookingId: string, template: string, channel = 'email') {
  return t.database.db
    .selectFrom('marketing.outbox')
    .select(['body', 'subject', 'attachments', 'dedupe_key', 'recipient'])
    .where('booking_id', '=', bookingId)
    .where('template', '=', template)
    .where('channel', '=', channel)
    .orderBy('id')
    .execute();
}

function calendarOf(row: { attachments: unknown }) {
  const [attachment] = row.attachments as OutboxAttachment[];
  if (!attachment) throw new Error('no .ics attached');
  const calendar = new ICAL.Component(ICAL.parse(attachment.content) as unknown[]);
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  return {
    contentType: attachment.contentType,
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
    start: event.startDate.toString(),
  };
}

async function bookingRow(id: string) {
  return t.database.db
    .selectFrom('core.bookings')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('a message for every change', () => {
  it('a reschedule records one updated confirmation with the new date, once', async () => {
    const booking = await book({ date: dateAhead(40) });
    const newDate = dateAhead(41);
    const payload = { date: newDate, slot: '21:00', requestedTime: '20:30' };
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/reschedule`,
      headers: auth(booking),
      payload,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const version = moved.json<{ version: number }>().version;
    // The same request again changes nothing and sends nothing.
    const replay = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/reschedule`,
      headers: auth(booking),
      payload,
    });
    expect(replay.statusCode).toBe(409);
    const rows = await outboxRows(booking.id, 'booking.changed');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    if (!row) throw new Error('no row');
    // The station's wall clock (Los Angeles), the requested time within the new slot.
    expect(row.body).toContain(`to ${formatEventWhen(newDate, '20:30')}`);
    expect(row.body).toContain('not yet confirmed');
    expect(row.dedupe_key).toBe(`booking.changed:${booking.id}:v${version}`);
    const ics = calendarOf(row);
    expect(ics).toMatchObject({
      method: 'PUBLISH',
      uid: `booking-${booking.id}@teppan`,
      sequence: version,
      status: 'TENTATIVE',
      tzid: 'America/Los_Angeles',
      start: `${newDate}T20:30:00`,
    });
    // Recording the same change again (a retried transaction) is a no-op.
    const replayed = await t.container.notifications.recordBookingChangeMessages(
      t.database.db,
      'booking.changed',
      {
        booking: await bookingRow(booking.id),
        customer: { name: 'X', email: 'x@example.com', phone: '(510) 555-0000' },
        quote: null,
        station: { timeZone: 'America/Los_Angeles' },
        settings: {
          eventDuration: (
            await t.container.settings.getForStation((await bookingRow(booking.id)).station_id)
          ).settings.eventDuration,
        },
        manageUrl: 'https://teppan.example/manage/x',
        change: { parts: ['date'], isAwaitingDeposit: true },
      },
    );
    expect(replayed.email).toBe(false);
    expect(await outboxRows(booking.id, 'booking.changed')).toHaveLength(1);
    // The manage page's download is the same event at the same sequence.
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}/calendar.ics`,
      headers: auth(booking),
    });
    expect(download.statusCode).toBe(200);
    expect(calendarOf({ attachments: [{ content: download.body }] })).toMatchObject({
      uid: ics.uid,
      sequence: version,
      status: 'TENTATIVE',
    });
  });

  it('guest and menu changes, by the guest and by staff, each record one message; sequence grows', async () => {
    const booking = await book({ date: dateAhead(45) });
    await confirmDeposit(booking);
    let version = (await bookingRow(booking.id)).version;
    const guests = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/bookings/${booking.id}`,
      headers: auth(booking),
      payload: { version, adults: 15, proteins: { chicken: 17, shrimp: 17 } },
    });
    expect(guests.statusCode, guests.body).toBe(200);
    version = guests.json<{ version: number }>().version;
    // A note alone is not a booking change: no message.
    const note = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/bookings/${booking.id}`,
      headers: auth(booking),
      payload: { version, specialRequests: 'Birthday' },
    });
    expect(note.statusCode, note.body).toBe(200);
    version = note.json<{ version: number }>().version;
    const staff = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/bookings/${booking.id}`,
      headers: admin.headers,
      payload: { version, adults: 16, proteins: { chicken: 18, shrimp: 18 } },
    });
    expect(staff.statusCode, staff.body).toBe(200);
    const rows = await outboxRows(booking.id, 'booking.changed');
    expect(rows).toHaveLength(2);
    const [first, second] = rows.map((r) => ({ body: r.body, ics: calendarOf(r) }));
    expect(first?.body).toContain('The guest count is now 18.'); // 15 adults, 2 children, 1 toddler
    expect(first?.body).toContain('Your booking stays confirmed.');
    expect(second?.body).toContain('The guest count is now 19.');
    expect(first?.ics.status).toBe('CONFIRMED');
    expect(second?.ics.uid).toBe(first?.ics.uid);
    expect(second?.ics.sequence).toBeGreaterThan(first?.ics.sequence ?? Infinity);
  });

  it('an unpaid cancellation promises no refund and cancels the calendar entry', async () => {
    const booking = await book({ date: dateAhead(50) });
    const before = (await bookingRow(booking.id)).version;
    const cancel = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/bookings/${booking.id}/cancel`,
        headers: auth(booking),
        payload: {},
      });
    expect((await cancel()).statusCode).toBe(200);
    expect((await cancel()).statusCode).toBe(409);
    const rows = await outboxRows(booking.id, 'booking.cancelled');
    expect(rows).toHaveLength(1);
    const body = rows[0]?.body ?? '';
    expect(body).toContain('No deposit was paid on this booking');
    expect(body).not.toMatch(/will be refunded|on its way/);
    expect(body).toContain('Refund: None — no deposit was paid');
    expect(calendarOf(rows[0] ?? { attachments: [] })).toMatchObject({
      method: 'CANCEL',
      status: 'CANCELLED',
      uid: `booking-${booking.id}@teppan`,
      sequence: before + 1,
      contentType: 'text/calendar; charset=utf-8; method=CANCEL',
    });
  });

  it('a paid deposit cancelled 4 days or more ahead by staff approval is refunded', async () => {
    const booking = await book({ date: dateAhead(55) });
    await confirmDeposit(booking);
    const request = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${booking.id}/cancellation-request`,
      headers: admin.headers,
      payload: { reason: 'Venue flooded' },
    });
    expect(request.statusCode, request.body).toBe(200);
    // Asking is not cancelling: nothing yet.
    expect(await outboxRows(booking.id, 'booking.cancelled')).toHaveLength(0);
    const approve = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${booking.id}/cancellation-request/approve`,
      headers: admin.headers,
      payload: {},
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const rows = await outboxRows(booking.id, 'booking.cancelled');
    expect(rows).toHaveLength(1);
    const body = rows[0]?.body ?? '';
    expect(body).toContain('your $100.00 deposit will be refunded');
    expect(body).toContain('Refund: $100.00 (your deposit), on its way');
    expect(body).toContain('cancelled by us');
    expect(body).toContain('Reason: Venue flooded');
  });

  it('a paid deposit cancelled less than 4 days ahead is forfeited, not promised back', async () => {
    const booking = await book({ date: dateAhead(60) });
    await confirmDeposit(booking);
    const row = await bookingRow(booking.id);
    clock = new Date(row.event_starts_at.getTime() - 2 * 86_400_000);
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/bookings/${booking.id}/cancel`,
        headers: auth(booking),
        payload: {},
      });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      clock = null;
    }
    const rows = await outboxRows(booking.id, 'booking.cancelled');
    expect(rows).toHaveLength(1);
    const body = rows[0]?.body ?? '';
    expect(body).toContain('the $100.00 deposit is not refunded');
    expect(body).toContain('Refund: None — the $100.00 deposit is not refundable');
    expect(body).toContain('As you asked');
    expect(body).not.toContain('will be refunded');
  });

  it('texts the change only to a number that consented to booking texts', async () => {
    const texted = await book({ date: dateAhead(65), sms: true });
    const silent = await book({ date: dateAhead(66), sms: false });
    for (const booking of [texted, silent]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/bookings/${booking.id}/cancel`,
        headers: auth(booking),
        payload: {},
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const sms = await outboxRows(texted.id, 'booking.cancelled', 'sms');
    expect(sms).toHaveLength(1);
    expect(sms[0]?.body).toContain('is cancelled. No deposit was paid, so nothing is owed.');
    expect(sms[0]?.body).toContain('Reply STOP');
    expect(await outboxRows(silent.id, 'booking.cancelled', 'sms')).toHaveLength(0);
    expect(await outboxRows(silent.id, 'booking.cancelled')).toHaveLength(1);
  });
});
