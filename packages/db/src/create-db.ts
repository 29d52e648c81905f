import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { databaseFailureOf, PoolCheckoutError } from './database-errors.ts';
import type { DB } from './generated/db.ts';

// Dates stay 'YYYY-MM-DD' strings (a calendar day has no time zone); counts and ids fit in
// a JS number; numerics here are miles and ratings, never money (money is integer cents).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));

export type Database = Kysely<DB>;

/**
 * Bounds that keep one slow or stuck piece of work from holding the pool for good. 0 or
 * left out: no bound (migrations and the db CLI, which may legitimately run long).
 */
export interface DatabaseTimeouts {
  /** Waiting for a pooled connection, or for a new one to connect. */
  checkoutTimeoutMs?: number;
  /** PostgreSQL `statement_timeout` of every connection: one statement, lock waits included. */
  statementTimeoutMs?: number;
  /** PostgreSQL `lock_timeout`: waiting for one row or table lock. */
  lockTimeoutMs?: number;
  /** PostgreSQL `idle_in_transaction_session_timeout`: a transaction left waiting on us. */
  idleInTransactionTimeoutMs?: number;
}

export interface CreateDbOptions extends DatabaseTimeouts {
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
    // Sent in the start-up packet, so every connection of the pool has them from its first
    // statement on, whatever a previous user of the connection did.
    ...(options.checkoutTimeoutMs ? { connectionTimeoutMillis: options.checkoutTimeoutMs } : {}),
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs ? { lock_timeout: options.lockTimeoutMs } : {}),
    ...(options.idleInTransactionTimeoutMs
      ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs }
      : {}),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  // A connection killed while checked out (server shutdown, failover) emits on the client;
  // without a listener that error would end the process instead of failing one query.
  pool.on('connect', (client) => client.on('error', (error) => options.onIdleError?.(error)));
  return pool;
}

/**
 * A connection whose server session died (terminated, failed over, FATAL) must not go back
 * to the pool: pg notices only when the socket closes, after the failed query has already
 * handed it back, and the next checkout would fail on it too.
 */
function discardingWhenBroken(client: pg.PoolClient): PostgresPoolClient {
  let isBroken = false;
  const noteFailure = (error: unknown): never => {
    if (
      (error as { severity?: unknown } | null)?.severity === 'FATAL' ||
      databaseFailureOf(error) === 'unavailable'
    )
      isBroken = true;
    throw error;
  };
  const query = (...args: unknown[]): unknown => {
    const result: unknown = (client.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.catch(noteFailure) : result;
  };
  return {
    query: query as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(Boolean(destroy) || isBroken),
  };
}

/**
 * pg-pool reports a checkout that timed out, or a connection that could not be opened, as a
 * bare Error; this gives them a type the one error handler can map to 503.
 */
function typedCheckouts(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw PoolCheckoutError.from(error);
      }
      return discardingWhenBroken(client);
    },
    end: () => pool.end(),
  };
}

export function createDb(options: CreateDbOptions): { db: Database; pool: pg.Pool } {
  const pool = createPool(options);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: typedCheckouts(pool) }) });
  return { db, pool };
}
