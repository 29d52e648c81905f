import { sql, type Kysely } from 'kysely';

const slotCheck = sql.raw(`check (slot in ('12:00','15:00','18:00','21:00'))`);

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per (station, date, slot) that anything ever tried to occupy. Every change of
  // occupancy locks it first (select … for update), which serialises the capacity check
  // across transactions and processes: see docs/decisions/0002-capacity-lock.md.
  await sql`
    create table core.slot_locks (
      station_id uuid not null references core.stations(id),
      date date not null,
      slot text not null ${slotCheck},
      primary key (station_id, date, slot)
    )`.execute(db);

  // Blackout dates and per-date caps; slot null = the whole day.
  await sql`
    create table core.date_overrides (
      id uuid primary key default gen_random_uuid(),
      station_id uuid not null references core.stations(id),
      date date not null,
      slot text check (slot is null or slot in ('12:00','15:00','18:00','21:00')),
      is_blackout boolean not null default false,
      max_capacity integer check (max_capacity >= 0),
      reason text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index date_overrides_uq on core.date_overrides (station_id, date, coalesce(slot, '*'))`.execute(
    db,
  );

  await sql`
    create table core.holds (
      id uuid primary key default gen_random_uuid(),
      station_id uuid not null references core.stations(id),
      quote_id uuid not null references core.quotes(id),
      customer_id uuid not null references core.customers(id),
      date date not null,
      slot text not null ${slotCheck},
      requested_time text,
      status text not null check (status in ('awaiting_signature','awaiting_deposit','converted','expired','released')),
      sign_deadline timestamptz not null,
      deposit_deadline timestamptz,
      expires_at timestamptz not null,
      signed_at timestamptz,
      booking_id uuid,
      idempotency_key text unique,
      request_hash text,
      source_channel text not null default 'web',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index holds_slot_active_idx on core.holds (station_id, date, slot, expires_at) where status in ('awaiting_signature','awaiting_deposit')`.execute(
    db,
  );

  await sql`
    create table core.agreements (
      id uuid primary key default gen_random_uuid(),
      hold_id uuid not null unique references core.holds(id),
      signer_name text not null,
      template_version text not null,
      accepted jsonb not null,
      ip text,
      user_agent text,
      signed_at timestamptz not null default now()
    )`.execute(db);

  await sql`create sequence core.booking_number_seq start 1001`.execute(db);
  await sql`
    create table core.bookings (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      station_id uuid not null references core.stations(id),
      customer_id uuid not null references core.customers(id),
      quote_id uuid not null references core.quotes(id),
      hold_id uuid unique references core.holds(id),
      status text not null check (status in ('pending_deposit','confirmed','in_progress','completed','cancellation_requested','cancelled','no_show')),
      previous_status text check (previous_status in ('pending_deposit','confirmed','in_progress')),
      date date not null,
      slot text not null ${slotCheck},
      requested_time text,
      event_starts_at timestamptz not null,
      adults integer not null check (adults >= 0),
      children integer not null check (children >= 0),
      toddlers integer not null check (toddlers >= 0),
      menu jsonb not null,
      allergens jsonb not null default '[]'::jsonb,
      special_requests text,
      venue_zip text not null,
      venue_address text,
      venue_lat double precision not null,
      venue_lng double precision not null,
      total_cents integer not null check (total_cents >= 0),
      deposit_cents integer not null check (deposit_cents >= 0),
      reschedules_used integer not null default 0,
      source_channel text not null default 'web',
      access_token_hash text not null,
      version integer not null default 1,
      cancelled_at timestamptz,
      cancellation_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index bookings_slot_active_idx on core.bookings (station_id, date, slot) where status <> 'cancelled'`.execute(
    db,
  );
  await sql`create index bookings_customer_idx on core.bookings (customer_id)`.execute(db);
  await sql`create index bookings_date_idx on core.bookings (date, slot)`.execute(db);
  await sql`alter table core.holds add constraint holds_booking_fk foreign key (booking_id) references core.bookings(id)`.execute(
    db,
  );

  await sql`
    create table core.booking_events (
      id bigserial primary key,
      booking_id uuid not null references core.bookings(id) on delete cascade,
      type text not null,
      data jsonb not null default '{}'::jsonb,
      actor text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index booking_events_booking_idx on core.booking_events (booking_id, id)`.execute(
    db,
  );

  await sql`
    create table core.payments (
      id uuid primary key default gen_random_uuid(),
      booking_id uuid references core.bookings(id),
      hold_id uuid references core.holds(id),
      kind text not null check (kind in ('deposit','balance','reschedule_fee','refund')),
      method text not null,
      provider text not null,
      status text not null check (status in ('pending','succeeded','failed','cancelled','refunded')),
      amount_cents integer not null check (amount_cents >= 0),
      reference text not null,
      provider_ref text unique,
      confirmed_at timestamptz,
      confirmed_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // Exactly one live deposit per booking, whatever the concurrency.
  await sql`create unique index payments_one_deposit_uq on core.payments (booking_id) where kind = 'deposit' and status in ('pending','succeeded')`.execute(
    db,
  );
  await sql`create unique index payments_reference_uq on core.payments (reference)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table core.payments`.execute(db);
  await sql`drop table core.booking_events`.execute(db);
  await sql`alter table core.holds drop constraint holds_booking_fk`.execute(db);
  await sql`drop table core.bookings`.execute(db);
  await sql`drop sequence core.booking_number_seq`.execute(db);
  await sql`drop table core.agreements`.execute(db);
  await sql`drop table core.holds`.execute(db);
  await sql`drop table core.date_overrides`.execute(db);
  await sql`drop table core.slot_locks`.execute(db);
}
