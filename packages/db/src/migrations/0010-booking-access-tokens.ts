import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Manage-link secrets beyond the first (which lives on the booking): one is minted for
  // each email that carries a link, so no secret is ever stored in a readable form.
  await sql`
    create table core.booking_access_tokens (
      token_hash text primary key,
      booking_id uuid not null references core.bookings(id) on delete cascade,
      purpose text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index booking_access_tokens_booking_idx on core.booking_access_tokens (booking_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table core.booking_access_tokens`.execute(db);
}
