import { sql, type Kysely } from 'kysely';

// Transactional email delivery (issue F2). The outbox stays the exactly-once boundary
// (decision 0003); these columns let a relay hand each recorded email to SMTP and keep
// its retry state on the row itself, so a crashed worker loses nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table marketing.outbox
      add column html text,
      add column attachments jsonb not null default '[]'::jsonb,
      add column attempts integer not null default 0 check (attempts >= 0),
      add column last_error text,
      add column sent_at timestamptz,
      add column next_attempt_at timestamptz not null default now()`.execute(db);
  // The relay's only query path: due email still waiting to go out.
  await sql`
    create index outbox_relay_due_idx on marketing.outbox (next_attempt_at, id)
      where status = 'recorded' and channel = 'email'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index marketing.outbox_relay_due_idx`.execute(db);
  await sql`
    alter table marketing.outbox
      drop column next_attempt_at,
      drop column sent_at,
      drop column last_error,
      drop column attempts,
      drop column attachments,
      drop column html`.execute(db);
}
