import { contract, contractEntries, routeKey } from '@teppan/core/contract';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '@teppan/db';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { contractRoutesOf } from './lib/contract-route.ts';
import { createMetrics } from './lib/metrics.ts';
import { customerDistDir } from './modules/web/web.routes.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Paths = Record<string, Record<string, Operation>>;

const methods = ['get', 'post', 'put', 'patch', 'delete'];
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const fromOpenApiPath = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

let app: FastifyInstance;
let paths: Paths;
let destroy: () => Promise<void>;

beforeAll(async () => {
  // The same app `npm run openapi` renders; the pool connects lazily and nothing queries.
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    LOG_LEVEL: 'silent',
  });
  const { db } = createDb({ url: 'postgres://contract@127.0.0.1:1/none', max: 1 });
  destroy = () => db.destroy();
  const container = createContainer({
    config,
    db,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
  });
  app = await buildApp(container, { logger: false });
  await app.ready();
  paths = (app.swagger() as { paths: Paths }).paths;
});

afterAll(async () => {
  await app.close();
  await destroy();
});

describe('the HTTP contract', () => {
  const entries = [...contractEntries().values()];

  it('registers every entry of the registry', () => {
    const registered = new Set<string>(contractRoutesOf(app));
    // The customer pages exist only once the site is built (`npm run build:web`).
    const isSiteBuilt = existsSync(path.join(customerDistDir, 'index.html'));
    const webPages = new Set<string>(Object.values(contract.web).map((entry) => routeKey(entry)));
    const expected: string[] = entries
      .map((entry) => routeKey(entry))
      .filter((key) => isSiteBuilt || !webPages.has(key));
    expect(expected.filter((key) => !registered.has(key))).toEqual([]);
    expect([...registered].filter((key) => !expected.includes(key))).toEqual([]);
  });

  it('documents a 2xx response with content for every operation it declares', () => {
    const undocumented: string[] = [];
    for (const entry of entries) {
      if (entry.hide) continue;
      const operation = paths[toOpenApiPath(entry.path)]?.[entry.method.toLowerCase()];
      const success = Object.entries(operation?.responses ?? {}).filter(([status]) =>
        /^2\d\d$/.test(status),
      );
      const described =
        success.length > 0 &&
        success.every(([, response]) =>
          Object.values(response.content ?? {}).some((media) => media.schema !== undefined),
        );
      if (!described) undocumented.push(routeKey(entry));
    }
    expect(undocumented).toEqual([]);
  });

  it('has an entry for every /api/v1/ operation', () => {
    const declared = new Set<string>(entries.map((entry) => routeKey(entry)));
    const outside: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      const url = fromOpenApiPath(path);
      if (!url.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(operations).filter((m) => methods.includes(m))) {
        const key = `${method.toUpperCase()} ${url}`;
        if (!declared.has(key)) outside.push(key);
      }
    }
    expect(outside).toEqual([]);
  });

  it('covers the public and ops areas', () => {
    expect(Object.keys(contract)).toEqual(
      expect.arrayContaining([
        'agreements',
        'availability',
        'bookings',
        'conversations',
        'ops',
        'payments',
        'quotes',
        'settings',
        'web',
      ]),
    );
  });
});
