import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import { newStation, quoteBody } from './factories.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Issue F5 point 1: SIGTERM ends the process within SHUTDOWN_TIMEOUT_SECONDS even while a
 * request is stuck. Before, the graceful stop awaited server.close(), which waits for every
 * request in flight, for good.
 */

let database: TestDatabase;
let server: ServerProcess | null = null;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  await newStation(database.db);
});

afterAll(async () => {
  if (server) await server.kill9();
  await database.drop();
});

function exitOf(child: ServerProcess['child']): Promise<{ code: number | null; at: number }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, at: Date.now() });
    else child.once('exit', (code) => resolve({ code, at: Date.now() }));
  });
}

describe('SIGTERM', () => {
  it('ends the process within SHUTDOWN_TIMEOUT_SECONDS while a request waits on a lock', async () => {
    server = await startServerProcess({
      DATABASE_URL: database.url,
      SHUTDOWN_TIMEOUT_SECONDS: '2',
      // Long bounds, so the request is still stuck when the shutdown deadline comes.
      DB_LOCK_TIMEOUT_MS: '120000',
      DB_STATEMENT_TIMEOUT_MS: '120000',
    });
    const running = server;
    const exited = exitOf(running.child);
    const stoppedAt = await database.db.transaction().execute(async (trx) => {
      // Another session holds the quotes table, so the quote's insert waits behind it.
      await sql`lock table core.quotes in access exclusive mode`.execute(trx);
      // Answered or cut when the process ends; what matters is that it is in flight.
      void fetch(`${running.url}/api/v1/quotes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(quoteBody()),
      }).catch(() => undefined);
      // Wait until the request really waits on the lock.
      let isWaiting = false;
      for (let i = 0; i < 200 && !isWaiting; i += 1) {
        // Backend activity is read once per transaction unless the snapshot is cleared.
        await sql`select pg_stat_clear_snapshot()`.execute(trx);
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = 'teppan-app'
            and wait_event_type = 'Lock'`.execute(trx);
        isWaiting = (rows[0]?.n ?? 0) > 0;
        if (!isWaiting) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(isWaiting).toBe(true);
      const signalledAt = Date.now();
      running.child.kill('SIGTERM');
      // Hold the lock well past the deadline: the process must not wait for it.
      const outcome = await Promise.race([
        exited,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
      ]);
      expect(outcome, `still running 20 s after SIGTERM:\n${running.output()}`).not.toBeNull();
      return { signalledAt, exit: outcome };
    });
    const elapsed = (stoppedAt.exit?.at ?? 0) - stoppedAt.signalledAt;
    // 2 s of grace plus start-up slack on a loaded machine; far below the 20 s the lock lasts.
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(10_000);
    // Forced: not a clean exit, and it says why.
    expect(stoppedAt.exit?.code).toBe(1);
    expect(running.output()).toContain('Stopped after 2 s with work still in flight');
    server = null;
  });
});
