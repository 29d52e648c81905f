import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per conversation; `state` is the orchestrator's JSON state between turns.
  await sql`
    create table ai.conversations (
      id uuid primary key default gen_random_uuid(),
      channel text not null check (channel in ('web','sms','email')),
      token_hash text not null,
      state jsonb not null,
      status text not null default 'assistant' check (status in ('assistant','handoff')),
      handoff_reason text,
      handoff_summary text,
      station_id uuid references core.stations(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index conversations_status_idx on ai.conversations (status, updated_at desc)`.execute(
    db,
  );

  // Everything a turn did, the raw material of the learning loop.
  await sql`
    create table ai.messages (
      id bigserial primary key,
      conversation_id uuid not null references ai.conversations(id) on delete cascade,
      role text not null check (role in ('customer','assistant','staff')),
      text text not null,
      intent text,
      confidence double precision,
      agent text,
      entities jsonb,
      tool_calls jsonb,
      guardrail jsonb,
      handoff jsonb,
      latency_ms double precision,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index messages_conversation_idx on ai.messages (conversation_id, id)`.execute(
    db,
  );
  await sql`create index messages_rate_idx on ai.messages (conversation_id, created_at) where role = 'customer'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table ai.messages`.execute(db);
  await sql`drop table ai.conversations`.execute(db);
}
