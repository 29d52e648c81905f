import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Database } from './create-db.ts';
import { schemas } from './migrations/0001-schemas.ts';
import {
  migrateToLatest,
  migrationNames,
  migrationStatus,
  rollbackAll,
  rollbackOne,
} from './migrate.ts';
import { createEmptyDatabase } from './testing.ts';
import { generateTypes } from './types-gen.ts';

const committedTypes = readFileSync(
  fileURLToPath(new URL('./generated/db.ts', import.meta.url)),
  'utf8',
);

let scratch: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Database;

beforeAll(async () => {
  scratch = await createEmptyDatabase(inject('adminUrl'));
  db = createDb({ url: scratch.url, max: 2 }).db;
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

async function appSchemas(): Promise<string[]> {
  const { rows } = await sql<{ nspname: string }>`
    select nspname from pg_namespace where nspname = any(${schemas}) order by nspname`.execute(db);
  return rows.map((r) => r.nspname);
}

async function catalogSnapshot(): Promise<string> {
  const { rows } = await sql<{ line: string }>`
    select table_schema || '.' || table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || coalesce(column_default, '') as line
    from information_schema.columns where table_schema = any(${schemas})
    order by table_schema, table_name, ordinal_position`.execute(db);
  const { rows: indexes } = await sql<{ line: string }>`
    select schemaname || '.' || indexname || ':' || indexdef as line from pg_indexes
    where schemaname = any(${schemas}) order by schemaname, indexname`.execute(db);
  return [...rows, ...indexes].map((r) => r.line).join('\n');
}

describe('migrations', () => {
  it('apply all, roll all back, apply again — ending in the same schema', async () => {
    const up = await migrateToLatest(db);
    expect(up).toHaveLength(migrationNames.length);
    expect((await migrationStatus(db)).isCurrent).toBe(true);
    const first = await catalogSnapshot();
    expect(await appSchemas()).toEqual([...schemas].sort());

    const down = await rollbackAll(db);
    expect(down).toHaveLength(migrationNames.length);
    expect(await appSchemas()).toEqual([]);
    expect((await migrationStatus(db)).pending).toEqual(migrationNames);

    await migrateToLatest(db);
    expect(await catalogSnapshot()).toBe(first);
  });

  it('rolls back one step at a time, each down undoing exactly its up', async () => {
    await migrateToLatest(db);
    for (let remaining = migrationNames.length; remaining > 0; remaining -= 1) {
      const step = await rollbackOne(db);
      expect(step).toEqual([`Down ${migrationNames[remaining - 1]}`]);
    }
    expect(await appSchemas()).toEqual([]);
    await migrateToLatest(db);
  });

  it('the committed row types match the migrated schema, and drift is detected', async () => {
    await migrateToLatest(db);
    expect(await generateTypes(db)).toBe(committedTypes);
    await sql`alter table core.bookings add column drift_probe text`.execute(db);
    try {
      expect(await generateTypes(db)).not.toBe(committedTypes);
    } finally {
      await sql`alter table core.bookings drop column drift_probe`.execute(db);
    }
    expect(await generateTypes(db)).toBe(committedTypes);
  });
});
