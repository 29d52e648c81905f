import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAdminRoutes } from './web-admin.routes.ts';

let dist: string;
let app: FastifyInstance;

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'teppan-web-admin-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'admin-abc123.js'), 'console.log(1)');
  app = Fastify();
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'nope' }, requestId: 'x' }),
  );
  app.get('/api/v1/admin/bookings', () => ({ items: [] }));
  await app.register(webAdminRoutes({ distDir: dist }));
});

afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('admin panel plugin', () => {
  it.each(['/admin', '/admin/', '/admin/sign-in', '/admin/bookings/abc?q=x', '/admin/calendar'])(
    'serves the panel shell at %s, never framed',
    async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.body).toContain('<div id="root">');
    },
  );

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
