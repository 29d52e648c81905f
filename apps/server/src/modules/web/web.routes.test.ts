import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from './web.routes.ts';

let dist: string;
let app: FastifyInstance;

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'teppan-web-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  app = Fastify();
  // The same envelope as the real app's not-found handler.
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'nope' }, requestId: 'x' }),
  );
  app.get('/healthz', () => ({ status: 'ok' }));
  await app.register(webRoutes({ distDir: dist }));
});

afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
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
  ])('serves the app shell at %s', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<div id="root">');
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
    ['GET', '/assets/missing.js'],
    ['POST', '/'],
    ['POST', '/book/venue'],
  ] as const)('keeps the API 404 envelope for %s %s', async (method, url) => {
    const res = await app.inject({ method, url });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('leaves other routes alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('registers nothing without a build', async () => {
    const bare = Fastify({ logger: false });
    await bare.register(webRoutes({ distDir: path.join(dist, 'missing') }));
    expect((await bare.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
