/**
 * What a failed database call means for the caller. `timeout`: a bound of ours ran out (pool
 * checkout, statement_timeout, lock_timeout, idle_in_transaction_session_timeout), so the
 * database or the pool is too busy right now. `unavailable`: the connection could not be
 * opened or was cut (server restart, failover, too many connections). Both are worth a
 * retry a little later; neither is a bug in the request.
 */
export type DatabaseFailure = 'timeout' | 'unavailable';

const CHECKOUT_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

/** pg-pool could not hand out a connection: none came free in time, or none could connect. */
export class PoolCheckoutError extends Error {
  constructor(
    readonly failure: DatabaseFailure,
    options: { cause: unknown },
  ) {
    super(
      failure === 'timeout'
        ? 'No database connection came free in time (pool checkout timeout).'
        : 'Could not open a database connection.',
      options,
    );
    this.name = 'PoolCheckoutError';
  }

  static from(error: unknown): PoolCheckoutError {
    const message = error instanceof Error ? error.message : '';
    // A new connection that did not connect in time is the pool being unable to serve too.
    const isTimeout =
      message === CHECKOUT_TIMEOUT_MESSAGE || message.includes('due to connection timeout');
    return new PoolCheckoutError(isTimeout ? 'timeout' : 'unavailable', { cause: error });
  }
}

// SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const TIMEOUT_STATES = new Set([
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
  '25P03', // idle_in_transaction_session_timeout
]);
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: terminated by pg_terminate_backend or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// node-postgres raises these without a code when the socket goes away mid-use.
const TERMINATED = /^Connection terminated|not queryable|Client was closed/;

/** Classifies an error thrown by a query or a checkout; null for everything else. */
export function databaseFailureOf(error: unknown): DatabaseFailure | null {
  if (error instanceof PoolCheckoutError) return error.failure;
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TIMEOUT_STATES.has(code)) return 'timeout';
    if (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code))
      return 'unavailable';
  }
  if (TERMINATED.test(error.message)) return 'unavailable';
  return null;
}
