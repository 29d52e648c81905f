import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation } from '../../test/factories.ts';
import { STAFF_KEY, type TestApp } from '../../test/harness.ts';
import {
  createClockedTestApp,
  createTestClock,
  newStaff,
  signIn,
  type SignedIn,
  type TestClock,
} from '../staff/staff.test-helper.ts';

// Low limits so the test reaches them; every other test runs with them set very high.
const STAFF_LIMIT = 3;
const PUBLIC_LIMIT = 2;

let t: TestApp;
let clock: TestClock;
let stationId: string;

beforeAll(async () => {
  clock = createTestClock();
  t = await createClockedTestApp({
    clock,
    env: {
      STAFF_RATE_LIMIT_PER_MINUTE: String(STAFF_LIMIT),
      PUBLIC_RATE_LIMIT_PER_MINUTE: String(PUBLIC_LIMIT),
    },
  });
  ({ stationId } = await newStation(t.database.db, { code: 'CA-LIMITS-001', chefs: 1 }));
});
afterAll(async () => t.close());

/** Each test starts with every window over: the clock moves past the minute. */
const nextMinute = () => clock.advance(61_000);

const send = (options: InjectOptions) => t.app.inject(options);

function expectRateLimited(response: Awaited<ReturnType<typeof send>>) {
  expect(response.statusCode, response.body).toBe(429);
  const body = response.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe('RATE_LIMITED');
  expect(body.error.message).toMatch(/wait \d+ seconds/);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('public write routes: per IP', () => {
  it('answers 429 after the limit, leaves other addresses and reads alone, and resets', async () => {
    nextMinute();
    const quote = (ip: string) =>
      send({ method: 'POST', url: '/api/v1/quotes', payload: {}, remoteAddress: ip });
    for (let i = 0; i < PUBLIC_LIMIT; i += 1)
      // Invalid bodies count too: the limit applies before validation.
      expect((await quote('203.0.113.1')).statusCode).toBe(400);
    expectRateLimited(await quote('203.0.113.1'));
    // One bucket for every public write from that address.
    expectRateLimited(
      await send({
        method: 'POST',
        url: '/api/v1/holds',
        payload: {},
        remoteAddress: '203.0.113.1',
      }),
    );
    // Another address is unaffected.
    expect((await quote('203.0.113.2')).statusCode).toBe(400);
    // Reads are not limited.
    const read = await send({
      method: 'GET',
      url: `/api/v1/settings?stationId=${stationId}`,
      remoteAddress: '203.0.113.1',
    });
    expect(read.statusCode).not.toBe(429);
    // Once the minute is over the address may write again.
    nextMinute();
    expect((await quote('203.0.113.1')).statusCode).toBe(400);
  });

  it('covers staff sign-in, so passwords cannot be sprayed from one address', async () => {
    nextMinute();
    const login = () =>
      send({
        method: 'POST',
        url: '/api/v1/staff/auth/login',
        payload: { email: 'nobody@teppan.test', password: 'wrong password' },
        remoteAddress: '198.51.100.7',
      });
    for (let i = 0; i < PUBLIC_LIMIT; i += 1) expect((await login()).statusCode).toBe(401);
    expectRateLimited(await login());
  });
});

describe('staff API: per staff member or API key', () => {
  let a: SignedIn;
  let b: SignedIn;
  let superAdminId: string;

  beforeAll(async () => {
    nextMinute();
    const staffA = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const staffB = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    a = await signIn(t.app, staffA);
    b = await signIn(t.app, staffB);
    superAdminId = (await newStaff(t.database.db, { role: 'super_admin', stationIds: [] })).id;
  });

  it('answers 429 after the limit across routes, leaves other staff alone, and resets', async () => {
    nextMinute();
    const get = (session: SignedIn, url: string) =>
      send({ method: 'GET', url, headers: { cookie: session.cookie } });
    for (let i = 0; i < STAFF_LIMIT; i += 1)
      expect((await get(a, '/api/v1/staff/auth/me')).statusCode).toBe(200);
    // The same member on another route shares the bucket.
    expectRateLimited(await get(a, '/api/v1/admin/bookings'));
    expectRateLimited(await get(a, '/api/v1/staff/auth/me'));
    // Another staff member is unaffected, even from the same address.
    expect((await get(b, '/api/v1/admin/bookings')).statusCode).toBe(200);
    // Refused callers are not counted against anyone: no session is a 401, not a 429.
    expect((await send({ method: 'GET', url: '/api/v1/admin/bookings' })).statusCode).toBe(401);
    nextMinute();
    expect((await get(a, '/api/v1/admin/bookings')).statusCode).toBe(200);
  });

  it('counts each API key on its own, on the staff actions', async () => {
    nextMinute();
    const principal = {
      id: superAdminId,
      email: 'root@teppan.test',
      name: 'Root',
      role: 'super_admin' as const,
      stationIds: [],
      sessionId: randomUUID(),
      csrfToken: 'unused',
      isTwoFactorEnabled: true,
      isTwoFactorEnrolmentRequired: false,
    };
    const context = { ip: null, userAgent: null, requestId: 'rate-limit-test' };
    const key1 = await t.container.staff.apiKeys.create(principal, {
      input: { name: 'Integration one', stationId, scopes: ['bookings.status'] },
      context,
    });
    const key2 = await t.container.staff.apiKeys.create(principal, {
      input: { name: 'Integration two', stationId, scopes: ['bookings.status'] },
      context,
    });
    const status = (key: string) =>
      send({
        method: 'POST',
        url: `/api/v1/bookings/${randomUUID()}/status`,
        headers: { authorization: `Bearer ${key}` },
        payload: { status: 'completed' },
      });
    for (let i = 0; i < STAFF_LIMIT; i += 1) expect((await status(key1.key)).statusCode).toBe(404);
    expectRateLimited(await status(key1.key));
    expect((await status(key2.key)).statusCode).toBe(404);
    expect((await status(STAFF_KEY)).statusCode).toBe(404);
  });
});
