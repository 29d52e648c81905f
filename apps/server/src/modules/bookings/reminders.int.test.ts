import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { dateAhead, newStation } from '../../test/factories.ts';
import { chooseDeposit, requestHold, signHold } from './hold-flow.test-helper.ts';

let t: TestApp;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db, { chefs: 2 });
});
afterAll(async () => t.close());

const staff = { authorization: `Bearer ${STAFF_KEY}` };

async function planned(target: { holdId?: string; bookingId?: string }) {
  let query = t.database.db
    .selectFrom('core.scheduled_messages')
    .select(['id', 'kind', 'due_at', 'status'])
    .orderBy('due_at');
  if (target.holdId) query = query.where('hold_id', '=', target.holdId);
  if (target.bookingId) query = query.where('booking_id', '=', target.bookingId);
  return query.execute();
}

async function placeHold(date: string, slot = '18:00') {
  const hold = await requestHold(t.app, { date, slot });
  expect(hold.statusCode).toBe(201);
  return hold.json<{ id: string; signDeadline: string }>();
}

/** Hold, signature and the default deposit: an unpaid booking. */
async function placeBooking(date: string) {
  const hold = await placeHold(date);
  await signHold(t.app, hold.id);
  return (await chooseDeposit(t.app, hold.id)).json<{
    id: string;
    version: number;
    manageToken: string;
    eventStartsAt: string;
    payments: { id: string }[];
  }>();
}

