import type { Executor } from '../../lib/db.ts';
import type { CachedDistance, DistanceCacheEntry, DistanceCacheStore } from './distance-cache.ts';
import { DISTANCE_SOURCES, type DistanceSource } from './distance.types.ts';

const isSource = (value: string): value is DistanceSource =>
  (DISTANCE_SOURCES as readonly string[]).includes(value);

/** The shared 7-day distance cache, so every app instance benefits from one lookup. */
export class PgDistanceCacheStore implements DistanceCacheStore {
  constructor(private readonly db: Executor) {}

  async get(key: string, now: Date): Promise<CachedDistance | null> {
    const row = await this.db
      .selectFrom('core.distance_cache')
      .select(['miles', 'source'])
      .where('key', '=', key)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!row || !isSource(row.source)) return null;
    return { miles: row.miles, source: row.source };
  }

  async set(entry: DistanceCacheEntry): Promise<void> {
    await this.db
      .insertInto('core.distance_cache')
      .values({
        key: entry.key,
        miles: entry.miles,
        source: entry.source,
        expires_at: entry.expiresAt,
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ miles: entry.miles, source: entry.source, expires_at: entry.expiresAt }),
      )
      .execute();
  }
}
