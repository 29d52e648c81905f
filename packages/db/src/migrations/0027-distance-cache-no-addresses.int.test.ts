import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.ts';
import { down, up } from './0027-distance-cache-no-addresses.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
});
afterAll(async () => database.drop());

const DIGEST_KEY = `37.549,-121.989->37.338,-121.886|${'0f'.repeat(32)}`;
const ZIP_KEY = '37.549,-121.989->38.579,-121.491';
const ADDRESS_KEY = '37.549,-121.989->37.338,-121.886|200 e santa clara st, 95112';

describe('0027 distance-cache keys without addresses', () => {
  it('deletes cached rows keyed by a street address and keeps the rest', async () => {
    const db = database.db;
    // Migrations take an untyped Kysely: they speak raw SQL.
    const raw = db as unknown as Kysely<unknown>;
    await down(raw);
    await db
      .insertInto('core.distance_cache')
      .values(
        [ADDRESS_KEY, DIGEST_KEY, ZIP_KEY].map((key) => ({
          key,
          miles: 10,
          source: 'google',
          expires_at: new Date('2030-01-01'),
        })),
      )
      .execute();
    await up(raw);
    const keys = await db.selectFrom('core.distance_cache').select('key').orderBy('key').execute();
    expect(keys.map((row) => row.key).sort()).toEqual([DIGEST_KEY, ZIP_KEY].sort());
    await expect(
      db
        .insertInto('core.distance_cache')
        .values({ key: ADDRESS_KEY, miles: 1, source: 'osrm', expires_at: new Date() })
        .execute(),
    ).rejects.toMatchObject({ constraint: 'distance_cache_key_has_no_address' });
  });
});
