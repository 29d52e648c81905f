import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every provider event is stored once, keyed by the provider's own id, in the same
  // transaction as its effect: a replayed or duplicated webhook finds its row and stops.
  await sql`
    create table core.payment_events (
      id bigserial primary key,
      provider text not null,
      event_id text not null,
      type text not null,
      payment_id uuid references core.payments(id),
      outcome text not null,
      payload jsonb not null,
      received_at timestamptz not null default now(),
      unique (provider, event_id)
    )`.execute(db);
  await sql`create index payment_events_payment_idx on core.payment_events (payment_id)`.execute(
    db,
  );
  await sql`alter table core.payments add column disputed_at timestamptz`.execute(db);
  await sql`alter table core.payments add column checkout_url text`.execute(db);
  // Checkout sessions are provider_ref; later events (refunds, disputes) name the intent.
  await sql`alter table core.payments add column provider_intent_ref text unique`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table core.payments drop column provider_intent_ref`.execute(db);
  await sql`alter table core.payments drop column checkout_url`.execute(db);
  await sql`alter table core.payments drop column disputed_at`.execute(db);
  await sql`drop table core.payment_events`.execute(db);
}
