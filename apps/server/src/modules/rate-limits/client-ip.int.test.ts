import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

// Production settings: before TRUST_PROXY, production trusted every X-Forwarded-For.
const PRODUCTION = {
  NODE_ENV: 'production',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
  HASH_PEPPER: Buffer.alloc(32, 5).toString('base64'),
  PUBLIC_RATE_LIMIT_PER_MINUTE: '2',
};

const apps: TestApp[] = [];
async function appWith(env: Record<string, string>): Promise<TestApp> {
  const app = await createTestApp({ env: { ...PRODUCTION, ...env } });
  apps.push(app);
  return app;
}
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
});

/** An invalid quote (400) is enough: the limit counts before validation. */
function quoteFrom(t: TestApp, options: { remoteAddress: string; forwardedFor?: string }) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/quotes',
    payload: {},
    remoteAddress: options.remoteAddress,
    headers: options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {},
  });
}

let spoof = 0;
const spoofed = () => `100.64.${Math.floor(spoof / 250)}.${(spoof++ % 250) + 1}`;

describe('without TRUST_PROXY (in production too)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({});
  });

  it('ignores X-Forwarded-For: a client cannot choose a fresh bucket per request', async () => {
    const client = '203.0.113.10';
    for (let i = 0; i < 2; i += 1)
      expect(
        (await quoteFrom(t, { remoteAddress: client, forwardedFor: spoofed() })).statusCode,
      ).toBe(400);
    const refused = await quoteFrom(t, { remoteAddress: client, forwardedFor: spoofed() });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
  });

  it('keeps one bucket for a flood of spoofed addresses', async () => {
    const client = '203.0.113.11';
    for (let i = 0; i < 50; i += 1)
      await quoteFrom(t, { remoteAddress: client, forwardedFor: spoofed() });
    const buckets = await t.database.db
      .selectFrom('identity.rate_limit_windows')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    // One for each of the two clients of this file so far, none per spoofed value.
    expect(Number(buckets.n)).toBe(2);
  });
});

describe('TRUST_PROXY with the proxies’ addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ TRUST_PROXY: '10.0.0.0/8' });
  });

  it('takes the client from the configured proxy’s X-Forwarded-For', async () => {
    const viaProxy = (forwardedFor: string) =>
      quoteFrom(t, { remoteAddress: '10.1.2.3', forwardedFor });
    expect((await viaProxy('198.51.100.1')).statusCode).toBe(400);
    // Another proxy instance of the same range, same client: same bucket.
    expect(
      (await quoteFrom(t, { remoteAddress: '10.9.9.9', forwardedFor: '198.51.100.1' })).statusCode,
    ).toBe(400);
    expect((await viaProxy('198.51.100.1')).statusCode).toBe(429);
    // A different client behind the same proxy has its own bucket.
    expect((await viaProxy('198.51.100.2')).statusCode).toBe(400);
    // A value the client put in front of the proxy's own entry changes nothing.
    expect((await viaProxy(`${spoofed()}, 198.51.100.1`)).statusCode).toBe(429);
  });

  it('ignores X-Forwarded-For from an address that is not a configured proxy', async () => {
    const direct = '203.0.113.12';
    for (let i = 0; i < 2; i += 1)
      expect(
        (await quoteFrom(t, { remoteAddress: direct, forwardedFor: spoofed() })).statusCode,
      ).toBe(400);
    expect(
      (await quoteFrom(t, { remoteAddress: direct, forwardedFor: spoofed() })).statusCode,
    ).toBe(429);
  });
});

describe('TRUST_PROXY as a hop count', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ TRUST_PROXY: '1' });
  });

  it('takes the entry the one proxy appended, whatever the client sent before it', async () => {
    const viaProxy = (forwardedFor: string) =>
      quoteFrom(t, { remoteAddress: '10.0.0.5', forwardedFor });
    for (let i = 0; i < 2; i += 1)
      expect((await viaProxy(`${spoofed()}, 198.51.100.7`)).statusCode).toBe(400);
    expect((await viaProxy(`${spoofed()}, 198.51.100.7`)).statusCode).toBe(429);
    expect((await viaProxy('198.51.100.8')).statusCode).toBe(400);
  });
});
