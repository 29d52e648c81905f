import { sql, type Kysely } from 'kysely';

/**
 * Chefs screen (issue F3): a chef's record and weekly schedule are edited by several
 * managers, so the row carries a version (optimistic lock) like bookings and stations.
 * The pending time-off queue is read on every visit to the screen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ops.chefs add column version integer not null default 1`.execute(db);
  await sql`create index chef_time_off_pending_idx on ops.chef_time_off (created_at) where status = 'requested'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ops.chef_time_off_pending_idx`.execute(db);
  await sql`alter table ops.chefs drop column version`.execute(db);
}
