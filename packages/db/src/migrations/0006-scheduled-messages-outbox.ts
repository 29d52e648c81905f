import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The plan of every reminder lives here, tied to its booking or hold by foreign key; the
  // job queue only wakes us up. A job whose row is gone or no longer 'planned' does nothing.
  await sql`
    create table core.scheduled_messages (
      id uuid primary key default gen_random_uuid(),
      booking_id uuid references core.bookings(id) on delete cascade,
      hold_id uuid references core.holds(id) on delete cascade,
      kind text not null,
      due_at timestamptz not null,
      status text not null default 'planned' check (status in ('planned','done','cancelled','skipped')),
      outcome text,
      created_at timestamptz not null default now(),
      processed_at timestamptz,
      check (booking_id is not null or hold_id is not null)
    )`.execute(db);
  await sql`create index scheduled_messages_due_idx on core.scheduled_messages (due_at) where status = 'planned'`.execute(
    db,
  );
  await sql`create index scheduled_messages_booking_idx on core.scheduled_messages (booking_id) where booking_id is not null`.execute(
    db,
  );
  await sql`create index scheduled_messages_hold_idx on core.scheduled_messages (hold_id) where hold_id is not null`.execute(
    db,
  );

  await sql`
    create table marketing.outbox (
      id bigserial primary key,
      channel text not null check (channel in ('email','sms')),
      recipient text not null,
      subject text,
      body text not null,
      template text not null,
      data jsonb not null default '{}'::jsonb,
      dedupe_key text not null unique,
      status text not null default 'recorded' check (status in ('recorded','sent','failed')),
      provider text not null default 'outbox',
      booking_id uuid references core.bookings(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index outbox_created_idx on marketing.outbox (created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table marketing.outbox`.execute(db);
  await sql`drop table core.scheduled_messages`.execute(db);
}
