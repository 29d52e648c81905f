import { addDays, utcToZoned, zonedDateTimeToUtc } from '@teppan/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, customer, FREMONT, newStation, quoteBody } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';
import type { DashboardView } from './dashboard.service.ts';

let t: TestApp;
let stationA: string;
let stationB: string;
let chefIds: string[];
let today: string;
let weekFrom: string;
let weekTo: string;
/** A day of this week that is not today. */
let otherWeekDay: string;
const ids: Record<string, string> = {};
const sessions: Record<string, SignedIn> = {};

let slotSeq = 0;
/** A booking made through the public API, then moved to `date` (the API needs 48 h notice). */
async function eventOn(options: {
  date: string;
  stationId?: string;
  status?: string;
  chefId?: string;
}): Promise<string> {
  slotSeq += 1;
  const stationId = options.stationId ?? stationA;
  const booking = await bookViaApi(t.app, {
    stationId,
    daysAhead: 30 + Math.floor(slotSeq / 4),
    slot: ['12:00', '15:00', '18:00', '21:00'][slotSeq % 4],
  });
  const slot = ['12:00', '15:00', '18:00', '21:00'][slotSeq % 4] ?? '18:00';
  await t.database.db
    .updateTable('core.bookings')
    .set({
      date: options.date,
      slot,
      event_starts_at: zonedDateTimeToUtc({
        date: options.date,
        time: slot,
        timeZone: FREMONT.time_zone,
      }),
      ...(options.status ? { status: options.status } : {}),
    })
    .where('id', '=', booking.id)
    .execute();
  if (options.chefId)
    await t.database.db
      .insertInto('ops.booking_chefs')
      .values({ booking_id: booking.id, chef_id: options.chefId, assigned_by: 'test' })
      .execute();
  return booking.id;
}

