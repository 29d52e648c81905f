import { sql, type Kysely } from 'kysely';

/**
 * Indexes for lookups the admin panel made hot: a booking's payments (detail page, dashboard
 * money, lifetime value) and the lead waiting on a hold (checked on every deposit, when the
 * hold becomes a booking).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index payments_booking_idx on core.payments (booking_id)`.execute(db);
  await sql`create index leads_hold_idx on crm.leads ((details->>'holdId'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index crm.leads_hold_idx`.execute(db);
  await sql`drop index core.payments_booking_idx`.execute(db);
}
