import { createDb } from '@teppan/db';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createContainer, type Container, type ContainerDeps } from '../container.ts';
import { createMetrics } from './metrics.ts';

/**
 * An app whose container has its own metrics and a silent logger, unless one is given: for
 * tests and offline tools, where nothing reads the logs and each app counts only its own
 * requests. Closing the app leaves `db` open; the caller owns it.
 */
export async function buildSilentApp(
  deps: Omit<ContainerDeps, 'metrics' | 'logger'> & { logger?: ContainerDeps['logger'] },
): Promise<{ app: FastifyInstance; container: Container }> {
  const container = createContainer({
    ...deps,
    metrics: createMetrics(),
    logger: deps.logger ?? pino({ level: 'silent' }),
  });
  return { app: await buildApp(container, { logger: false }), container };
}

/**
 * The OpenAPI document of every route, as `npm run openapi` renders it. No database is
 * touched: the pool connects lazily and rendering runs no query.
 */
export async function renderOpenApiDocument(): Promise<unknown> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    LOG_LEVEL: 'silent',
  });
  const { db } = createDb({ url: 'postgres://openapi@127.0.0.1:1/none', max: 1 });
  const { app } = await buildSilentApp({ config, db });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await db.destroy();
  }
}
