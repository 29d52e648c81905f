import { sql, type Kysely } from 'kysely';

// Outbound SMS through RingCentral (issue F7). A text the consent ledger no longer allows
// when its turn comes is 'skipped' (never sent, never retried, the reason in last_error);
// a sent one keeps the provider's message id and its delivery status, which the relay polls
// from the message store until it is final.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table marketing.outbox
      drop constraint outbox_status_check,
      add constraint outbox_status_check check (status in ('recorded','sent','failed','skipped')),
      add column provider_message_id text,
      add column provider_status text,
      add column provider_status_at timestamptz,
      add column status_check_at timestamptz`.execute(db);
  // The SMS relay's two query paths: texts due to go out, and sent ones still in flight.
  await sql`
    create index outbox_sms_due_idx on marketing.outbox (next_attempt_at, id)
      where status = 'recorded' and channel = 'sms'`.execute(db);
  await sql`
    create index outbox_sms_status_due_idx on marketing.outbox (status_check_at, id)
      where status_check_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index marketing.outbox_sms_status_due_idx`.execute(db);
  await sql`drop index marketing.outbox_sms_due_idx`.execute(db);
  // A skipped text was never sent: before this migration that could only read as 'failed'.
  await sql`update marketing.outbox set status = 'failed' where status = 'skipped'`.execute(db);
  await sql`
    alter table marketing.outbox
      drop column status_check_at,
      drop column provider_status_at,
      drop column provider_status,
      drop column provider_message_id,
      drop constraint outbox_status_check,
      add constraint outbox_status_check check (status in ('recorded','sent','failed'))`.execute(
    db,
  );
}
