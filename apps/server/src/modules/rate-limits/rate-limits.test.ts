import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseTrustProxy } from '../../config.ts';
import { trustProxyOption } from './client-network.ts';
import { rateLimitScopeOf } from './rate-limits.ts';
import { decideHit } from './shared-window-limiter.ts';

describe('rateLimitScopeOf', () => {
  it.each([
    ['GET', '/api/v1/admin/bookings', 'staff'],
    ['POST', '/api/v1/admin/bookings/:id/cancellation-request', 'staff'],
    ['GET', '/api/v1/staff/auth/me', 'staff'],
    ['DELETE', '/api/v1/staff/api-keys/:id', 'staff'],
    ['POST', '/api/v1/bookings/:id/status', 'staff'],
    ['POST', '/api/v1/payments/:id/confirm', 'staff'],
    ['POST', '/api/v1/staff/auth/login', 'public-write'],
    ['POST', '/api/v1/staff/auth/password-reset/request', 'public-write'],
    ['POST', '/api/v1/staff/invitations/accept', 'public-write'],
    ['POST', '/api/v1/quotes', 'public-write'],
    ['POST', '/api/v1/holds', 'public-write'],
    ['POST', '/api/v1/holds/:id/sign', 'public-write'],
    ['PATCH', '/api/v1/bookings/:id', 'public-write'],
    ['POST', '/api/v1/bookings/:id/cancel', 'public-write'],
    ['GET', '/api/v1/quotes/:id', 'public-read'],
    ['HEAD', '/api/v1/quotes/:id', 'public-read'],
    ['GET', '/api/v1/availability', 'public-read'],
    ['GET', '/api/v1/settings', 'public-read'],
    ['GET', '/api/v1/bookings/:id/calendar.ics', 'public-read'],
    ['GET', '/api/v1/conversations/:id/messages', 'public-read'],
    ['POST', '/api/v1/conversations', 'chat'],
    ['POST', '/api/v1/conversations/:id/messages', 'chat'],
    ['POST', '/api/v1/payments/stripe/webhook', null],
    ['POST', '/api/v1/sms/ringcentral/webhook', null],
    ['OPTIONS', '/api/v1/quotes', null],
    ['GET', '/healthz', null],
    ['GET', '/readyz', null],
    ['GET', '/metrics', null],
    ['GET', '/api/docs', null],
    ['GET', '/', null],
    ['GET', '/assets/*', null],
    ['GET', '/admin/*', null],
  ])('%s %s → %s', (method, url, scope) => {
    expect(rateLimitScopeOf({ method, url })).toBe(scope);
  });
});

describe('decideHit', () => {
  const now = new Date('2026-01-05T12:00:30Z');
  const windowStartedAt = new Date('2026-01-05T12:00:00Z');
  const decide = (hits: number, startedAt = windowStartedAt) =>
    decideHit({ counted: { hits, windowStartedAt: startedAt }, limit: 3, windowMs: 60_000, now });

  it('allows up to the limit, then refuses until the window ends', () => {
    expect(decide(1)).toEqual({ isAllowed: true, limit: 3, remaining: 2, retryAfterSeconds: 30 });
    expect(decide(3)).toMatchObject({ isAllowed: true, remaining: 0 });
    expect(decide(4)).toEqual({ isAllowed: false, limit: 3, remaining: 0, retryAfterSeconds: 30 });
  });

  it('keeps retry-after within 1 s and one window when instance clocks disagree', () => {
    // Started by an instance whose clock runs ahead / far behind this one.
    expect(decide(4, new Date('2026-01-05T12:00:40Z')).retryAfterSeconds).toBe(60);
    expect(decide(4, new Date('2026-01-05T11:59:30Z')).retryAfterSeconds).toBe(1);
  });
});

describe('rate limit configuration', () => {
  it('defaults to SPEC §14', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      staffPerMinute: 100,
      publicWritesPerMinute: 20,
      publicReadsPerMinute: 120,
      chatPerMinute: 30,
    });
  });

  it('reads every limit from the environment and refuses nonsense', () => {
    const config = loadConfig({
      STAFF_RATE_LIMIT_PER_MINUTE: '250',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '30',
      PUBLIC_READ_RATE_LIMIT_PER_MINUTE: '200',
      CHAT_RATE_LIMIT_PER_MINUTE: '12',
    });
    expect(config.rateLimits).toEqual({
      staffPerMinute: 250,
      publicWritesPerMinute: 30,
      publicReadsPerMinute: 200,
      chatPerMinute: 12,
    });
    expect(() => loadConfig({ PUBLIC_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ STAFF_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_READ_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHAT_RATE_LIMIT_PER_MINUTE: '2.5' })).toThrow(ConfigError);
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told, in production too', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://u:p@db/teppan',
        STAFF_API_KEY: 'x'.repeat(32),
        ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
        HASH_PEPPER: Buffer.alloc(32, 9).toString('base64'),
      }).trustProxy,
    ).toBe(false);
  });

  it.each([
    ['1', 1],
    ['2', 2],
    ['0', false],
    ['10.0.0.7', ['10.0.0.7']],
    ['10.0.0.0/8, 172.16.0.0/12', ['10.0.0.0/8', '172.16.0.0/12']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
    ['fd00::/8,::1', ['fd00::/8', '::1']],
  ])('%s → %j', (value, trustProxy) => {
    expect(parseTrustProxy(value)).toEqual({ trustProxy });
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(trustProxy);
  });

  it.each([
    'true',
    'TRUE',
    'yes',
    'false',
    '11',
    '10.0.0.0/33',
    'fd00::/129',
    'proxy.local',
    '10.0.0.1,,',
  ])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });

  it('turns a hop count into a function trusting that many hops (Fastify 5 ignores numbers)', () => {
    const trust = trustProxyOption(2);
    expect(typeof trust).toBe('function');
    if (typeof trust !== 'function') return;
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false]);
    expect(trustProxyOption(false)).toBe(false);
    expect(trustProxyOption(['10.0.0.1'])).toEqual(['10.0.0.1']);
  });
});
