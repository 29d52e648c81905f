import { sql, type Kysely } from 'kysely';

/** The booking detail lists the messages sent about a booking. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index outbox_booking_idx on marketing.outbox (booking_id, created_at) where booking_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index marketing.outbox_booking_idx`.execute(db);
}
