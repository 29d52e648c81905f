import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from '../../lib/security-headers.ts';
import { listenWithSitePlugin, makeBuiltSite } from '../../test/built-site-fixture.ts';
import { rawGet } from '../../test/raw-http.ts';
import { webAdminRoutes } from './web-admin.routes.ts';

// assets/nested exists (and is empty) for the `nested/..` probes.
const site = makeBuiltSite({
  tmpPrefix: 'teppan-web-admin-',
  assets: { 'admin-abc123.js': 'console.log(1)' },
});
mkdirSync(path.join(site.dist, 'assets', 'nested'));
let app: FastifyInstance;

beforeAll(async () => {
  app = await listenWithSitePlugin(webAdminRoutes({ distDir: site.dist }), (bare) => {
    bare.get('/api/v1/admin/bookings', () => ({ items: [] }));
  });
});

afterAll(async () => {
  await app.close();
  site.remove();
});

describe('admin panel plugin', () => {
  it.each(['/admin', '/admin/', '/admin/sign-in', '/admin/bookings/abc?q=x', '/admin/calendar'])(
    'serves the panel shell at %s, never framed',
    async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body).toContain('<div id="root">');
    },
  );

  it.each([
    '/admin/..%2f..',
    '/admin/..%2f..%2fpackage.json',
    '/admin/%2e%2e/%2e%2e/package.json',
    '/admin/../secret.txt',
    '/admin/..%5c..%5cpackage.json',
    '/admin/assets/..%2fsecret.txt',
    '/admin/assets/..%2f..%2fpackage.json',
    '/admin/assets/%2e%2e/secret.txt',
    '/admin/assets/nested/../admin-abc123.js',
    '/admin/assets/./admin-abc123.js',
    '/admin/assets//admin-abc123.js',
    '/admin/bookings/%2e%2e',
    '/admin//bookings',
  ])('answers the traversal attempt %s with 400/403/404 and no file', async (url) => {
    const res = await rawGet(app, url);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body).not.toMatch(/OUTSIDE-DIST|OUTSIDE-ASSETS|console\.log|id="root"/);
  });

  it('serves hashed assets under /admin/assets with a long cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/assets/admin-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each([
    ['GET', '/admin/assets/missing.js'],
    ['GET', '/administrator'],
    ['GET', '/api/v1/admin/nope'],
    ['POST', '/admin'],
  ])('keeps the JSON 404 for %s %s', async (method, url) => {
    const res = await app.inject({ method: method as 'GET' | 'POST', url });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('leaves the API alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/admin/bookings' });
    expect(res.json()).toEqual({ items: [] });
  });

  it('registers nothing without a build', async () => {
    const bare = Fastify({ logger: false });
    await bare.register(webAdminRoutes({ distDir: path.join(site.dist, 'missing') }));
    expect((await bare.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(404);
    await bare.close();
  });
});
