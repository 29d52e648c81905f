import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { declaredViewsOf } from '../../lib/audience-response.ts';
import type { AccessRequest } from '../../test/admin-access-context.ts';
import { bookViaApi, dateAhead, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { DOLLAR_AMOUNT, moneyFieldsIn, moneyInSchema } from '../../test/money-fields.ts';
import { can } from '../staff/permissions.ts';
import { staffActionAccess } from '../staff/staff-action.ts';
import { staffRouteAccess } from '../staff/staff.routes.ts';
import { newStaff, signIn, type NewStaff } from '../staff/staff.test-helper.ts';
import { adminRouteAccess } from './admin-access.ts';

/**
 * Every route a chef may call (SPEC §14, issue F5 point 3), derived from the access tables
 * (admin routes, staff routes, staff actions) and the permission matrix, so a new route a
 * chef can reach fails here until it has a request below. Each is called with the chef's
 * own event (or record) and with another chef's and an unassigned one:
 * - no response carries an amount field (cents, total, deposit, payments, pay…) or a
 *   dollar amount in text, and every such route declares a chef view free of them;
 * - another chef's event, record or crew (phone numbers) is never readable, never
 *   changeable, and such a call changes nothing in the database.
 */

type Target = 'own' | 'colleague' | 'unassigned';

interface RouteCase {
  /**
   * record: one event or chef record; `own` must succeed, another is refused (403/404).
   * list: `own` must show the chef's event or record; every variant shows nobody else's.
   * account: the caller's own account (no event in it); any non-5xx answer.
   */
  kind: 'record' | 'list' | 'account';
  request: (target: Target) => AccessRequest | Promise<AccessRequest>;
}

interface EventFixture {
  id: string;
  number: string;
  email: string;
}

let t: TestApp;
let stationId: string;
let chefStaff: NewStaff;
const chefs = { own: '', colleague: '', unassigned: '' };
const events: Record<Target, EventFixture> = {
  own: { id: '', number: '', email: '' },
  colleague: { id: '', number: '', email: '' },
  unassigned: { id: '', number: '', email: '' },
};
let ownTimeOff = '';
/** Strings that must never reach the chef: other events, other chefs, their contacts. */
const foreign: string[] = [];
let sequence = 0;

const COLLEAGUE_PHONE = '(510) 555-0199';

/** A confirmed event at station A, today, assigned to `who` (or to nobody). */
async function newEvent(who: Target): Promise<EventFixture> {
  sequence += 1;
  const email = `chef-view.${who}.${sequence}@example.com`;
  const made = await bookViaApi(t.app, {
    stationId,
    daysAhead: 20 + Math.floor(sequence / 4),
    slot: ['12:00', '15:00', '18:00', '21:00'][sequence % 4],
    customer: { email, name: `Guest of ${who} ${sequence}` },
  });
  // Today and confirmed: on the dashboard, and a chef could start it.
  await t.database.db
    .updateTable('core.bookings')
    .set({
      status: 'confirmed',
      date: dateAhead(0),
      event_starts_at: new Date(Date.now() + 2 * 3_600_000),
    })
    .where('id', '=', made.id)
    .execute();
  if (who !== 'unassigned')
    await t.database.db
      .insertInto('ops.booking_chefs')
      .values({ booking_id: made.id, chef_id: chefs[who], assigned_by: 'test' })
      .execute();
  if (who !== 'own') foreign.push(made.id, made.number, email);
  return { id: made.id, number: made.number, email };
}

const chefOf = (target: Target) => chefs[target];
const eventOf = (target: Target) => events[target];

const cases: Record<string, RouteCase> = {
  'GET /api/v1/admin/bookings': {
    kind: 'list',
    request: (target) => ({
      url:
        target === 'own'
          ? '/api/v1/admin/bookings?limit=100'
          : `/api/v1/admin/bookings?q=${eventOf(target).number}`,
    }),
  },
  'GET /api/v1/admin/bookings.csv': {
    kind: 'list',
    request: (target) => ({
      url:
        target === 'own'
          ? '/api/v1/admin/bookings.csv'
          : `/api/v1/admin/bookings.csv?q=${encodeURIComponent(eventOf(target).email)}`,
    }),
  },
  'GET /api/v1/admin/bookings/:id': {
    kind: 'record',
    request: (target) => ({ url: `/api/v1/admin/bookings/${eventOf(target).id}` }),
  },
  'GET /api/v1/admin/bookings/:id/chefs': {
    kind: 'record',
    request: (target) => ({ url: `/api/v1/admin/bookings/${eventOf(target).id}/chefs` }),
  },
  'GET /api/v1/admin/dashboard': {
    kind: 'list',
    request: () => ({ url: `/api/v1/admin/dashboard?stationId=${stationId}` }),
  },
  'GET /api/v1/admin/chefs': {
    kind: 'list',
    request: (target) => ({
      url: target === 'own' ? '/api/v1/admin/chefs' : '/api/v1/admin/chefs?includeInactive=true',
    }),
  },
  'GET /api/v1/admin/chefs/:id': {
    kind: 'record',
    request: (target) => ({ url: `/api/v1/admin/chefs/${chefOf(target)}` }),
  },
  'POST /api/v1/admin/chefs/:id/time-off': {
    kind: 'record',
    request: (target) => {
      sequence += 1;
      return {
        url: `/api/v1/admin/chefs/${chefOf(target)}/time-off`,
        payload: { fromDate: dateAhead(100 + sequence), toDate: dateAhead(100 + sequence) },
      };
    },
  },
  'GET /api/v1/admin/time-off': {
    kind: 'list',
    request: (target) => ({
      url:
        target === 'own'
          ? '/api/v1/admin/time-off?status=requested'
          : `/api/v1/admin/time-off?status=requested&stationId=${stationId}`,
    }),
  },
  // A fresh event per call: starting it changes it.
  'POST /api/v1/bookings/:id/status': {
    kind: 'record',
    request: async (target) => ({
      url: `/api/v1/bookings/${(await newEvent(target)).id}/status`,
      payload: { status: 'in_progress' },
    }),
  },
  // A fresh event per call: the message goes once per event.
  'POST /api/v1/bookings/:id/on-my-way': {
    kind: 'record',
    request: async (target) => ({
      url: `/api/v1/bookings/${(await newEvent(target)).id}/on-my-way`,
    }),
  },
  'POST /api/v1/staff/auth/logout': {
    kind: 'account',
    request: () => ({ url: '/api/v1/staff/auth/logout' }),
  },
  'POST /api/v1/staff/auth/logout-all': {
    kind: 'account',
    request: () => ({ url: '/api/v1/staff/auth/logout-all' }),
  },
  'GET /api/v1/staff/auth/me': {
    kind: 'account',
    request: () => ({ url: '/api/v1/staff/auth/me' }),
  },
  'POST /api/v1/staff/auth/2fa/enroll': {
    kind: 'account',
    request: () => ({ url: '/api/v1/staff/auth/2fa/enroll' }),
  },
  'POST /api/v1/staff/auth/2fa/confirm': {
    kind: 'account',
    request: () => ({ url: '/api/v1/staff/auth/2fa/confirm', payload: { code: '000000' } }),
  },
  'POST /api/v1/staff/auth/2fa/disable': {
    kind: 'account',
    request: () => ({
      url: '/api/v1/staff/auth/2fa/disable',
      payload: { password: chefStaff.password, code: '000000' },
    }),
  },
};

/** Every route the chef role may call, from the access tables and the permission matrix. */
function routesAChefMayCall(): string[] {
  const admin = Object.entries(adminRouteAccess)
    .filter(([, rule]) => can('chef', rule.permission))
    .map(([route]) => route);
  const staff = Object.entries(staffRouteAccess)
    .filter(
      ([, rule]) =>
        rule.access === 'authenticated' || (rule.access !== 'public' && can('chef', rule.access)),
    )
    .map(([route]) => route);
  const actions = Object.entries(staffActionAccess)
    .filter(([, rule]) => can('chef', rule.permission))
    .map(([route]) => route);
  return [...admin, ...staff, ...actions].sort();
}

/** Rows a refused call must leave exactly as they were. */
async function databaseState(): Promise<string> {
  const db = t.database.db;
  const bookings = await db
    .selectFrom('core.bookings')
    .select(['id', 'status', 'version'])
    .orderBy('id')
    .execute();
  const timeline = await db
    .selectFrom('core.booking_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const crews = await db
    .selectFrom('ops.booking_chefs')
    .select(['booking_id', 'chef_id'])
    .orderBy('booking_id')
    .orderBy('chef_id')
    .execute();
  const timeOff = await db
    .selectFrom('ops.chef_time_off')
    .select(['id', 'chef_id', 'status'])
    .orderBy('id')
    .execute();
  const chefRows = await db
    .selectFrom('ops.chefs')
    .select(['id', 'version'])
    .orderBy('id')
    .execute();
  const audit = await db
    .selectFrom('audit.log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const scheduled = await db
    .selectFrom('core.scheduled_messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return JSON.stringify({ bookings, timeline, crews, timeOff, chefRows, audit, scheduled });
}

/** Until some statement waits for a row lock (the start queued behind the reassignment). */
async function waitForLockWaiter(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks where not granted`.execute(t.database.db);
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the start never waited for the booking lock');
}

async function callAsChef(route: string, target: Target) {
  const [method] = route.split(' ') as [InjectOptions['method']];
  const spec = await cases[route]?.request(target);
  if (!spec) throw new Error(`no request for ${route}`);
  // A fresh session each time: logout and logout-all end it.
  const session = await signIn(t.app, chefStaff);
  const before = await databaseState();
  const response = await t.app.inject({ ...spec, method, headers: session.headers });
  return { response, before, after: await databaseState() };
}

/** What the chef received must hold no amount and nothing of another chef's. */
function expectNothingForbidden(label: string, body: string, header: unknown) {
  const contentType = typeof header === 'string' ? header : undefined;
  expect(body, `${label}: a dollar amount`).not.toMatch(DOLLAR_AMOUNT);
  for (const text of foreign) expect(body, `${label}: leaked ${text}`).not.toContain(text);
  if (contentType?.includes('application/json')) {
    expect(moneyFieldsIn(JSON.parse(body)), `${label}: amount fields`).toEqual([]);
  } else if (contentType?.includes('text/csv')) {
    const header = body.split('\n')[0] ?? '';
    expect(moneyFieldsIn(Object.fromEntries(header.split(',').map((c) => [c, 1])))).toEqual([]);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  const station = await newStation(t.database.db, { code: 'CA-CHEF-VIEW', chefs: 3 });
  stationId = station.stationId;
  [chefs.own, chefs.colleague, chefs.unassigned] = station.chefIds as [string, string, string];
  chefStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
  const colleagueStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
  await t.database.db
    .updateTable('ops.chefs')
    .set({ staff_id: chefStaff.id, name: 'Own Chef' })
    .where('id', '=', chefs.own)
    .execute();
  await t.database.db
    .updateTable('ops.chefs')
    .set({
      staff_id: colleagueStaff.id,
      name: 'Colleague Chef',
      phone: COLLEAGUE_PHONE,
      email: 'colleague.chef@example.com',
    })
    .where('id', '=', chefs.colleague)
    .execute();
  foreign.push(chefs.colleague, chefs.unassigned, COLLEAGUE_PHONE, 'colleague.chef@example.com');

  events.own = await newEvent('own');
  events.colleague = await newEvent('colleague');
  events.unassigned = await newEvent('unassigned');

  const timeOff = await t.database.db
    .insertInto('ops.chef_time_off')
    .values([
      { chef_id: chefs.own, from_date: dateAhead(60), to_date: dateAhead(61) },
      { chef_id: chefs.colleague, from_date: dateAhead(62), to_date: dateAhead(63) },
    ])
    .returning(['id', 'chef_id'])
    .execute();
  ownTimeOff = timeOff.find((row) => row.chef_id === chefs.own)?.id ?? '';
  for (const row of timeOff) if (row.chef_id !== chefs.own) foreign.push(row.id);
});
afterAll(async () => t.close());

describe('what a chef can reach', () => {
  const routes = routesAChefMayCall();

  it('every route a chef may call has a case here, and every case is such a route', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(Object.keys(cases).sort()).toEqual(routes);
  });

  const staffSeesMoney = [
    'GET /api/v1/admin/bookings',
    'GET /api/v1/admin/bookings.csv',
    'GET /api/v1/admin/bookings/:id',
    'GET /api/v1/admin/dashboard',
    'POST /api/v1/bookings/:id/status',
  ];

  it('every such route declares a chef view with no amount and nothing undeclared in it', () => {
    // The caller's own account (sign-out, 2FA) holds no event; those routes have no views.
    const eventRoutes = routes.filter((route) => cases[route]?.kind !== 'account');
    expect(eventRoutes.length).toBeGreaterThan(5);
    for (const route of eventRoutes) {
      const views = declaredViewsOf(route);
      expect(views, `${route} declares no audience views`).toBeDefined();
      if (!views) continue;
      const chefView = z.toJSONSchema(views.chef, { io: 'output', unrepresentable: 'any' });
      expect(moneyInSchema(chefView), route).toEqual([]);
      // Not vacuous: where staff see money, their view of the same route does carry it.
      if (staffSeesMoney.includes(route))
        expect(
          moneyInSchema(z.toJSONSchema(views.staff, { io: 'output', unrepresentable: 'any' })),
          route,
        ).not.toEqual([]);
    }
  });

  for (const route of Object.keys(cases)) {
    const { kind } = cases[route] as RouteCase;
    it(`${route} (${kind})`, { timeout: 60_000 }, async () => {
      const own = await callAsChef(route, 'own');
      const ownBody = own.response.body;
      const ownType = own.response.headers['content-type'];
      expectNothingForbidden(`${route} own`, ownBody, ownType);
      expect(own.response.statusCode, `${route} own: ${ownBody.slice(0, 300)}`).toBeLessThan(
        kind === 'account' ? 500 : 300,
      );
      if (kind === 'list') {
        // Not vacuous: the chef's own event (or record, or time off) is in the answer.
        const mine =
          route.includes('/chefs') && !route.includes('bookings')
            ? chefs.own
            : route.includes('time-off')
              ? ownTimeOff
              : events.own.number;
        expect(ownBody, `${route} does not show the chef's own`).toContain(mine);
      }
      if (route.startsWith('GET ')) expect(own.after, `${route} changed data`).toBe(own.before);
      if (kind === 'account') return;

      for (const target of ['colleague', 'unassigned'] as const) {
        const other = await callAsChef(route, target);
        const label = `${route} ${target}`;
        expectNothingForbidden(label, other.response.body, other.response.headers['content-type']);
        if (kind === 'record')
          expect([403, 404], `${label}: ${other.response.body.slice(0, 300)}`).toContain(
            other.response.statusCode,
          );
        else expect(other.response.statusCode, label).toBe(200);
        expect(other.after, `${label} changed something`).toBe(other.before);
      }
    });
  }

  it('a chef taken off the event while starting it is refused, under the booking lock', async () => {
    // Another transaction holds the booking (as reassigning chefs does) and removes the
    // chef; the start waits for that lock and must then see the chef gone. A check made
    // before taking the lock would have let it through.
    const event = await newEvent('own');
    const session = await signIn(t.app, chefStaff);
    let start: Promise<{ statusCode: number; body: string }> | undefined;
    await t.database.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('core.bookings')
        .select('id')
        .where('id', '=', event.id)
        .forUpdate()
        .execute();
      await trx.deleteFrom('ops.booking_chefs').where('booking_id', '=', event.id).execute();
      start = t.app
        .inject({
          method: 'POST',
          url: `/api/v1/bookings/${event.id}/status`,
          headers: session.headers,
          payload: { status: 'in_progress' },
        })
        .then((response) => response);
      await waitForLockWaiter();
    });
    const response = await start;
    expect(response?.statusCode, response?.body).toBe(404);
    const row = await t.database.db
      .selectFrom('core.bookings')
      .select(['status', 'version'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('confirmed');
  });
});
