import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Consent ledger shared by SMS and email (SPEC §11). Append-only: the newest row for a
  // contact, channel and purpose is the one in force, and the history is the evidence a
  // carrier or regulator asks for, so nothing may rewrite it.
  await sql`
    create table marketing.consents (
      id bigserial primary key,
      phone text,
      email text,
      channel text not null check (channel in ('sms','email')),
      purpose text not null check (purpose in ('all','marketing','transactional')),
      status text not null check (status in ('opted_in','opted_out')),
      source text not null,
      text_shown text,
      ip text,
      at timestamptz not null default now(),
      check (phone is not null or email is not null),
      check (channel <> 'sms' or phone is not null),
      check (channel <> 'email' or email is not null)
    )`.execute(db);
  await sql`create index consents_phone_idx on marketing.consents (phone, channel, id desc) where phone is not null`.execute(
    db,
  );
  await sql`create index consents_email_idx on marketing.consents (email, channel, id desc) where email is not null`.execute(
    db,
  );
  await sql`
    create function marketing.consents_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'marketing.consents is append-only';
    end $$`.execute(db);
  await sql`
    create trigger consents_append_only before update or delete on marketing.consents
    for each row execute function marketing.consents_append_only()`.execute(db);

  // The SMS conversation of a phone number: one per number, created on its first message.
  await sql`alter table ai.conversations add column phone text`.execute(db);
  await sql`create unique index conversations_sms_phone_idx on ai.conversations (phone) where channel = 'sms'`.execute(
    db,
  );

  // Providers redeliver webhooks; the primary key makes each inbound message count once.
  await sql`
    create table ai.sms_inbound (
      message_id text primary key,
      provider text not null,
      from_phone text not null,
      to_phone text,
      text text not null,
      keyword text,
      conversation_id uuid references ai.conversations(id) on delete set null,
      received_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table ai.sms_inbound`.execute(db);
  await sql`drop index ai.conversations_sms_phone_idx`.execute(db);
  await sql`alter table ai.conversations drop column phone`.execute(db);
  await sql`drop table marketing.consents`.execute(db);
  await sql`drop function marketing.consents_append_only()`.execute(db);
}
