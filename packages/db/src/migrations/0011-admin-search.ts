import { sql, type Kysely } from 'kysely';

const indexes = [
  // Staff search by any fragment of a name, email or phone: trigram indexes keep
  // `ilike '%…%'` fast on hundreds of thousands of rows.
  sql`create index customers_name_trgm_idx on core.customers using gin (name gin_trgm_ops)`,
  sql`create index customers_email_trgm_idx on core.customers using gin (email_normalized gin_trgm_ops)`,
  sql`create index customers_phone_trgm_idx on core.customers using gin (phone_normalized gin_trgm_ops)`,
  // The bookings list pages newest event first with an (event_starts_at, id) cursor: per
  // station, per station and status (the usual filtered view), and across stations.
  sql`create index bookings_station_start_idx on core.bookings (station_id, event_starts_at desc, id desc)`,
  sql`create index bookings_station_status_start_idx on core.bookings (station_id, status, event_starts_at desc, id desc)`,
  sql`create index bookings_start_idx on core.bookings (event_starts_at desc, id desc)`,
];

const indexNames = [
  'customers_name_trgm_idx',
  'customers_email_trgm_idx',
  'customers_phone_trgm_idx',
  'bookings_station_start_idx',
  'bookings_station_status_start_idx',
  'bookings_start_idx',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  for (const statement of indexes) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [...indexNames].reverse())
    await sql`drop index ${sql.id('core', name)}`.execute(db);
  // pg_trgm stays installed: other objects may depend on it.
}
