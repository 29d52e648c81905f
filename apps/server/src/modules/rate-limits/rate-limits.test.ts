import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { rateLimitScopeOf } from './rate-limits.ts';

describe('rateLimitScopeOf', () => {
  it.each([
    ['GET', '/api/v1/admin/bookings', 'staff'],
    ['POST', '/api/v1/admin/bookings/:id/cancellation-request', 'staff'],
    ['GET', '/api/v1/staff/auth/me', 'staff'],
    ['DELETE', '/api/v1/staff/api-keys/:id', 'staff'],
    ['POST', '/api/v1/bookings/:id/status', 'staff'],
    ['POST', '/api/v1/payments/:id/confirm', 'staff'],
    ['POST', '/api/v1/staff/auth/login', 'public'],
    ['POST', '/api/v1/staff/auth/password-reset/request', 'public'],
    ['POST', '/api/v1/staff/invitations/accept', 'public'],
    ['POST', '/api/v1/quotes', 'public'],
    ['POST', '/api/v1/holds', 'public'],
    ['POST', '/api/v1/holds/:id/sign', 'public'],
    ['PATCH', '/api/v1/bookings/:id', 'public'],
    ['POST', '/api/v1/bookings/:id/cancel', 'public'],
    ['POST', '/api/v1/conversations', 'public'],
    ['POST', '/api/v1/conversations/:id/messages', null],
    ['POST', '/api/v1/payments/stripe/webhook', null],
    ['POST', '/api/v1/sms/ringcentral/webhook', null],
    ['GET', '/api/v1/quotes/:id', null],
    ['GET', '/api/v1/availability', null],
    ['GET', '/healthz', null],
  ])('%s %s → %s', (method, url, scope) => {
    expect(rateLimitScopeOf({ method, url })).toBe(scope);
  });
});

describe('rate limit configuration', () => {
  it('defaults to SPEC §14: 100 a minute for staff, 20 for public writes', () => {
    expect(loadConfig({}).rateLimits).toEqual({ staffPerMinute: 100, publicPerMinute: 20 });
  });

  it('reads both limits from the environment and refuses nonsense', () => {
    const config = loadConfig({
      STAFF_RATE_LIMIT_PER_MINUTE: '250',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '30',
    });
    expect(config.rateLimits).toEqual({ staffPerMinute: 250, publicPerMinute: 30 });
    expect(() => loadConfig({ PUBLIC_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ STAFF_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(ConfigError);
  });
});
