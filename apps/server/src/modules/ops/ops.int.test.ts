import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, logRedactPaths } from '../../app.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db);
});
afterAll(async () => t.close());

describe('operations endpoints', () => {
  it('healthz is up; readyz reports the database, migrations and queue', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
    });
    // This test app runs without a job queue, so it is honestly not ready.
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      checks: { database: { ok: true }, migrations: { ok: true }, queue: { ok: false } },
    });
  });

  it('exposes Prometheus metrics and the OpenAPI document with the public contract', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('teppan_http_request_duration_seconds_bucket');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<string, object>;
    }>();
    for (const path of [
      '/api/v1/quotes',
      '/api/v1/quotes/{id}',
      '/api/v1/availability',
      '/api/v1/holds',
      '/api/v1/holds/{id}/sign',
      '/api/v1/holds/{id}/deposit',
      '/api/v1/bookings/{id}',
      '/api/v1/bookings/{id}/reschedule',
      '/api/v1/bookings/{id}/cancel',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('echoes a request id, and errors carry it with a stable code', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/nope',
      headers: { 'x-request-id': 'req-12345678' },
    });
    expect(res.headers['x-request-id']).toBe('req-12345678');
    expect(res.json()).toMatchObject({
      error: { code: 'ROUTE_NOT_FOUND' },
      requestId: 'req-12345678',
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: { 'content-type': 'application/json' },
      payload: '{"adults":',
    });
    expect(bad.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it('keeps tokens, secrets and contact details out of the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino(
      { level: 'info', redact: { paths: logRedactPaths, censor: '[redacted]' } },
      sink,
    );
    logger.info(
      { customer: { email: 'host@example.com', phone: '5105550100' }, manageToken: 'tok-secret' },
      'probe',
    );
    // The app's own request logs: the manage token arrives in the query and in a header.
    const app = await buildApp(t.container, { logger: true, logStream: sink, logLevel: 'info' });
    await app.inject({
      method: 'GET',
      url: '/api/v1/bookings/00000000-0000-4000-8000-000000000000?token=tok-query-secret',
      headers: { 'x-booking-token': 'tok-header-secret', authorization: 'Bearer staff-secret' },
    });
    await app.close();
    const text = lines.join('');
    expect(text).toContain('probe');
    expect(text).not.toContain('host@example.com');
    expect(text).not.toContain('5105550100');
    expect(text).not.toContain('tok-secret');
    // The booking id opens the booking together with the token: a keyed fingerprint instead.
    expect(text).toMatch(/\/api\/v1\/bookings\/\[id:[0-9a-f]{12}\]\?token=\[redacted\]/);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
    for (const secret of ['tok-query-secret', 'tok-header-secret', 'staff-secret'])
      expect(text).not.toContain(secret);
  });
});
