import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../config.ts';
import type { Container } from '../container.ts';
import { JobQueue } from '../lib/jobs.ts';
import { openAppDatabase } from '../lib/app-database.ts';
import { buildSilentApp } from '../lib/silent-app.ts';
import { HIGH_RATE_LIMITS } from './high-rate-limits.ts';

export const STAFF_KEY = 'test-staff-key-0123456789abcdef';

/** What `createTestApp({ env })` needs on top of its defaults to run as production. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  HASH_PEPPER: Buffer.alloc(32, 9).toString('base64'),
};

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/**
 * An app on its own cloned database, driven with app.inject(); no port, no worker. `now` is
 * the clock the container reads (staff.test-helper.ts: createClockedTestApp).
 */
export async function createTestApp(
  options: { env?: Record<string, string>; withJobs?: boolean; now?: () => Date } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(inject('adminUrl'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    STAFF_API_KEY: STAFF_KEY,
    ...HIGH_RATE_LIMITS,
    ...options.env,
  });
  const logger = pino({ level: 'silent' });
  let jobs: JobQueue | null = null;
  if (options.withJobs) {
    jobs = new JobQueue({ connectionString: database.url, logger, sweepSeconds: 1 });
    await jobs.start();
  }
  // The app's own pool, with the configured bounds, as in production (lib/app-database.ts).
  const { db: appDb } = openAppDatabase(config, { url: database.url });
  const { app, container } = await buildSilentApp({
    config,
    db: appDb,
    logger,
    jobs,
    now: options.now,
  });
  return {
    app,
    container,
    database,
    config,
    async close() {
      await app.close();
      await jobs?.stop();
      await appDb.destroy();
      await database.drop();
    },
  };
}
