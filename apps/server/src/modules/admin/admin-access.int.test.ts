import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessContext, AccessRequests } from '../../test/admin-access-context.ts';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { can, staffRoles, type StaffRole } from '../staff/permissions.ts';
import { newStaff, signIn, type NewStaff, type SignedIn } from '../staff/staff.test-helper.ts';
import {
  adminRouteAccess,
  registeredAdminRoutes,
  type AdminRouteKey,
  type AdminRouteRule,
} from './admin-access.ts';
import { bookingAdminRequests, conversationInboxRequests } from './admin.access-requests.ts';
import { chefAdminRequests } from '../chefs/chefs.access-requests.ts';
import { dashboardRequests } from '../dashboard/dashboard.access-requests.ts';
import { customersRequests } from '../customers/customers.access-requests.ts';
import { leadsRequests } from '../leads/leads.access-requests.ts';
import { settingsAdminRequests } from '../settings/settings.access-requests.ts';

/**
 * Every admin route × every role, plus no session and an admin of another station, judged
 * against the one permission matrix. The same walk proves that every mutation writes an
 * audit entry: each allowed state change that succeeds must add one, by that staff member,
 * and a super admin must succeed on every mutating route (so the check is never vacuous).
 * A route registered without a rule, or a rule without a request below, fails the suite.
 */

const requests: AccessRequests<AdminRouteKey> = {
  ...bookingAdminRequests,
  ...conversationInboxRequests,
  ...chefAdminRequests,
  ...dashboardRequests,
  ...customersRequests,
  ...leadsRequests,
  ...settingsAdminRequests,
};

const DENIAL_CODES = ['UNAUTHORIZED', 'FORBIDDEN', 'CSRF_INVALID'];

let t: TestApp;
let context: AccessContext;
const staffByRole = new Map<StaffRole, NewStaff & { session: SignedIn }>();
let adminOfB: SignedIn;
/** An admin of station A who has not enrolled TOTP yet (their role requires it). */
let unenrolledAdmin: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  const a = await newStation(t.database.db, { code: 'CA-ACCESS-A', chefs: 2 });
  const b = await newStation(t.database.db, { code: 'CA-ACCESS-B', chefs: 1 });
  let sequence = 0;
  const newBooking = async () => {
    // Four slots a day, a fresh (date, slot) for every booking, beyond the 14-day window.
    const n = sequence;
    sequence += 1;
    const made = await bookViaApi(t.app, {
      stationId: a.stationId,
      daysAhead: 20 + Math.floor(n / 4),
      slot: ['12:00', '15:00', '18:00', '21:00'][n % 4],
      customer: { email: `access.${n}@example.com` },
    });
    const row = await t.database.db
      .selectFrom('core.bookings')
      .select('customer_id')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    stationARecords.add(made.id).add(made.number).add(row.customer_id);
    return { id: made.id, number: made.number, version: made.version, customerId: row.customer_id };
  };
  const stationARecords = new Set<string>([a.stationId, ...a.chefIds]);
  context = {
    t,
    stationA: a.stationId,
    stationB: b.stationId,
    newBooking,
    sharedBooking: await newBooking(),
    chefA: a.chefIds[0] as string,
    stationARecords,
  };
  for (const role of staffRoles) {
    const staff = await newStaff(t.database.db, { role, stationIds: [a.stationId] });
    staffByRole.set(role, { ...staff, session: await signIn(t.app, staff) });
  }
  adminOfB = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [b.stationId] }),
  );
  unenrolledAdmin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [a.stationId], totp: false }),
  );
});
afterAll(async () => t.close());

async function lastAuditId(): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit.log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function auditSince(id: number) {
  return t.database.db
    .selectFrom('audit.log')
    .select(['actor', 'action', 'entity', 'station_id'])
    .where('id', '>', id)
    .execute();
}

