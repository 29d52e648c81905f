import { eventSchedule } from '@teppan/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { ConsentsRepository } from '../conversations/consents.repository.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

const STAFF_ALERTS = 'alerts@teppan.test';
const staffKey = { authorization: `Bearer ${STAFF_KEY}` };
const MINUTE = 60_000;
const DAY = 86_400_000;

let t: TestApp;
let stationId: string;
let chefIds: string[];
let chef: SignedIn;
let sequence = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { STAFF_ALERT_EMAIL: STAFF_ALERTS } });
  ({ stationId, chefIds } = await newStation(t.database.db, { code: 'CA-FOLLOW', chefs: 2 }));
  const chefStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
  await t.database.db
    .updateTable('ops.chefs')
    .set({ staff_id: chefStaff.id })
    .where('id', '=', chefIds[0]!)
    .execute();
  chef = await signIn(t.app, chefStaff);
});
afterAll(async () => t.close());

/** A booking made through the API, confirmed by staff; with the signed-in chef or none. */
async function confirmedBooking(options: { withChef: boolean; daysAhead?: number }) {
  sequence += 1;
  const made = await bookViaApi(t.app, {
    stationId,
    daysAhead: options.daysAhead ?? 20 + sequence,
    slot: '18:00',
    customer: { email: `follow.${sequence}@example.com`, name: `Guest ${sequence}` },
  });
  const confirmed = await t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/${made.payments[0]?.id}/confirm`,
    headers: staffKey,
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  if (options.withChef)
    await t.database.db
      .insertInto('ops.booking_chefs')
      .values({ booking_id: made.id, chef_id: chefIds[0]!, assigned_by: 'test' })
      .execute();
  return made;
}

async function plannedRow(bookingId: string, kind: string) {
  return t.database.db
    .selectFrom('core.scheduled_messages')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
}

async function dueNow(id: string) {
  await sql`update core.scheduled_messages set due_at = now() - interval '1 second' where id = ${id}`.execute(
    t.database.db,
  );
}

async function outbox(bookingId: string, template: string) {
  return t.database.db
    .selectFrom('marketing.outbox')
    .select(['id', 'subject', 'body'])
    .where('booking_id', '=', bookingId)
    .where('template', '=', template)
    .execute();
}

const onMyWay = (bookingId: string, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/bookings/${bookingId}/on-my-way`, headers });

describe('chef on the way', () => {
  it('the assigned chef taps "On my way": sent once, the planned one dropped', async () => {
    const booking = await confirmedBooking({ withChef: true });
    const planned = await plannedRow(booking.id, 'booking.chef_on_the_way');
    expect(planned.status).toBe('planned');

    const first = await onMyWay(booking.id, chef.headers);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ status: 'sent' });
    const again = await onMyWay(booking.id, chef.headers);
    expect(again.json()).toEqual({ status: 'already_sent' });
    expect((await plannedRow(booking.id, 'booking.chef_on_the_way')).status).toBe('cancelled');
    const sent = await outbox(booking.id, 'booking.chef_on_the_way');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain('Your chef is on the way');
  });

  it('the planned one is sent when due, then a tap sends nothing more', async () => {
    const booking = await confirmedBooking({ withChef: true });
    const planned = await plannedRow(booking.id, 'booking.chef_on_the_way');
    await dueNow(planned.id);
    expect(await t.container.scheduledMessages.process(planned.id)).toBe('sent');
    expect((await onMyWay(booking.id, staffKey)).json()).toEqual({ status: 'already_sent' });
    expect(await outbox(booking.id, 'booking.chef_on_the_way')).toHaveLength(1);
  });

  it('without a chef the planned one is skipped, and the tap is refused', async () => {
    const booking = await confirmedBooking({ withChef: false });
    const planned = await plannedRow(booking.id, 'booking.chef_on_the_way');
    await dueNow(planned.id);
    expect(await t.container.scheduledMessages.process(planned.id)).toBe('skipped');
    // Staff of the station: a booking with no chef cannot say a chef is on the way.
    const refused = await onMyWay(booking.id, staffKey);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'ON_MY_WAY_NOT_ALLOWED' } });
    // A chef not assigned to it: it does not exist for them.
    expect((await onMyWay(booking.id, chef.headers)).statusCode).toBe(404);
    expect(await outbox(booking.id, 'booking.chef_on_the_way')).toHaveLength(0);
  });
});