describe('reminder planning follows the booking', () => {
  it('plans hold warnings and deadlines, then booking reminders; re-plans and drops them', async () => {
    const hold = await placeHold(dateAhead(30));
    const signDeadline = new Date(hold.signDeadline).getTime();
    expect(
      (await planned({ holdId: hold.id })).map((m) => [m.kind, m.due_at.getTime(), m.status]),
    ).toEqual([
      ['hold.sign_warning', signDeadline - HOUR, 'planned'],
      ['hold.sign_deadline', signDeadline, 'planned'],
    ]);

    const signed = await signHold(t.app, hold.id);
    const depositDeadline = new Date(
      signed.json<{ depositDeadline: string }>().depositDeadline,
    ).getTime();
    const afterSign = await planned({ holdId: hold.id });
    expect(
      afterSign.filter((m) => m.status === 'planned').map((m) => [m.kind, m.due_at.getTime()]),
    ).toEqual([
      ['hold.deposit_warning', depositDeadline - HOUR],
      ['hold.deposit_deadline', depositDeadline],
    ]);
    expect(
      afterSign
        .filter((m) => m.kind.startsWith('hold.sign'))
        .every((m) => m.status === 'cancelled'),
    ).toBe(true);

    const deposit = await chooseDeposit(t.app, hold.id);
    const booking = deposit.json<{
      id: string;
      eventStartsAt: string;
      manageToken: string;
      payments: { id: string }[];
    }>();
    expect((await planned({ holdId: hold.id })).every((m) => m.status !== 'planned')).toBe(true);
    const starts = new Date(booking.eventStartsAt).getTime();
    const bookingPlan = (await planned({ bookingId: booking.id })).filter(
      (m) => m.status === 'planned',
    );
    expect(bookingPlan.map((m) => m.kind)).toEqual([
      'booking.deposit_nudge',
      'booking.deposit_warning',
      'booking.deposit_deadline',
      'booking.unassigned_alert',
      'booking.reminder_48h',
      'booking.reminder_24h',
      'booking.chef_on_the_way',
    ]);
    // The hold's deposit deadline stays in force on the unpaid booking (SPEC §4).
    expect(bookingPlan[1]?.due_at.getTime()).toBe(depositDeadline - HOUR);
    expect(bookingPlan[2]?.due_at.getTime()).toBe(depositDeadline);
    expect(bookingPlan[3]?.due_at.getTime()).toBe(starts - 7 * DAY);
    expect(bookingPlan[4]?.due_at.getTime()).toBe(starts - 48 * HOUR);
    expect(bookingPlan[5]?.due_at.getTime()).toBe(starts - 24 * HOUR);
    expect(bookingPlan[6]?.due_at.getTime()).toBe(starts - HOUR);

    await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
      headers: staff,
    });
    const confirmedPlan = (await planned({ bookingId: booking.id })).filter(
      (m) => m.status === 'planned',
    );
    expect(confirmedPlan.map((m) => m.kind)).toEqual([
      'booking.unassigned_alert',
      'booking.reminder_48h',
      'booking.reminder_24h',
      'booking.chef_on_the_way',
    ]);

    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/reschedule`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { date: dateAhead(33), slot: '12:00' },
    });
    const newStart = new Date(moved.json<{ eventStartsAt: string }>().eventStartsAt).getTime();
    const movedPlan = (await planned({ bookingId: booking.id })).filter(
      (m) => m.status === 'planned',
    );
    expect(movedPlan.map((m) => m.due_at.getTime())).toEqual([
      newStart - 7 * DAY,
      newStart - 48 * HOUR,
      newStart - 24 * HOUR,
      newStart - HOUR,
    ]);

    await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/cancel`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: {},
    });
    expect(
      (await planned({ bookingId: booking.id })).filter((m) => m.status === 'planned'),
    ).toEqual([]);
  });

  it('plans the review request 24 h after a completed event ends, then the follow-ups', async () => {
    const booking = await placeBooking(dateAhead(31));
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
      headers: staff,
    });
    const skipped = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/status`,
      headers: staff,
      payload: { status: 'completed' },
    });
    expect(skipped.statusCode).toBe(409); // confirmed → completed skips in_progress
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/status`,
      headers: staff,
      payload: { status: 'in_progress' },
    });
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/status`,
      headers: staff,
      payload: { status: 'completed' },
    });
    expect(done.statusCode, done.body).toBe(200);
    const plan = (await planned({ bookingId: booking.id })).filter((m) => m.status === 'planned');
    // 12 guests → 100 minutes; the review request goes 24 h after the end.
    const end = new Date(booking.eventStartsAt).getTime() + 100 * 60_000;
    expect(plan.map((m) => [m.kind, m.due_at.getTime()])).toEqual([
      ['booking.review_request', end + 24 * HOUR],
      ['booking.review_reminder', end + 24 * HOUR + 3 * DAY],
      ['booking.referral_ask', end + 7 * DAY],
      ['booking.reengagement', end + 30 * DAY],
    ]);
  });
});

describe('processing scheduled messages', () => {
  it('expires an unsigned hold at its deadline, frees the place and records one message', async () => {
    const date = dateAhead(45);
    const hold = await placeHold(date, '21:00');
    const rows = await planned({ holdId: hold.id });
    const deadlineRow = rows.find((m) => m.kind === 'hold.sign_deadline')!;
    const warningRow = rows.find((m) => m.kind === 'hold.sign_warning')!;

    // Before the deadline nothing happens and the row stays planned.
    expect(await t.container.scheduledMessages.process(deadlineRow.id)).toBe('not_due');
    expect(await t.container.scheduledMessages.process(warningRow.id)).toBe('not_due');
    await sql`update core.scheduled_messages set due_at = now() - interval '1 second' where id = ${warningRow.id}`.execute(
      t.database.db,
    );
    expect(await t.container.scheduledMessages.process(warningRow.id)).toBe('sent');

    await sql`update core.holds set expires_at = now() - interval '1 second', sign_deadline = now() - interval '1 second' where id = ${hold.id}`.execute(
      t.database.db,
    );
    await sql`update core.scheduled_messages set due_at = now() - interval '1 second' where id = ${deadlineRow.id}`.execute(
      t.database.db,
    );
    expect(await t.container.scheduledMessages.process(deadlineRow.id)).toBe('expired');
    expect(await t.container.scheduledMessages.process(deadlineRow.id)).toBe('already_processed');
    const after = await t.database.db
      .selectFrom('core.holds')
      .select('status')
      .where('id', '=', hold.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('expired');
    const outbox = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['template', 'subject'])
      .where('dedupe_key', 'in', [`scheduled:${deadlineRow.id}`, `scheduled:${warningRow.id}`])
      .orderBy('id')
      .execute();
    expect(outbox).toEqual([
      { template: 'hold.sign_warning', subject: 'Your hibachi date is held for one more hour' },
      { template: 'hold.sign_deadline', subject: 'Your hold has expired' },
    ]);
    const availability = await t.app.inject({
      method: 'GET',
      url: `/api/v1/availability?from=${date}&to=${date}`,
    });
    const slot = availability
      .json<{ days: { slots: { slot: string; taken: number }[] }[] }>()
      .days[0]?.slots.find((s) => s.slot === '21:00');
    expect(slot?.taken).toBe(0);
    const signLate = await signHold(t.app, hold.id);
    expect(signLate.json<{ error: { code: string } }>().error.code).toBe('HOLD_EXPIRED');
  });

  it('the 24 h reminder recaps the allergens on file; the outbox lists it', async () => {
    const booking = await placeBooking(dateAhead(46));
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/bookings/${booking.id}`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { version: booking.version, allergens: ['shellfish (guest 3)', 'sesame'] },
    });
    const row = (await planned({ bookingId: booking.id })).find(
      (m) => m.kind === 'booking.reminder_24h',
    )!;
    expect(await t.container.scheduledMessages.process(row.id)).toBe('not_due');
    await sql`update core.scheduled_messages set due_at = now() where id = ${row.id}`.execute(
      t.database.db,
    );
    expect(await t.container.scheduledMessages.process(row.id)).toBe('sent');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dev/outbox?bookingId=${booking.id}`,
    });
    const messages = res.json<{
      provider: string;
      messages: { template: string; body: string }[];
    }>();
    expect(messages.provider).toMatch(/offline/);
    expect(messages.messages.find((m) => m.template === 'booking.reminder_24h')?.body).toContain(
      'shellfish (guest 3), sesame',
    );
  });
});
