import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './generated/db.ts';

// Dates stay 'YYYY-MM-DD' strings (a calendar day has no time zone); counts and ids fit in
// a JS number; numerics here are miles and ratings, never money (money is integer cents).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));

export type Database = Kysely<DB>;

export interface CreateDbOptions {
  url: string;
  max?: number;
  applicationName?: string;
  /** Errors of idle pooled connections (server restart, shutdown); unhandled they crash Node. */
  onIdleError?: (error: Error) => void;
}

export function createPool(options: CreateDbOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'teppan',
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  // A connection killed while checked out (server shutdown, failover) emits on the client;
  // without a listener that error would end the process instead of failing one query.
  pool.on('connect', (client) => client.on('error', (error) => options.onIdleError?.(error)));
  return pool;
}

export function createDb(options: CreateDbOptions): { db: Database; pool: pg.Pool } {
  const pool = createPool(options);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