async function call(route: AdminRouteKey, session: SignedIn | null) {
  const [method] = route.split(' ') as [InjectOptions['method']];
  const spec = await requests[route](context);
  // Measured after the fixture is made: only what the call itself writes counts.
  const before = await lastAuditId();
  const response = await t.app.inject({
    ...spec,
    method,
    headers: session ? session.headers : {},
  });
  let code: string | undefined;
  try {
    code = (JSON.parse(response.body) as { error?: { code: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return {
    status: response.statusCode,
    code,
    body: response.body.slice(0, 300),
    fullBody: response.body,
    written: await auditSince(before),
  };
}

describe('admin route access and audit', () => {
  it('every registered admin route has a rule and a request, and every rule is registered', () => {
    const registered = [...registeredAdminRoutes(t.app)].sort();
    expect(registered.length).toBeGreaterThan(10);
    expect(registered).toEqual(Object.keys(adminRouteAccess).sort());
    expect(Object.keys(requests).sort()).toEqual(registered);
  });

  for (const route of Object.keys(adminRouteAccess) as AdminRouteKey[]) {
    const rule: AdminRouteRule = adminRouteAccess[route];
    const isMutation = !route.startsWith('GET ');

    it(`${route} (${rule.permission})`, { timeout: 60_000 }, async () => {
      for (const role of staffRoles) {
        const staff = staffByRole.get(role);
        if (!staff) throw new Error(`no ${role}`);
        const result = await call(route, staff.session);
        const { written } = result;
        if (can(role, rule.permission)) {
          expect(
            DENIAL_CODES,
            `${route} as ${role}: ${result.status} ${result.body}`,
          ).not.toContain(result.code);
          expect(result.status, `${route} as ${role}: ${result.body}`).toBeLessThan(500);
          if (isMutation && result.status < 300)
            expect(
              written.filter((entry) => entry.actor === `staff:${staff.id}`).length,
              `${route} as ${role} changed something without an audit entry`,
            ).toBeGreaterThan(0);
          if (isMutation && role === 'super_admin')
            expect(result.status, `${route} as super_admin: ${result.body}`).toBeLessThan(300);
          // A change to a station's record is audited as that station's (ADR 0019), so the
          // station's admins, and only they, read it.
          if (rule.isStationScoped && isMutation && result.status < 300)
            expect(
              written.filter((entry) => entry.station_id !== context.stationA),
              `${route} as ${role} wrote an audit entry without station A`,
            ).toEqual([]);
        } else {
          expect({ role, status: result.status, code: result.code }).toEqual({
            role,
            status: 403,
            code: 'FORBIDDEN',
          });
          expect(written, `${route} refused ${role} but wrote to the audit log`).toEqual([]);
        }
      }

      const anonymous = await call(route, null);
      expect({ status: anonymous.status, code: anonymous.code }).toEqual({
        status: 401,
        code: 'UNAUTHORIZED',
      });

      // An admin of station B has the permission but not the station. A route on one
      // record: it is not theirs (403) or does not exist for them (404). A list: it shows
      // none of station A's records. Neither writes anything.
      const other = await call(route, adminOfB);
      if (rule.isStationScoped)
        expect([403, 404], `${route} as admin of B: ${other.status} ${other.body}`).toContain(
          other.status,
        );
      for (const record of context.stationARecords)
        expect(other.fullBody, `${route} as admin of B shows station A's ${record}`).not.toContain(
          record,
        );
      // (A route on no station's record, like creating a station, is B's own to use.)
      if (rule.isStationScoped || !isMutation) expect(other.written).toEqual([]);
    });
  }

  it('every admin route refuses a session that owes two-factor enrolment, writing nothing', async () => {
    for (const route of Object.keys(adminRouteAccess) as AdminRouteKey[]) {
      const result = await call(route, unenrolledAdmin);
      expect({ route, status: result.status, code: result.code }).toEqual({
        route,
        status: 403,
        code: 'TWO_FACTOR_ENROLMENT_REQUIRED',
      });
      expect(result.written, route).toEqual([]);
    }
  });
});
