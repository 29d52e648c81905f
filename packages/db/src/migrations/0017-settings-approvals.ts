import { sql, type Kysely } from 'kysely';

/**
 * Settings screen (issue F3): a change request whose base version was overtaken before
 * anyone approved it becomes `stale` (it must be proposed again on the version in force),
 * and stations carry a version so two admins editing one station cannot overwrite each
 * other silently.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table core.settings_change_requests
      drop constraint settings_change_requests_status_check,
      add constraint settings_change_requests_status_check
        check (status in ('pending','approved','rejected','withdrawn','stale'))`.execute(db);
  await sql`alter table core.stations add column version integer not null default 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table core.stations drop column version`.execute(db);
  // Stale requests read as rejected once the status is gone.
  await sql`update core.settings_change_requests set status = 'rejected' where status = 'stale'`.execute(
    db,
  );
  await sql`
    alter table core.settings_change_requests
      drop constraint settings_change_requests_status_check,
      add constraint settings_change_requests_status_check
        check (status in ('pending','approved','rejected','withdrawn'))`.execute(db);
}