describe('a booking still without a chef a week ahead alerts staff once', () => {
  it('alerts once for an unassigned booking; none once a chef is assigned', async () => {
    const lonely = await confirmedBooking({ withChef: false });
    const row = await plannedRow(lonely.id, 'booking.unassigned_alert');
    const starts = await t.database.db
      .selectFrom('core.bookings')
      .select('event_starts_at')
      .where('id', '=', lonely.id)
      .executeTakeFirstOrThrow();
    expect(row.due_at.getTime()).toBe(starts.event_starts_at.getTime() - 7 * DAY);
    await dueNow(row.id);
    expect(await t.container.scheduledMessages.process(row.id)).toBe('sent');
    expect(await t.container.scheduledMessages.process(row.id)).toBe('already_processed');
    // A re-plan (any change to the booking) plans it again: when it runs, nothing is sent.
    const [replanned] = await t.database.db
      .insertInto('core.scheduled_messages')
      .values({ booking_id: lonely.id, kind: 'booking.unassigned_alert', due_at: new Date() })
      .returning('id')
      .execute();
    await dueNow(replanned!.id);
    expect(await t.container.scheduledMessages.process(replanned!.id)).toBe('skipped');
    const alerts = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['subject'])
      .where('booking_id', '=', lonely.id)
      .where('template', '=', 'booking.unassigned_alert')
      .execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toContain('No chef yet');

    const staffed = await confirmedBooking({ withChef: true });
    const staffedRow = await plannedRow(staffed.id, 'booking.unassigned_alert');
    await dueNow(staffedRow.id);
    expect(await t.container.scheduledMessages.process(staffedRow.id)).toBe('skipped');
    expect(await outbox(staffed.id, 'booking.unassigned_alert')).toHaveLength(0);
  });
});

async function complete(bookingId: string) {
  for (const status of ['in_progress', 'completed'])
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/bookings/${bookingId}/status`,
          headers: staffKey,
          payload: { status },
        })
      ).statusCode,
    ).toBe(200);
}

describe('after the event', () => {
  it('review reminder and referral ask are sent; re-engagement only with email marketing consent', async () => {
    const booking = await confirmedBooking({ withChef: true });
    await complete(booking.id);
    for (const kind of ['booking.review_reminder', 'booking.referral_ask']) {
      const row = await plannedRow(booking.id, kind);
      await dueNow(row.id);
      expect(await t.container.scheduledMessages.process(row.id)).toBe('sent');
      expect(await outbox(booking.id, kind)).toHaveLength(1);
    }
    const idle = await plannedRow(booking.id, 'booking.reengagement');
    await dueNow(idle.id);
    expect(await t.container.scheduledMessages.process(idle.id)).toBe('skipped');
    expect((await t.container.scheduledMessages.process(idle.id)) === 'already_processed').toBe(
      true,
    );

    const consenting = await confirmedBooking({ withChef: true });
    await new ConsentsRepository(t.database.db, t.container.fieldCrypto).record({
      email: `follow.${sequence}@example.com`,
      channel: 'email',
      purpose: 'marketing',
      status: 'opted_in',
      source: 'test',
    });
    await complete(consenting.id);
    const row = await plannedRow(consenting.id, 'booking.reengagement');
    await dueNow(row.id);
    expect(await t.container.scheduledMessages.process(row.id)).toBe('sent');
    const [sent] = await outbox(consenting.id, 'booking.reengagement');
    expect(sent?.body).toContain('you agreed to hear from us by email');
  });
});

describe('a changed reminder setting applies to a new booking', () => {
  it('moves each planned message by the new value', async () => {
    const before = await t.container.settings.getForStation(stationId);
    const admin = { id: 'admin-follow', role: 'admin' as const, stationIds: [stationId] };
    const applied = await t.container.settingsAdmin.propose(admin, {
      stationId,
      baseVersion: before.version,
      settings: {
        ...before.settings,
        reminders: {
          ...before.settings.reminders,
          chefOnTheWayMinutesBefore: 25,
          reviewRequestHoursAfter: 6,
          reviewReminderDaysAfter: 5,
          referralAskDaysAfter: 10,
          reengagementIdleDays: 45,
        },
      },
    });
    expect(applied).toMatchObject({ status: 'applied' });

    const booking = await confirmedBooking({ withChef: true });
    const row = await t.database.db
      .selectFrom('core.bookings')
      .select([
        'event_starts_at',
        'date',
        'slot',
        'requested_time',
        'adults',
        'children',
        'toddlers',
      ])
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    const starts = row.event_starts_at.getTime();
    expect((await plannedRow(booking.id, 'booking.chef_on_the_way')).due_at.getTime()).toBe(
      starts - 25 * MINUTE,
    );
    await complete(booking.id);
    const request = (await plannedRow(booking.id, 'booking.review_request')).due_at.getTime();
    const ends = eventSchedule({
      date: row.date,
      time: row.requested_time ?? row.slot,
      timeZone: before.station.timeZone,
      guests: row.adults + row.children + row.toddlers,
      settings: before.settings.eventDuration,
    }).endsAt.getTime();
    expect(ends).toBeGreaterThan(starts);
    expect(request).toBe(ends + 6 * 60 * MINUTE);
    expect((await plannedRow(booking.id, 'booking.review_reminder')).due_at.getTime()).toBe(
      request + 5 * DAY,
    );
    expect((await plannedRow(booking.id, 'booking.referral_ask')).due_at.getTime()).toBe(
      ends + 10 * DAY,
    );
    expect((await plannedRow(booking.id, 'booking.reengagement')).due_at.getTime()).toBe(
      ends + 45 * DAY,
    );
  });
});
