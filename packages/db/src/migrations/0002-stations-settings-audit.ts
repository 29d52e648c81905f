import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table core.stations (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      time_zone text not null default 'America/Los_Angeles',
      address text not null,
      zip text not null,
      lat double precision not null,
      lng double precision not null,
      is_active boolean not null default true,
      created_at timestamptz not null default now()
    )`.execute(db);

  // Append-only: a change is a new version; the newest version of a station is in force.
  await sql`
    create table core.settings_versions (
      id bigserial primary key,
      station_id uuid not null references core.stations(id) on delete cascade,
      version integer not null check (version > 0),
      settings jsonb not null,
      changed_by text not null,
      note text,
      created_at timestamptz not null default now(),
      unique (station_id, version)
    )`.execute(db);

  await sql`
    create table audit.log (
      id bigserial primary key,
      actor text not null,
      action text not null,
      entity text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      ip text,
      request_id text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index log_entity_idx on audit.log (entity, entity_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit.log`.execute(db);
  await sql`drop table core.settings_versions`.execute(db);
  await sql`drop table core.stations`.execute(db);
}
