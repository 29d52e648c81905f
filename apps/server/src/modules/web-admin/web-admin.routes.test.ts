import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from '../../lib/security-headers.ts';
import { rawGet } from '../../test/raw-http.ts';
import { webAdminRoutes } from './web-admin.routes.ts';

let parent: string;
let dist: string;
let app: FastifyInstance;

beforeAll(async () => {
  // <parent>/package.json and <parent>/dist/secret.txt lie outside the served assets.
  parent = mkdtempSync(path.join(os.tmpdir(), 'teppan-web-admin-'));
  dist = path.join(parent, 'dist');
  mkdirSync(path.join(dist, 'assets', 'nested'), { recursive: true });
  writeFileSync(path.join(parent, 'package.json'), '{"secret":"OUTSIDE-DIST"}');
  writeFileSync(path.join(dist, 'secret.txt'), 'OUTSIDE-ASSETS');
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'admin-abc123.js'), 'console.log(1)');
  app = Fastify();
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'nope' }, requestId: 'x' }),
  );
  app.get('/api/v1/admin/bookings', () => ({ items: [] }));
  await app.register(webAdminRoutes({ distDir: dist }));
  await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
  rmSync(parent, { recursive: true, force: true });
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
    await bare.register(webAdminRoutes({ distDir: path.join(dist, 'missing') }));
    expect((await bare.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(404);
    await bare.close();
  });
});
