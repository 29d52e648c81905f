import path from 'node:path';
import { DEVELOPMENT_FIELD_KEYS, DEVELOPMENT_PEPPER } from './field-crypto.ts';

/**
 * How the db tooling finds its server: DATABASE_URL when set, else the embedded cluster
 * under ./.data. Read here because the db CLI runs without the server's config module.
 */
export function databaseEnv(env: NodeJS.ProcessEnv = process.env): {
  databaseUrl: string | undefined;
  dataDir: string;
} {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.TEPPAN_DATA_DIR || path.join(process.cwd(), '.data')),
  };
}

/**
 * The key ring and pepper for the CLI's encrypted-column work (backfill, re-encryption,
 * rollback, seed), from the same variables as the server (apps/server/src/config.ts, the
 * README): outside production the fixed development values, which are not secret.
 */
export function fieldCryptoEnv(env: NodeJS.ProcessEnv = process.env): {
  keys: string;
  pepper: string;
} {
  const keys = env.ENCRYPTION_KEYS || undefined;
  const pepper = env.HASH_PEPPER || undefined;
  if (env.NODE_ENV === 'production' && (!keys || !pepper))
    throw new Error(
      'ENCRYPTION_KEYS and HASH_PEPPER are required in production (see the README, configuration)',
    );
  return { keys: keys ?? DEVELOPMENT_FIELD_KEYS, pepper: pepper ?? DEVELOPMENT_PEPPER };
}
