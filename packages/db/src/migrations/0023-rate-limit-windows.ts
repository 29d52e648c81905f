import { sql, type Kysely } from 'kysely';

/**
 * Rate-limit counters shared by every app instance (docs/decisions/0015-shared-rate-limits.md):
 * one row per bucket (a keyed hash of scope and caller, never a raw IP) holding the start
 * of its current one-minute window and the hits counted in it.
 *
 * UNLOGGED: a counter is worth no WAL. A crash empties the table (at most one extra minute
 * of allowance) and a standby does not have it, which is what a counter may lose. No
 * index beside the key, so the count update stays a HOT update; the sweep scans a table
 * that holds only the last minute's callers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table identity.rate_limit_windows (
      bucket text primary key,
      window_started_at timestamptz not null,
      hits integer not null check (hits > 0)
    ) with (fillfactor = 70)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table identity.rate_limit_windows`.execute(db);
}
