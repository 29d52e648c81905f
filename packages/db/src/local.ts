import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';

export interface DatabaseHandle {
  url: string;
  isEmbedded: boolean;
  stop(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Use this server instead of the embedded one. */
  databaseUrl?: string | undefined;
  /** Where the embedded cluster keeps its files (a `pg` folder inside). */
  dataDir: string;
  onLog?: (line: string) => void;
}

const APP_DATABASE = 'teppan';
const PREFERRED_EMBEDDED_PORT = 54329;

/** The given DATABASE_URL, or the persistent embedded cluster under `<dataDir>/pg`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl)
    return { url: options.databaseUrl, isEmbedded: false, stop: () => Promise.resolve() };
  const server = await startEmbeddedPostgres({
    dataDir: path.join(options.dataDir, 'pg'),
    port: PREFERRED_EMBEDDED_PORT,
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  try {
    await ensureDatabase(server.url, APP_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.urlFor(APP_DATABASE), isEmbedded: true, stop: () => server.stop() };
}
