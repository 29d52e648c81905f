import { sql, type Kysely } from 'kysely';

const POINT = String.raw`-?\d{1,3}\.\d{3},-?\d{1,3}\.\d{3}`;
const KEY_PATTERN = `^${POINT}->${POINT}(\\|[0-9a-f]{64})?$`;

/**
 * Distance-cache keys held the normalised street address after the coordinates
 * (`…->…|12 main st`); they now hold a keyed hash of it (ADR 0020). Rows with a plain
 * address are deleted (a cache refills itself), and a check keeps any address from being
 * stored again: a key is rounded coordinates, optionally followed by a 64-hex digest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from core.distance_cache where key !~ ${KEY_PATTERN}`.execute(db);
  await sql`
    alter table core.distance_cache
      add constraint distance_cache_key_has_no_address check (key ~ ${sql.lit(KEY_PATTERN)})
  `.execute(db);
}

/** The deleted rows were only a cache; nothing to restore. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table core.distance_cache drop constraint distance_cache_key_has_no_address`.execute(
    db,
  );
}
