import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Database } from './create-db.ts';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';
import { migrateToLatest } from './migrate.ts';

export const TEMPLATE_DATABASE = 'teppan_test_template';

export interface TestCluster {
  /** URL of a maintenance database on the cluster (create/drop databases through it). */
  adminUrl: string;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Starts a throw-away embedded cluster, or uses TEST_DATABASE_URL, and migrates a template. */
export async function startTestCluster(): Promise<TestCluster> {
  const external = process.env.TEST_DATABASE_URL;
  let adminUrl: string;
  let stop: () => Promise<void>;
  if (external) {
    adminUrl = external;
    stop = () => Promise.resolve();
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'teppan-test-pg-'));
    chmodSync(dir, 0o755); // the postgres user must reach its data directory inside
    let server;
    try {
      server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const started = server;
    adminUrl = started.url;
    stop = async () => {
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await dropDatabase(adminUrl, TEMPLATE_DATABASE);
    await ensureDatabase(adminUrl, TEMPLATE_DATABASE);
    const { db } = createDb({ url: withDatabase(adminUrl, TEMPLATE_DATABASE), max: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { adminUrl, stop };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Database;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: one per test file, isolated. */
export async function createTestDatabase(
  adminUrl: string,
  options: { template?: string } = {},
): Promise<TestDatabase> {
  const name = `teppan_test_${randomBytes(6).toString('hex')}`;
  const template = options.template ?? TEMPLATE_DATABASE;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(
      `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`,
    );
  } finally {
    await client.end();
  }
  const url = withDatabase(adminUrl, name);
  const { db } = createDb({ url, max: 20 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** An empty database (no migrations) for migration tests. */
export async function createEmptyDatabase(
  adminUrl: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `teppan_empty_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  return { name, url: withDatabase(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}
