import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table core.customers (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      email text not null,
      email_normalized text not null unique,
      phone text not null,
      phone_normalized text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index customers_phone_idx on core.customers (phone_normalized)`.execute(db);

  await sql`create sequence core.quote_number_seq`.execute(db);
  await sql`
    create table core.quotes (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      station_id uuid not null references core.stations(id),
      settings_version integer not null,
      adults integer not null check (adults >= 0),
      children integer not null check (children >= 0),
      toddlers integer not null check (toddlers >= 0),
      menu jsonb not null,
      lines jsonb not null,
      food_subtotal_cents integer not null check (food_subtotal_cents >= 0),
      minimum_applied boolean not null,
      travel_miles numeric(7,1) not null check (travel_miles >= 0),
      travel_fee_cents integer not null check (travel_fee_cents >= 0),
      travel_source text not null,
      within_service_area boolean not null,
      tax_cents integer not null check (tax_cents >= 0),
      total_cents integer not null check (total_cents >= 0),
      deposit_cents integer not null check (deposit_cents >= 0),
      balance_cents integer not null check (balance_cents >= 0),
      gratuity_suggestions jsonb not null,
      protein_selection jsonb not null,
      venue_zip text not null,
      venue_address text,
      venue_lat double precision not null,
      venue_lng double precision not null,
      event_date date,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table core.distance_cache (
      key text primary key,
      miles numeric(7,1) not null,
      source text not null,
      expires_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table core.distance_cache`.execute(db);
  await sql`drop table core.quotes`.execute(db);
  await sql`drop sequence core.quote_number_seq`.execute(db);
  await sql`drop table core.customers`.execute(db);
}
