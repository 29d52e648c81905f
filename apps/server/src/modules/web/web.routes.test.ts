import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from '../../lib/security-headers.ts';
import { listenWithSitePlugin, makeBuiltSite } from '../../test/built-site-fixture.ts';
import { rawGet } from '../../test/raw-http.ts';
import { webRoutes } from './web.routes.ts';

const site = makeBuiltSite({
  tmpPrefix: 'teppan-web-',
  assets: { 'app-abc123.js': 'console.log(1)', 'nested/chunk.js': 'console.log(2)' },
});
let app: FastifyInstance;

beforeAll(async () => {
  app = await listenWithSitePlugin(webRoutes({ distDir: site.dist }), (bare) => {
    bare.get('/healthz', () => ({ status: 'ok' }));
  });
});

afterAll(async () => {
  await app.close();
  site.remove();
});

describe('customer site plugin', () => {
  it.each([
    '/',
    '/menu',
    '/quote',
    '/book',
    '/book/venue',
    '/book/confirmation',
    '/manage/0b7c8a53-3c1e-4a4e-9d2f-7d6f5a1c2b3d?token=abc',
    '/book/hold/0b7c8a53-3c1e-4a4e-9d2f-7d6f5a1c2b3d',
  ])('serves the app shell at %s', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<div id="root">');
  });

  it('sends the page with CSP (no inline script), no framing, no Referer and nosniff', async () => {
    for (const url of [
      '/',
      '/book/deposit',
      '/manage/0b7c8a53-3c1e-4a4e-9d2f-7d6f5a1c2b3d?token=t',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      const csp = res.headers['content-security-policy'];
      expect(csp, url).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-frame-options']).toBe('DENY');
      // Manage links carry the booking token in the query: no Referer may copy it.
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it.each([
    '/..%2f..%2fpackage.json',
    '/..%2fsecret.txt',
    '/assets/..%2fsecret.txt',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/secret.txt',
    '/assets/%2e%2e%2fsecret.txt',
    '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
    '/assets/..%5csecret.txt',
    '/assets/%252e%252e%252fsecret.txt',
    '/assets/nested/..%2f..%2fsecret.txt',
    '/assets/nested/%2e%2e/%2e%2e/package.json',
    '/assets/..;/secret.txt',
    '/assets/%c0%ae%c0%ae/secret.txt',
  ])('refuses the traversal attempt %s without serving any file', async (url) => {
    const res = await rawGet(app, url);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body).not.toMatch(/OUTSIDE-DIST|OUTSIDE-ASSETS|console\.log/);
  });

  it.each([
    '/assets/nested/../app-abc123.js',
    '/assets/nested/%2e%2e/app-abc123.js',
    '/assets/./app-abc123.js',
    '/assets//app-abc123.js',
    '/assets/nested%2fchunk.js',
  ])('serves no file for the non-canonical path %s (fixed advisories)', async (url) => {
    const res = await rawGet(app, url);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body).not.toContain('console.log');
  });

  it('the canonical path of the same file is served over the same socket path', async () => {
    const res = await rawGet(app, '/assets/nested/chunk.js');
    expect(res).toEqual({ status: 200, body: 'console.log(2)' });
  });

  it('serves hashed assets with a long cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/api/'],
    ['GET', '/metrics-nope'],
    ['GET', '/nope'],
    ['GET', '/book/not-a-step'],
    ['GET', '/manage/not-a-uuid'],
    ['GET', '/book/hold/not-a-uuid'],
    ['GET', '/assets/missing.js'],
    ['POST', '/'],
    ['POST', '/book/venue'],
  ] as const)('keeps the API 404 envelope for %s %s', async (method, url) => {
    const res = await app.inject({ method, url });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  const BROWSER_ACCEPT =
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

  it('serves the app shell at a hold link a browser opens', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/book/hold/0b7c8a53-3c1e-4a4e-9d2f-7d6f5a1c2b3d',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(res.body).toContain('<div id="root">');
  });

  it.each([
    '/nope',
    '/book/hold/not-a-uuid',
    '/book/hold/0b7c8a53-3c1e-4a4e-9d2f-7d6f5a1c2b3d/extra',
    '/book/not-a-step',
    '/manage/not-a-uuid',
    '/some/deep/typo?x=1',
  ])('shows a browser the site not-found page (HTML, 404) at %s', async (url) => {
    const res = await app.inject({ method: 'GET', url, headers: { accept: BROWSER_ACCEPT } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(res.body).toContain('<div id="root">');
  });

  it.each([
    ['/api/v1/nope', BROWSER_ACCEPT],
    ['/api', BROWSER_ACCEPT],
    ['/api/v1/holds/0b7c8a53-3c1e-4a4e-9d2f-7d6f5a1c2b3d/nope', BROWSER_ACCEPT],
    ['/nope', 'application/json'],
    ['/nope', '*/*'],
  ])('keeps the JSON 404 envelope for %s (accept %s)', async (url, accept) => {
    const res = await app.inject({ method: 'GET', url, headers: { accept } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('leaves other routes alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('registers nothing without a build', async () => {
    const bare = Fastify({ logger: false });
    await bare.register(webRoutes({ distDir: path.join(site.dist, 'missing') }));
    expect((await bare.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
