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
   * Counts one hit in one statement (one round trip, no transaction held): a new bucket
   * starts a window at `now`; a bucket whose window has ended starts a new one; otherwise
   * the count goes up. Concurrent hits on one bucket queue on its row, so none is lost.
   */
  async countHit(input: { bucket: string; now: Date; windowMs: number }): Promise<CountedHit> {
    const endedBy = new Date(input.now.getTime() - input.windowMs);
    // A plain template, not the query builder: this runs on every counted request, and
    // building the upsert costs about ten times as much CPU as compiling the template.
    const { rows } = await sql<{ hits: number; window_started_at: Date }>`
      insert into identity.rate_limit_windows as w (bucket, window_started_at, hits)
      values (${input.bucket}, ${input.now}, 1)
      on conflict (bucket) do update set
        window_started_at = case when w.window_started_at <= ${endedBy}
          then excluded.window_started_at else w.window_started_at end,
        hits = case when w.window_started_at <= ${endedBy} then 1 else w.hits + 1 end
      returning hits, window_started_at`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('rate-limit upsert returned no row');
    return { hits: row.hits, windowStartedAt: row.window_started_at };
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

  /** Buckets remembered (for tests of the sweep). */
  async countBuckets(): Promise<number> {
    const row = await this.db
      .selectFrom('identity.rate_limit_windows')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
