import { createDb, type Database } from '@teppan/db';
import type { Config } from '../config.ts';

/**
 * The pool the API and the worker use: DB_POOL_MAX connections, each with the configured
 * checkout, statement, lock and idle-in-transaction bounds. Production, tests and benches
 * open it here so they all run with the same bounds.
 */
export function openAppDatabase(
  config: Config,
  options: { url: string; onIdleError?: (error: Error) => void },
): { db: Database } {
  const { db } = createDb({
    url: options.url,
    max: config.dbPoolMax,
    applicationName: 'teppan-app',
    ...config.dbTimeouts,
    ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
  });
  return { db };
}
