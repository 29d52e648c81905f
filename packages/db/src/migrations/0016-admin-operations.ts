import { sql, type Kysely } from 'kysely';

/**
 * What the admin panel (issue F3) needs beyond the booking core: chef assignments and the
 * data that ranks them (SPEC §4), chef ↔ staff account link, time-off decisions, settings
 * changes awaiting a second admin, and the leads pipeline's history and conversion.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Chefs: where they start from (travel score), how big a party suits them, and the staff
  // account a chef signs in with (a chef sees only their own schedule).
  await sql`
    alter table ops.chefs
      add column staff_id uuid unique references identity.staff(id) on delete set null,
      add column home_zip text,
      add column home_lat double precision,
      add column home_lng double precision,
      add column max_guests integer not null default 30 check (max_guests between 1 and 500),
      add column updated_at timestamptz not null default now()`.execute(db);

  await sql`
    alter table ops.chef_time_off
      add column requested_by text,
      add column decided_by text,
      add column decided_at timestamptz,
      add column decision_note text`.execute(db);

  // A customer may ask for a chef by name; that chef wins the ranking (SPEC §4).
  await sql`alter table core.bookings add column requested_chef_id uuid references ops.chefs(id)`.execute(
    db,
  );

  await sql`
    create table ops.booking_chefs (
      booking_id uuid not null references core.bookings(id) on delete cascade,
      chef_id uuid not null references ops.chefs(id),
      assigned_by text not null,
      score numeric(5,2),
      assigned_at timestamptz not null default now(),
      primary key (booking_id, chef_id)
    )`.execute(db);
  await sql`create index booking_chefs_chef_idx on ops.booking_chefs (chef_id)`.execute(db);

  // A proposed settings change. Sensitive fields (prices, deposit, minimum, per-mile rate)
  // wait here for a second admin; the approved change becomes a new settings version.
  await sql`
    create table core.settings_change_requests (
      id uuid primary key default gen_random_uuid(),
      station_id uuid not null references core.stations(id) on delete cascade,
      base_version integer not null,
      settings jsonb not null,
      changed_paths text[] not null,
      note text,
      status text not null default 'pending' check (status in ('pending','approved','rejected','withdrawn')),
      requested_by text not null,
      decided_by text,
      decided_at timestamptz,
      decision_note text,
      applied_version integer,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index settings_change_requests_pending_idx on core.settings_change_requests (station_id, created_at desc) where status = 'pending'`.execute(
    db,
  );

  // Leads: who works it, why it was lost, the booking it became, and its activity trail.
  await sql`
    alter table crm.leads
      add column owner_staff_id uuid references identity.staff(id) on delete set null,
      add column booking_id uuid references core.bookings(id),
      add column lost_reason text,
      add column version integer not null default 1`.execute(db);
  await sql`create index leads_station_status_idx on crm.leads (station_id, status, next_follow_up_at)`.execute(
    db,
  );
  await sql`
    create table crm.lead_events (
      id bigserial primary key,
      lead_id uuid not null references crm.leads(id) on delete cascade,
      type text not null,
      data jsonb not null default '{}'::jsonb,
      actor text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index lead_events_lead_idx on crm.lead_events (lead_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table crm.lead_events`.execute(db);
  await sql`drop index crm.leads_station_status_idx`.execute(db);
  await sql`
    alter table crm.leads
      drop column owner_staff_id,
      drop column booking_id,
      drop column lost_reason,
      drop column version`.execute(db);
  await sql`drop table core.settings_change_requests`.execute(db);
  await sql`drop table ops.booking_chefs`.execute(db);
  await sql`alter table core.bookings drop column requested_chef_id`.execute(db);
  await sql`
    alter table ops.chef_time_off
      drop column requested_by,
      drop column decided_by,
      drop column decided_at,
      drop column decision_note`.execute(db);
  await sql`
    alter table ops.chefs
      drop column staff_id,
      drop column home_zip,
      drop column home_lat,
      drop column home_lng,
      drop column max_guests,
      drop column updated_at`.execute(db);
}