async function dashboard(session: SignedIn, stationId?: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/dashboard${stationId ? `?stationId=${stationId}` : ''}`,
    headers: { cookie: session.cookie },
  });
  return response;
}

async function view(session: SignedIn, stationId?: string): Promise<DashboardView> {
  const response = await dashboard(session, stationId);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DashboardView>();
}

const idsOf = (items: { id: string }[]) => items.map((item) => item.id).sort();

beforeAll(async () => {
  t = await createTestApp();
  const a = await newStation(t.database.db, { code: 'CA-DASH-A', chefs: 2 });
  const b = await newStation(t.database.db, { code: 'CA-DASH-B', chefs: 1 });
  stationA = a.stationId;
  stationB = b.stationId;
  chefIds = a.chefIds;
  const local = utcToZoned({ instant: new Date(), timeZone: FREMONT.time_zone });
  today = local.date;
  weekFrom = addDays(today, -((local.weekday + 6) % 7));
  weekTo = addDays(weekFrom, 6);
  otherWeekDay = today === weekFrom ? weekTo : weekFrom;

  ids.todayAssigned = await eventOn({ date: today, status: 'confirmed', chefId: chefIds[0] });
  ids.todayUnassigned = await eventOn({ date: today }); // pending_deposit
  ids.weekOther = await eventOn({ date: otherWeekDay, status: 'confirmed', chefId: chefIds[1] });
  ids.nextWeek = await eventOn({ date: addDays(weekTo, 1) }); // pending_deposit, unassigned
  ids.cancelledToday = await eventOn({ date: today, status: 'cancelled' });
  ids.stationBToday = await eventOn({ date: today, stationId: stationB });

  // The deposit of the assigned event arrived.
  await t.database.db
    .updateTable('core.payments')
    .set({ status: 'succeeded', confirmed_at: new Date() })
    .where('booking_id', '=', ids.todayAssigned)
    .where('kind', '=', 'deposit')
    .execute();

  // A running hold at station A (awaiting the agreement).
  const quote = await t.app.inject({
    method: 'POST',
    url: '/api/v1/quotes',
    payload: { ...quoteBody(), stationId: stationA },
  });
  const hold = await t.app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    payload: {
      quoteId: quote.json<{ id: string }>().id,
      date: addDays(today, 40),
      slot: '12:00',
      customer: customer(),
    },
  });
  expect(hold.statusCode, hold.body).toBe(201);
  ids.hold = hold.json<{ id: string }>().id;

  const { db } = t.database;
  const lead = (values: { station_id: string; status: string; created_at?: Date }) =>
    db
      .insertInto('crm.leads')
      .values({ source: 'web', name: 'Lead', ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
  ids.newLead = (await lead({ station_id: stationA, status: 'new' })).id;
  await lead({
    station_id: stationA,
    status: 'new',
    created_at: new Date(Date.now() - 10 * 86_400_000),
  });
  await lead({ station_id: stationA, status: 'working' });
  await lead({ station_id: stationB, status: 'new' });

  const conversation = (values: { station_id: string | null; status: string }) =>
    db
      .insertInto('ai.conversations')
      .values({ channel: 'web', token_hash: `${Math.random()}`, state: '{}', ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
  ids.handoffA = (await conversation({ station_id: stationA, status: 'handoff' })).id;
  ids.handoffAnyStation = (await conversation({ station_id: null, status: 'handoff' })).id;
  await conversation({ station_id: stationB, status: 'handoff' });
  await conversation({ station_id: stationA, status: 'assistant' });

  for (const role of ['admin', 'customer_support', 'chef', 'super_admin'] as const) {
    const staff = await newStaff(db, {
      role,
      stationIds: role === 'super_admin' ? [] : [stationA],
    });
    sessions[role] = await signIn(t.app, staff);
    if (role === 'chef')
      await db
        .updateTable('ops.chefs')
        .set({ staff_id: staff.id })
        .where('id', '=', chefIds[0] ?? '')
        .execute();
  }
  sessions.unlinkedChef = await signIn(
    t.app,
    await newStaff(db, { role: 'chef', stationIds: [stationA] }),
  );
  sessions.adminOfB = await signIn(
    t.app,
    await newStaff(db, { role: 'admin', stationIds: [stationB] }),
  );
});
afterAll(async () => t.close());

describe('GET /api/v1/admin/dashboard', () => {
  it('shows an admin today and this week at their station', async () => {
    const admin = sessions.admin;
    if (!admin) throw new Error('no admin');
    const data = await view(admin, stationA);
    expect(data.station).toMatchObject({ id: stationA, timeZone: FREMONT.time_zone });
    expect(data.today.date).toBe(today);
    expect(data.week).toMatchObject({ from: weekFrom, to: weekTo });
    expect(idsOf(data.today.items)).toEqual([ids.todayAssigned, ids.todayUnassigned].sort());
    expect(data.today.count).toBe(2);
    expect(idsOf(data.week.items)).toEqual(
      [ids.todayAssigned, ids.todayUnassigned, ids.weekOther].sort(),
    );
    expect(data.week.count).toBe(3);
    const assigned = data.today.items.find((item) => item.id === ids.todayAssigned);
    expect(assigned).toMatchObject({ status: 'confirmed', guests: 13 });
    expect(assigned?.chefs.map((chef) => chef.id)).toEqual([chefIds[0]]);
    expect(assigned?.customerName).toMatch(/^Guest /);

    // Unassigned within 7 days: today's and next week's pending events, not the assigned.
    expect(data.unassigned?.count).toBe(2);
    expect(idsOf(data.unassigned?.items ?? [])).toEqual([ids.todayUnassigned, ids.nextWeek].sort());

    expect(data.depositsDue?.bookings.count).toBe(2);
    expect(idsOf(data.depositsDue?.bookings.items ?? [])).toEqual(
      [ids.todayUnassigned, ids.nextWeek].sort(),
    );
    expect(data.depositsDue?.holds.count).toBe(1);
    const hold = data.depositsDue?.holds.items[0];
    expect(hold).toMatchObject({ id: ids.hold, status: 'awaiting_signature' });
    expect(Date.parse(hold?.deadline ?? '')).toBeGreaterThan(Date.now());

    expect(data.newLeads?.count).toBe(1);
    expect(data.newLeads?.items.map((lead) => lead.id)).toEqual([ids.newLead]);
    // A conversation without a station is not every station's (ADR 0019): only A's own.
    expect(data.messagesWaiting?.count).toBe(1);
    expect(idsOf(data.messagesWaiting?.items ?? [])).toEqual([ids.handoffA]);

    // Money of this week's three events, from what the database holds.
    const rows = await t.database.db
      .selectFrom('core.bookings')
      .select(['id', 'total_cents', 'deposit_cents'])
      .where('id', 'in', [ids.todayAssigned ?? '', ids.todayUnassigned ?? '', ids.weekOther ?? ''])
      .execute();
    const paid = rows.find((row) => row.id === ids.todayAssigned)?.deposit_cents ?? 0;
    expect(paid).toBeGreaterThan(0);
    const totals = rows.reduce((sum, row) => sum + row.total_cents, 0);
    expect(data.money).toMatchObject({
      depositsReceivedCents: paid,
      balanceOutstandingCents: totals - paid,
    });
  });

  it('shows customer support the same blocks, money included (payments.read)', async () => {
    const support = sessions.customer_support;
    if (!support) throw new Error('no support');
    const data = await view(support, stationA);
    expect(data.week.count).toBe(3);
    expect(data.money).not.toBeNull();
    expect(data.newLeads?.count).toBe(1);
  });

  it("shows a chef only their own chef's events, and no money, leads or messages", async () => {
    const chef = sessions.chef;
    if (!chef) throw new Error('no chef');
    const data = await view(chef, stationA);
    expect(data.scope).toEqual({ isOwnEventsOnly: true });
    expect(idsOf(data.today.items)).toEqual([ids.todayAssigned]);
    expect(idsOf(data.week.items)).toEqual([ids.todayAssigned]);
    expect(data.week.count).toBe(1);
    // The chef's view (its own response schema) has no such blocks at all.
    for (const block of ['money', 'depositsDue', 'newLeads', 'messagesWaiting', 'unassigned'])
      expect(data).not.toHaveProperty(block);
    // Nothing that looks like money anywhere in the answer.
    expect(JSON.stringify(data)).not.toMatch(/cents/i);

    const unlinked = sessions.unlinkedChef;
    if (!unlinked) throw new Error('no unlinked chef');
    const none = await view(unlinked, stationA);
    expect(none.week).toMatchObject({ count: 0, items: [] });
  });

  it('is scoped to the station: another station is 403, its own data only', async () => {
    const adminOfB = sessions.adminOfB;
    if (!adminOfB) throw new Error('no admin of B');
    const refused = await dashboard(adminOfB, stationA);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');

    // Without stationId: their own (first) station.
    const own = await view(adminOfB);
    expect(own.station.id).toBe(stationB);
    expect(idsOf(own.today.items)).toEqual([ids.stationBToday]);
    expect(own.newLeads?.count).toBe(1);
    // Station B's own handoff; the one not tied to any station is not B's.
    expect(own.messagesWaiting?.count).toBe(1);
    expect(own.depositsDue?.holds.count).toBe(0);

    const superAdmin = sessions.super_admin;
    if (!superAdmin) throw new Error('no super admin');
    expect((await view(superAdmin, stationA)).week.count).toBe(3);
    expect((await view(superAdmin, stationB)).week.count).toBe(1);
  });

  it('refuses unknown stations and bad input with catalogued codes', async () => {
    const superAdmin = sessions.super_admin;
    if (!superAdmin) throw new Error('no super admin');
    const unknown = await dashboard(superAdmin, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('STATION_NOT_FOUND');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/dashboard?stationId=nope',
      headers: { cookie: superAdmin.cookie },
    });
    expect(bad.statusCode).toBe(400);
  });
});
