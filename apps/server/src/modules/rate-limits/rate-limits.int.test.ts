import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newStation, quoteBody } from '../../test/factories.ts';
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
const READ_LIMIT = 3;
const CHAT_LIMIT = 3;

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
      PUBLIC_READ_RATE_LIMIT_PER_MINUTE: String(READ_LIMIT),
      CHAT_RATE_LIMIT_PER_MINUTE: String(CHAT_LIMIT),
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
    // Reads have their own bucket: spent writes do not refuse them.
    const read = await send({
      method: 'GET',
      url: `/api/v1/settings?stationId=${stationId}`,
      remoteAddress: '203.0.113.1',
    });
    expect(read.statusCode).toBe(200);
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

describe('public reads: per IP', () => {
  it('answers 429 after the read limit (GET and HEAD alike), apart from writes', async () => {
    nextMinute();
    const ip = '203.0.113.20';
    const settings = (method: 'GET' | 'HEAD' = 'GET') =>
      send({ method, url: `/api/v1/settings?stationId=${stationId}`, remoteAddress: ip });
    const first = await settings();
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-ratelimit-limit']).toBe(String(READ_LIMIT));
    expect(first.headers['x-ratelimit-remaining']).toBe(String(READ_LIMIT - 1));
    // A HEAD counts once, like the GET it mirrors.
    expect((await settings('HEAD')).statusCode).toBe(200);
    expect((await settings()).statusCode).toBe(200);
    expectRateLimited(await settings());
    // Every public read shares the bucket; writes from the address still pass.
    expectRateLimited(
      await send({ method: 'GET', url: `/api/v1/quotes/${randomUUID()}`, remoteAddress: ip }),
    );
    expect(
      (await send({ method: 'POST', url: '/api/v1/quotes', payload: {}, remoteAddress: ip }))
        .statusCode,
    ).toBe(400);
  });

  it('never limits the web apps, health, metrics or the API docs', async () => {
    nextMinute();
    const ip = '203.0.113.21';
    for (const url of ['/healthz', '/readyz', '/metrics', '/api/docs/json', '/', '/admin']) {
      for (let i = 0; i < READ_LIMIT + 2; i += 1) {
        const res = await send({ method: 'GET', url, remoteAddress: ip });
        expect(res.statusCode, url).not.toBe(429);
        expect(res.headers['x-ratelimit-limit'], url).toBeUndefined();
      }
    }
  });
});

describe('chat: per IP across conversations', () => {
  const startChat = (ip: string) =>
    send({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: { channel: 'web' },
      remoteAddress: ip,
    });
  const say = (ip: string, chat: { id: string; token: string }, text: string) =>
    send({
      method: 'POST',
      url: `/api/v1/conversations/${chat.id}/messages`,
      headers: { 'x-conversation-token': chat.token },
      payload: { text },
      remoteAddress: ip,
    });
  const rows = async () => {
    const { rows } = await sql<{ conversations: string; messages: string }>`
      select (select count(*) from ai.conversations) as conversations,
             (select count(*) from ai.messages) as messages`.execute(t.database.db);
    return rows[0];
  };

  it('counts starts and messages in one bucket, so new conversations do not reset it; a refused turn writes nothing', async () => {
    nextMinute();
    const ip = '198.51.100.30';
    const first = (await startChat(ip)).json<{ id: string; token: string }>();
    expect((await say(ip, first, 'hello')).statusCode).toBe(200);
    const second = await startChat(ip);
    expect(second.statusCode).toBe(201);
    const chat = second.json<{ id: string; token: string }>();
    const before = await rows();
    // Each conversation is far below its own 10 a minute; the address is at its limit.
    expectRateLimited(await say(ip, chat, 'how much for 10 adults in 94539?'));
    expectRateLimited(await startChat(ip));
    expect(await rows()).toEqual(before);
    // Another address chats on.
    expect((await say('198.51.100.31', chat, 'hello')).statusCode).toBe(200);
  });
});

describe('client networks', () => {
  it('counts every address of one IPv6 /64 in one bucket', async () => {
    nextMinute();
    const quote = (ip: string) =>
      send({ method: 'POST', url: '/api/v1/quotes', payload: {}, remoteAddress: ip });
    expect((await quote('2001:db8:77:1::1')).statusCode).toBe(400);
    expect((await quote('2001:db8:77:1:dead:beef:0:2')).statusCode).toBe(400);
    expectRateLimited(await quote('2001:db8:77:1:ffff:ffff:ffff:ffff'));
    expect((await quote('2001:db8:77:2::1')).statusCode).toBe(400);
  });
});

describe('the shared store', () => {
  const buckets = () =>
    t.database.db.selectFrom('identity.rate_limit_windows').selectAll().execute();

  it('stores keyed hashes only: no address, staff id or token', async () => {
    nextMinute();
    await send({ method: 'POST', url: '/api/v1/quotes', payload: {}, remoteAddress: '192.0.2.99' });
    const stored = await buckets();
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(row.bucket).toMatch(/^[0-9a-f]{32}$/);
    const expected = t.container.fieldCrypto
      .keyedHash('rate-limit', 'public-write:ip:192.0.2.99')
      .slice(0, 32);
    expect(stored.map((row) => row.bucket)).toContain(expected);
  });

  it('sweeps buckets whose window has ended, off the request path', async () => {
    nextMinute();
    for (let i = 0; i < 20; i += 1)
      await send({
        method: 'POST',
        url: '/api/v1/quotes',
        payload: {},
        remoteAddress: `192.0.2.${i}`,
      });
    expect((await buckets()).length).toBeGreaterThanOrEqual(20);
    nextMinute();
    await send({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: {},
      remoteAddress: '192.0.2.200',
    });
    await vi.waitFor(
      async () => {
        const left = await buckets();
        expect(left.length).toBe(1);
      },
      { timeout: 10_000, interval: 50 },
    );
  });

  it('answers 503 with retry-after and writes nothing when the store cannot count (fails closed)', async () => {
    nextMinute();
    const quotes = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('core.quotes')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const postQuote = () =>
      send({
        method: 'POST',
        url: '/api/v1/quotes',
        payload: quoteBody(),
        remoteAddress: '192.0.2.250',
      });
    const before = await quotes();
    await sql`alter table identity.rate_limit_windows rename to rate_limit_windows_away`.execute(
      t.database.db,
    );
    try {
      const res = await postQuote();
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('SERVICE_UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.body).not.toContain('rate_limit_windows');
    } finally {
      await sql`alter table identity.rate_limit_windows_away rename to rate_limit_windows`.execute(
        t.database.db,
      );
    }
    expect(await quotes()).toBe(before);
    const after = await postQuote();
    expect(after.statusCode, after.body).toBe(201);
  });
});
