import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import { PgDistanceCacheStore } from './distance-cache.repository.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
});
afterAll(async () => database.drop());

describe('PgDistanceCacheStore', () => {
  it('returns an entry until it expires, and a later set replaces it', async () => {
    const store = new PgDistanceCacheStore(database.db);
    const now = new Date('2026-12-01T00:00:00Z');
    const key = '37.549,-121.989->38.579,-121.491';
    expect(await store.get(key, now)).toBeNull();
    await store.set({
      key,
      miles: 92.4,
      source: 'google',
      expiresAt: new Date('2026-12-08T00:00:00Z'),
    });
    expect(await store.get(key, now)).toEqual({ miles: 92.4, source: 'google' });
    expect(await store.get(key, new Date('2026-12-08T00:00:00Z'))).toBeNull();
    await store.set({
      key,
      miles: 90.1,
      source: 'osrm',
      expiresAt: new Date('2026-12-15T00:00:00Z'),
    });
    expect(await store.get(key, new Date('2026-12-10T00:00:00Z'))).toEqual({
      miles: 90.1,
      source: 'osrm',
    });
  });
});

describe('core.distance_cache keys', () => {
  it('refuse a street address: only rounded coordinates and a 64-hex digest fit', async () => {
    const store = new PgDistanceCacheStore(database.db);
    const entry = { miles: 12.3, source: 'google' as const, expiresAt: new Date('2030-01-01') };
    await store.set({ ...entry, key: `37.549,-121.989->37.338,-121.886|${'a1'.repeat(32)}` });
    await store.set({ ...entry, key: '37.549,-121.989->37.338,-121.886' });
    for (const key of [
      '37.549,-121.989->37.338,-121.886|200 e santa clara st, 95112',
      `37.549,-121.989->37.338,-121.886|${'a1'.repeat(32)} 1 main st`,
      '200 e santa clara st',
    ])
      await expect(store.set({ ...entry, key }), key).rejects.toMatchObject({
        constraint: 'distance_cache_key_has_no_address',
      });
  });
});
