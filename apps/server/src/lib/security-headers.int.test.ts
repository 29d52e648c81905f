import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PRODUCTION_ENV, type TestApp } from '../test/harness.ts';
import { newStation } from '../test/factories.ts';
import { HSTS } from './security-headers.ts';

// API answers of every kind: a read, a created quote, a validation error, a missing route.
const REQUESTS = [
  { method: 'GET', url: '/healthz' },
  { method: 'GET', url: '/api/v1/settings' },
  { method: 'POST', url: '/api/v1/quotes', payload: { adults: 'ten' } },
  { method: 'GET', url: '/api/v1/nope' },
] as const;

describe.each([
  ['development', {}, undefined],
  ['production', PRODUCTION_ENV, HSTS],
] as const)('API responses in %s', (_label, env, hsts) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env });
    await newStation(t.database.db);
  });
  afterAll(async () => t.close());

  it(`carry nosniff, and HSTS only in production`, async () => {
    for (const request of REQUESTS) {
      const res = await t.app.inject(request);
      const label = `${request.method} ${request.url} → ${res.statusCode}`;
      expect(res.headers['x-content-type-options'], label).toBe('nosniff');
      expect(res.headers['strict-transport-security'], label).toBe(hsts);
    }
  });
});
