import { sql, type Kysely } from 'kysely';

/**
 * Turns of one conversation run one at a time without a transaction held across the turn
 * (ADR 0014): a turn claims a short lease on the row, runs its tools with no lock held, and
 * saves with the lease and the version it read. `version` counts saved changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ai.conversations
      add column version integer not null default 0,
      add column turn_lease_id uuid,
      add column turn_lease_until timestamptz,
      add constraint conversations_turn_lease_check
        check ((turn_lease_id is null) = (turn_lease_until is null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ai.conversations
      drop constraint conversations_turn_lease_check,
      drop column turn_lease_until,
      drop column turn_lease_id,
      drop column version`.execute(db);
}
