import { sql, type Kysely } from 'kysely';

/**
 * Offline deposits with deadlines and caps on open holds (issue F5, SPEC §4,
 * docs/decisions/0018-offline-deposit-deadlines-and-hold-caps.md).
 *
 * - `deposit_due_at`: the deadline in force for an unpaid (pending_deposit) booking: the
 *   deposit deadline, then, once the customer says they paid, the staff-confirmation
 *   deadline. A durable job cancels the booking when it passes. Null on bookings made
 *   before this migration and on bookings that never waited for a deposit.
 * - `deposit_reported_*`: what the customer told us about the offline payment.
 * - `holds.ip_hash`: a keyed hash (FieldCrypto, purpose `ip`) of the address that started
 *   the hold, never the address itself, for the per-IP cap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table core.bookings
      add column deposit_due_at timestamptz,
      add column deposit_reported_at timestamptz,
      add column deposit_reported_reference text
        check (char_length(deposit_reported_reference) between 1 and 120),
      add column deposit_reported_method text
        check (deposit_reported_method in ('zelle','venmo','cash')),
      add constraint bookings_deposit_report_whole check (
        (deposit_reported_at is null) = (deposit_reported_reference is null)
        and (deposit_reported_at is null) = (deposit_reported_method is null))`.execute(db);
  await sql`alter table core.holds add column ip_hash text`.execute(db);
  // The caps count a customer's open holds and the holds one address started in a day.
  await sql`create index holds_customer_open_idx on core.holds (customer_id) where status in ('awaiting_signature','awaiting_deposit')`.execute(
    db,
  );
  await sql`create index holds_ip_recent_idx on core.holds (ip_hash, created_at) where ip_hash is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index core.holds_ip_recent_idx`.execute(db);
  await sql`drop index core.holds_customer_open_idx`.execute(db);
  await sql`alter table core.holds drop column ip_hash`.execute(db);
  await sql`
    alter table core.bookings
      drop constraint bookings_deposit_report_whole,
      drop column deposit_reported_method,
      drop column deposit_reported_reference,
      drop column deposit_reported_at,
      drop column deposit_due_at`.execute(db);
}
