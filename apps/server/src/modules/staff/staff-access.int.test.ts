import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { can, staffRoles, type StaffRole } from './permissions.ts';
import { staffRouteAccess, type StaffRouteKey } from './staff.routes.ts';
import {
  newStaff,
  signIn,
  STAFF_PASSWORD,
  type NewStaff,
  type SignedIn,
  newUnenrolledAdmin,
} from './staff.test-helper.ts';

/**
 * Every staff route × every role (+ no session, + a session of another station where the
 * route is station-scoped), judged against the permission matrix. A route registered
 * without an entry in `staffRouteAccess`, or without a request below, fails the suite.
 */

let t: TestApp;
let stationA: string;
let stationB: string;
const staffByRole = new Map<StaffRole, NewStaff>();
let adminOfB: NewStaff;
let patchTarget: NewStaff;
/** An admin who has not enrolled TOTP yet: only enrolment, me and sign-out are open. */
let unenrolledAdmin: NewStaff;

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId: stationA } = await newStation(t.database.db, { code: 'CA-A', chefs: 0 }));
  ({ stationId: stationB } = await newStation(t.database.db, { code: 'CA-B', chefs: 0 }));
  for (const role of staffRoles)
    staffByRole.set(role, await newStaff(t.database.db, { role, stationIds: [stationA] }));
  adminOfB = await newStaff(t.database.db, { role: 'admin', stationIds: [stationB] });
  patchTarget = await newStaff(t.database.db, { role: 'chef', stationIds: [stationA] });
  unenrolledAdmin = await newUnenrolledAdmin(t.database.db, [stationA]);
});
afterAll(async () => t.close());

