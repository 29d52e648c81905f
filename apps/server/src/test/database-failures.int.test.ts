import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openAppDatabase } from '../lib/app-database.ts';
import { withDeadline } from '../lib/deadline.ts';
import { buildSilentApp } from '../lib/silent-app.ts';
import { newStation, quoteBody } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

/*
 * Issue F5 points 1 and 8: a database that is slow, locked, exhausted or gone answers a
 * catalogued 503 within the configured bounds, never a hang and never a 500; /readyz turns
 * 503 when the pool cannot serve a query within a second and never echoes a raw error.
 */

// Generous: the bounds under test are a fraction of this; a hang is what must not happen.
const ANSWER_LIMIT_MS = 10_000;

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function appWith(env: Record<string, string>): Promise<TestApp> {
  t = await createTestApp({ withJobs: true, env });
  await newStation(t.database.db);
  return t;
}

const postQuote = (app: TestApp) =>
  withDeadline(
    ANSWER_LIMIT_MS,
    app.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() }),
  );

/**
 * Runs `work` while another session holds an exclusive lock on core.quotes, so the quote
 * route's insert waits on it; the lock is released afterwards whatever happens.
 */
async function whileQuotesLocked<T>(app: TestApp, work: () => Promise<T>): Promise<T> {
  return app.database.db.transaction().execute(async (trx) => {
    await sql`lock table core.quotes in access exclusive mode`.execute(trx);
    return work();
  });
}

function errorOf(res: { json: <T>() => T }) {
  return res.json<{ error: { code: string; message: string } }>().error;
}

describe('database bounds', () => {
  it('a lock wait past DB_LOCK_TIMEOUT_MS answers 503 DATABASE_TIMEOUT', async () => {
    const app = await appWith({ DB_LOCK_TIMEOUT_MS: '200', DB_STATEMENT_TIMEOUT_MS: '60000' });
    const started = Date.now();
    const res = await whileQuotesLocked(app, () => postQuote(app));
    expect(res.statusCode, res.body).toBe(503);
    expect(errorOf(res).code).toBe('DATABASE_TIMEOUT');
    expect(res.headers['retry-after']).toBe('2');
    expect(Date.now() - started).toBeLessThan(ANSWER_LIMIT_MS);
    // The lock gone, the same request succeeds: nothing was left half-written or stuck.
    expect((await postQuote(app)).statusCode).toBe(201);
  });

  it('a statement past DB_STATEMENT_TIMEOUT_MS answers 503 DATABASE_TIMEOUT', async () => {
    const app = await appWith({ DB_LOCK_TIMEOUT_MS: '60000', DB_STATEMENT_TIMEOUT_MS: '500' });
    const res = await whileQuotesLocked(app, () => postQuote(app));
    expect(res.statusCode, res.body).toBe(503);
    expect(errorOf(res).code).toBe('DATABASE_TIMEOUT');
    expect(errorOf(res).message).not.toMatch(/statement|canceling|quotes/i);
  });

  it('an exhausted pool: a checkout past DB_POOL_CHECKOUT_TIMEOUT_MS answers 503, /readyz answers 503 within about a second', async () => {
    const app = await appWith({ DB_POOL_MAX: '1', DB_POOL_CHECKOUT_TIMEOUT_MS: '3000' });
    expect((await app.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    // Take the app pool's only connection and keep it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const isTaken = new Promise<void>((resolve) => (taken = resolve));
    const holder = app.container.db.connection().execute(async () => {
      taken();
      await held;
    });
    await isTaken;
    try {
      const readyStarted = Date.now();
      const ready = await withDeadline(
        ANSWER_LIMIT_MS,
        app.app.inject({ method: 'GET', url: '/readyz' }),
      );
      const readyMs = Date.now() - readyStarted;
      expect(ready.statusCode, ready.body).toBe(503);
      const body = ready.json<{ checks: { database: { ok: boolean; detail: string } } }>();
      expect(body.checks.database).toEqual({
        ok: false,
        detail: 'no database connection answered within 1000 ms',
      });
      // Not the pool's own 3 s checkout timeout: /readyz has its own one-second bound.
      expect(readyMs).toBeLessThan(2900);

      const quote = await postQuote(app);
      expect(quote.statusCode, quote.body).toBe(503);
      expect(errorOf(quote).code).toBe('DATABASE_TIMEOUT');
    } finally {
      release();
      await holder;
    }
    expect((await app.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('a connection cut mid-request answers 503 DATABASE_UNAVAILABLE', async () => {
    const app = await appWith({ DB_LOCK_TIMEOUT_MS: '60000', DB_STATEMENT_TIMEOUT_MS: '60000' });
    const res = await whileQuotesLocked(app, async () => {
      const pending = postQuote(app);
      // Find the app's session waiting on the lock and terminate it, as a failover would.
      let terminated = false;
      for (let i = 0; i < 100 && !terminated; i += 1) {
        const { rows } = await sql<{ ok: boolean }>`
          select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = current_database() and application_name = 'teppan-app'
            and wait_event_type = 'Lock'`.execute(app.database.db);
        terminated = rows.some((row) => row.ok);
        if (!terminated) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(terminated).toBe(true);
      return pending;
    });
    expect(res.statusCode, res.body).toBe(503);
    expect(errorOf(res).code).toBe('DATABASE_UNAVAILABLE');
    // The pool drops the dead connection and serves the next request.
    const next = await postQuote(app);
    expect(next.statusCode, next.body).toBe(201);
  });
});

describe('an unreachable database', () => {
  it('/readyz says not ready with a generic detail, and a database route answers 503, never echoing the raw error', async () => {
    const url = 'postgres://teppan_probe:hunter2-secret@127.0.0.1:1/teppan_hidden_db';
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url });
    const { db } = openAppDatabase(config, { url });
    const { app } = await buildSilentApp({ config, db });
    try {
      const ready = await withDeadline(
        ANSWER_LIMIT_MS,
        app.inject({ method: 'GET', url: '/readyz' }),
      );
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'not_ready',
        checks: { database: { ok: false, detail: 'the database could not be reached' } },
      });
      const quote = await withDeadline(
        ANSWER_LIMIT_MS,
        app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() }),
      );
      expect(quote.statusCode).toBe(503);
      expect(errorOf(quote).code).toBe('DATABASE_UNAVAILABLE');
      for (const body of [ready.body, quote.body])
        for (const secret of ['ECONNREFUSED', '127.0.0.1', 'teppan_hidden_db', 'teppan_probe'])
          expect(body).not.toContain(secret);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
