import { sql } from 'kysely';
import type { Database } from '@teppan/db';

export interface CountedHit {
  /** Hits in the bucket's current window, this one included. */
  hits: number;
  windowStartedAt: Date;
}

/** identity.rate_limit_windows: one row per bucket, shared by every app instance. */
export class RateLimitsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Adds hits to buckets in one statement (one round trip, no transaction held): a new
   * bucket starts a window at `now`; a bucket whose window has ended starts a new one with
   * these hits; otherwise its count goes up by them. Concurrent statements on one bucket
   * queue on its row, so no hit is lost. Rows are locked in bucket order, so two instances
   * adding to overlapping buckets cannot deadlock.
   */
  async addHits(input: {
    hits: readonly { bucket: string; count: number }[];
    now: Date;
    windowMs: number;
  }): Promise<Map<string, CountedHit>> {
    const endedBy = new Date(input.now.getTime() - input.windowMs);
    const sorted = [...input.hits].sort((a, b) => (a.bucket < b.bucket ? -1 : 1));
    // A plain template, not the query builder: this runs for every counted request, and
    // building the upsert cost about ten times the CPU of compiling the template.
    const { rows } = await sql<{ bucket: string; hits: number; window_started_at: Date }>`
      insert into identity.rate_limit_windows as w (bucket, window_started_at, hits)
      select bucket, ${input.now}, hits
      from unnest(${sorted.map((hit) => hit.bucket)}::text[], ${sorted.map((hit) => hit.count)}::int[])
        as added (bucket, hits)
      order by bucket
      on conflict (bucket) do update set
        window_started_at = case when w.window_started_at <= ${endedBy}
          then excluded.window_started_at else w.window_started_at end,
        hits = case when w.window_started_at <= ${endedBy}
          then excluded.hits else w.hits + excluded.hits end
      returning bucket, hits, window_started_at`.execute(this.db);
    return new Map(
      rows.map((row) => [row.bucket, { hits: row.hits, windowStartedAt: row.window_started_at }]),
    );
  }

  /** Drops buckets whose window has ended; a later hit would start afresh anyway. */
  async deleteEndedWindows(input: { now: Date; windowMs: number }): Promise<number> {
    const endedBy = new Date(input.now.getTime() - input.windowMs);
    const result = await this.db
      .deleteFrom('identity.rate_limit_windows')
      .where('window_started_at', '<=', endedBy)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