/** An API key row of station A to rotate or revoke (its secret is never needed here). */
async function stationAKey(): Promise<string> {
  const row = await t.database.db
    .insertInto('identity.api_keys')
    .values({
      name: 'fixture',
      prefix: randomUUID().replace(/-/g, '').slice(0, 12),
      key_hash: 'f'.repeat(64),
      station_id: stationA,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An open invitation to station A, to withdraw. */
async function stationAInvitation(): Promise<string> {
  const row = await t.database.db
    .insertInto('identity.one_time_tokens')
    .values({
      purpose: 'invitation',
      token_hash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      email: `invited.${randomUUID()}@teppan.test`,
      name: 'Invited',
      role: 'chef',
      station_ids: [stationA],
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit.log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type RequestSpec = Omit<InjectOptions, 'method' | 'headers'>;

/** A valid request per route, touching station A's data where the route is scoped. */
const requests: Record<StaffRouteKey, () => Promise<RequestSpec> | RequestSpec> = {
  'POST /api/v1/staff/auth/login': () => ({
    url: '/api/v1/staff/auth/login',
    payload: { email: 'nobody@teppan.test', password: 'not a real password' },
  }),
  'POST /api/v1/staff/auth/logout': () => ({ url: '/api/v1/staff/auth/logout' }),
  'POST /api/v1/staff/auth/logout-all': () => ({ url: '/api/v1/staff/auth/logout-all' }),
  'GET /api/v1/staff/auth/me': () => ({ url: '/api/v1/staff/auth/me' }),
  'POST /api/v1/staff/auth/2fa/enroll': () => ({
    url: '/api/v1/staff/auth/2fa/enroll',
    payload: { password: STAFF_PASSWORD },
  }),
  'POST /api/v1/staff/auth/2fa/confirm': () => ({
    url: '/api/v1/staff/auth/2fa/confirm',
    payload: { code: '000000' },
  }),
  'POST /api/v1/staff/auth/2fa/disable': () => ({
    url: '/api/v1/staff/auth/2fa/disable',
    payload: { password: 'not my password', code: '000000' },
  }),
  // A real account, so the request changes something (a reset token) and must be audited.
  'POST /api/v1/staff/auth/password-reset/request': () => ({
    url: '/api/v1/staff/auth/password-reset/request',
    payload: { email: patchTarget.email },
  }),
  'POST /api/v1/staff/auth/password-reset/confirm': () => ({
    url: '/api/v1/staff/auth/password-reset/confirm',
    payload: { token: 'x'.repeat(43), newPassword: 'a long enough password' },
  }),
  'POST /api/v1/staff/invitations': () => ({
    url: '/api/v1/staff/invitations',
    payload: {
      email: `invitee.${randomUUID()}@teppan.test`,
      name: 'Invitee',
      role: 'chef',
      stationIds: [stationA],
    },
  }),
  'GET /api/v1/staff/invitations': () => ({ url: '/api/v1/staff/invitations' }),
  'DELETE /api/v1/staff/invitations/:id': async () => ({
    url: `/api/v1/staff/invitations/${await stationAInvitation()}`,
  }),
  'POST /api/v1/staff/invitations/accept': () => ({
    url: '/api/v1/staff/invitations/accept',
    payload: { token: 'x'.repeat(43), password: 'a long enough password' },
  }),
  'GET /api/v1/staff/staff': () => ({ url: '/api/v1/staff/staff' }),
  'PATCH /api/v1/staff/staff/:id': () => ({
    url: `/api/v1/staff/staff/${patchTarget.id}`,
    payload: { isActive: true },
  }),
  'POST /api/v1/staff/api-keys': () => ({
    url: '/api/v1/staff/api-keys',
    payload: { name: 'matrix', stationId: stationA, scopes: ['payments.confirm'] },
  }),
  'GET /api/v1/staff/api-keys': () => ({ url: '/api/v1/staff/api-keys' }),
  'POST /api/v1/staff/api-keys/:id/rotate': async () => ({
    url: `/api/v1/staff/api-keys/${await stationAKey()}/rotate`,
    payload: { overlapHours: 1 },
  }),
  'DELETE /api/v1/staff/api-keys/:id': async () => ({
    url: `/api/v1/staff/api-keys/${await stationAKey()}`,
  }),
};

const DENIAL_CODES = ['UNAUTHORIZED', 'FORBIDDEN', 'CSRF_INVALID'];

async function call(
  route: StaffRouteKey,
  session: SignedIn | null,
): Promise<{ status: number; code: string | undefined }> {
  const [method] = route.split(' ') as [InjectOptions['method']];
  const spec = await requests[route]();
  const auditBefore = await auditCount();
  const response = await t.app.inject({
    ...spec,
    method,
    headers: session ? session.headers : {},
  });
  const body = response.body ? (JSON.parse(response.body) as { error?: { code: string } }) : {};
  const status = response.statusCode;
  // Every state change that succeeds leaves an audit entry (issue F3).
  if (method !== 'GET' && status < 300)
    expect(
      await auditCount(),
      `${route} answered ${status} without an audit entry`,
    ).toBeGreaterThan(auditBefore);
  return { status, code: body.error?.code };
}

describe('staff route access', () => {
  it('every registered staff route is in the access table, and every entry is registered', () => {
    const registered = [...t.container.staff.registeredRoutes()].sort();
    expect(registered.length).toBeGreaterThan(0);
    expect(registered).toEqual(Object.keys(staffRouteAccess).sort());
    expect(Object.keys(requests).sort()).toEqual(registered);
    for (const route of registered) expect(route).toMatch(/^[A-Z]+ \/api\/v1\/staff\//);
  });

  for (const route of Object.keys(staffRouteAccess) as StaffRouteKey[]) {
    const { access, isStationScoped } = staffRouteAccess[route];

    it(`${route} (${access})`, async () => {
      for (const role of staffRoles) {
        const staff = staffByRole.get(role);
        if (!staff) throw new Error(`no ${role}`);
        // A fresh session per call: logout and logout-all end the one they are given.
        const result = await call(route, await signIn(t.app, staff));
        const isAllowed = access === 'public' || access === 'authenticated' || can(role, access);
        if (isAllowed)
          expect(
            DENIAL_CODES,
            `${route} as ${role}: ${result.status} ${result.code}`,
          ).not.toContain(result.code);
        else expect({ role, ...result }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
      }

      const anonymous = await call(route, null);
      if (access === 'public')
        expect(DENIAL_CODES, `${route} anonymous`).not.toContain(anonymous.code);
      else expect(anonymous).toEqual({ status: 401, code: 'UNAUTHORIZED' });

      if (isStationScoped) {
        // An admin of station B holds the permission but not the station.
        const otherStation = await call(route, await signIn(t.app, adminOfB));
        expect(otherStation).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    });
  }

  it('a session that owes two-factor enrolment reaches only enrolment, me and sign-out', async () => {
    const open: string[] = [];
    for (const route of Object.keys(staffRouteAccess) as StaffRouteKey[]) {
      const rule: { access: string; isOpenBeforeEnrolment?: true } = staffRouteAccess[route];
      if (rule.access === 'public') continue;
      // A fresh session per call: logout and logout-all end the one they are given.
      const session = await signIn(t.app, unenrolledAdmin);
      const result = await call(route, session);
      if (rule.isOpenBeforeEnrolment) {
        open.push(route);
        expect(
          [...DENIAL_CODES, 'TWO_FACTOR_ENROLMENT_REQUIRED'],
          `${route}: ${result.status}`,
        ).not.toContain(result.code);
      } else
        expect({ route, ...result }).toEqual({
          route,
          status: 403,
          code: 'TWO_FACTOR_ENROLMENT_REQUIRED',
        });
    }
    expect(open.sort()).toEqual([
      'GET /api/v1/staff/auth/me',
      'POST /api/v1/staff/auth/2fa/confirm',
      'POST /api/v1/staff/auth/2fa/enroll',
      'POST /api/v1/staff/auth/logout',
      'POST /api/v1/staff/auth/logout-all',
    ]);
  });
});
