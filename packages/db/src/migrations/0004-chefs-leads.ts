import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ops.chefs (
      id uuid primary key default gen_random_uuid(),
      station_id uuid not null references core.stations(id),
      name text not null,
      email text,
      phone text,
      rating numeric(3,2) not null default 5.00 check (rating between 0 and 5),
      is_active boolean not null default true,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table ops.chef_weekly_availability (
      chef_id uuid not null references ops.chefs(id) on delete cascade,
      weekday smallint not null check (weekday between 0 and 6),
      slot text not null check (slot in ('12:00','15:00','18:00','21:00')),
      primary key (chef_id, weekday, slot)
    )`.execute(db);
  await sql`
    create table ops.chef_time_off (
      id uuid primary key default gen_random_uuid(),
      chef_id uuid not null references ops.chefs(id) on delete cascade,
      from_date date not null,
      to_date date not null,
      status text not null default 'requested' check (status in ('requested','approved','rejected')),
      reason text,
      created_at timestamptz not null default now(),
      check (to_date >= from_date)
    )`.execute(db);
  await sql`create index chef_time_off_range_idx on ops.chef_time_off (chef_id, from_date, to_date)`.execute(
    db,
  );

  await sql`
    create table crm.leads (
      id uuid primary key default gen_random_uuid(),
      station_id uuid references core.stations(id),
      customer_id uuid references core.customers(id),
      source text not null,
      status text not null default 'new' check (status in ('new','working','qualified','converted','lost')),
      score integer not null default 50 check (score between 0 and 100),
      name text,
      email text,
      phone text,
      details jsonb not null default '{}'::jsonb,
      notes text,
      next_follow_up_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index leads_status_idx on crm.leads (status, created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table crm.leads`.execute(db);
  await sql`drop table ops.chef_time_off`.execute(db);
  await sql`drop table ops.chef_weekly_availability`.execute(db);
  await sql`drop table ops.chefs`.execute(db);
}
