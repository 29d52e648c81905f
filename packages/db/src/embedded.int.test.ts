import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './local.ts';

async function showFsync(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ fsync: string }>('show fsync');
    return rows[0]?.fsync ?? '';
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL durability', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'teppan-durable-pg-'));
  chmodSync(dir, 0o755); // the postgres user must reach its data directory inside
  let handle: DatabaseHandle | undefined;

  afterAll(async () => {
    await handle?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the persistent cluster behind `npm start` writes with fsync on', async () => {
    handle = await openDatabase({ dataDir: dir });
    expect(handle.isEmbedded).toBe(true);
    expect(await showFsync(handle.url)).toBe('on');
  });

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'a throw-away test cluster may run with fsync off',
    async () => {
      expect(await showFsync(inject('adminUrl'))).toBe('off');
    },
  );
});
