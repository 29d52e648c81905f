import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PRODUCTION_ENV, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { newStaff, signIn } from '../staff/staff.test-helper.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
// Every route the documentation UI registers: the page, both documents, its static files.
const DOC_URLS = [
  '/api/docs',
  '/api/docs/json',
  '/api/docs/yaml',
  '/api/docs/static/swagger-ui.css',
  '/api/docs/static/swagger-initializer.js',
];

async function status(t: TestApp, url: string, headers: Record<string, string> = {}) {
  return (await t.app.inject({ method: 'GET', url, headers })).statusCode;
}

describe('development defaults: /metrics and /api/docs are open', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('serves metrics and every documentation route to anyone', async () => {
    expect(t.config).toMatchObject({ metrics: { access: 'open' }, apiDocs: 'public' });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('teppan_http_request_duration_seconds');
    for (const url of DOC_URLS) expect(await status(t, url), url).toBeLessThan(400);
    const doc = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.json<{ paths: object }>().paths).toHaveProperty(['/api/v1/quotes']);
  });
});

describe('METRICS_TOKEN and API_DOCS=staff', () => {
  let t: TestApp;
  let chefCookie: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN, API_DOCS: 'staff' } });
    const { stationId } = await newStation(t.database.db);
    const chef = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    chefCookie = (await signIn(t.app, chef)).cookie;
  });
  afterAll(async () => t.close());

  it('/metrics answers only the bearer token', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(anonymous.body).not.toContain('teppan_');
    for (const authorization of [
      `Bearer ${METRICS_TOKEN}x`,
      `Bearer ${METRICS_TOKEN.slice(1)}`,
      `Basic ${METRICS_TOKEN}`,
      `Bearer ${STAFF_KEY}`,
      METRICS_TOKEN,
    ])
      expect(await status(t, '/metrics', { authorization }), authorization).toBe(401);
    const scraped = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.headers['content-type']).toContain('text/plain');
    expect(scraped.body).toContain('teppan_http_request_duration_seconds');
  });

  it('the documentation and its documents need a staff session or the operator key', async () => {
    for (const url of DOC_URLS) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.body, url).not.toContain('/api/v1/quotes');
      expect(await status(t, url, { authorization: 'Bearer not-a-key' }), url).toBe(401);
      expect(await status(t, url, { authorization: `Bearer ${STAFF_KEY}` }), url).toBeLessThan(400);
      // A signed-in staff member opens /api/docs in the browser: the session cookie goes along.
      expect(await status(t, url, { cookie: chefCookie }), url).toBeLessThan(400);
    }
    const doc = await t.app.inject({
      method: 'GET',
      url: '/api/docs/json',
      headers: { cookie: chefCookie },
    });
    expect(doc.json<{ paths: object }>().paths).toHaveProperty(['/api/v1/quotes']);
  });
});

describe('API_DOCS=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { API_DOCS: 'off' } });
  });
  afterAll(async () => t.close());

  it('serves no documentation to anyone, while the document can still be generated', async () => {
    for (const url of DOC_URLS)
      expect(await status(t, url, { authorization: `Bearer ${STAFF_KEY}` }), url).toBe(404);
    // `npm run openapi` renders it from the same app.
    expect(Object.keys(t.app.swagger().paths ?? {})).toContain('/api/v1/quotes');
  });
});

describe('production defaults', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: PRODUCTION_ENV });
  });
  afterAll(async () => t.close());

  it('has no /metrics without a token, and the documentation is staff-only', async () => {
    expect(t.config).toMatchObject({ metrics: { access: 'off' }, apiDocs: 'staff' });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(404);
    expect(metrics.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    expect(await status(t, '/api/docs/json')).toBe(401);
    expect(await status(t, '/api/docs/json', { authorization: `Bearer ${STAFF_KEY}` })).toBe(200);
  });
});
