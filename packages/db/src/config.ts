import path from 'node:path';

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
