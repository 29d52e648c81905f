import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The assistant's knowledge base: documents staff can edit, split into sections that
  // PostgreSQL full-text search ranks (headings weigh most, then keywords, then text).
  await sql`
    create table ai.knowledge_documents (
      doc_id text primary key,
      title text not null,
      markdown text not null,
      version integer not null default 1,
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table ai.knowledge_sections (
      id bigserial primary key,
      doc_id text not null references ai.knowledge_documents(doc_id) on delete cascade,
      anchor text not null,
      heading text not null,
      keywords text not null,
      text text not null,
      search tsvector generated always as (
        setweight(to_tsvector('english', heading), 'A') ||
        setweight(to_tsvector('english', keywords), 'B') ||
        setweight(to_tsvector('english', text), 'C')
      ) stored
    )`.execute(db);
  await sql`create index knowledge_sections_search_idx on ai.knowledge_sections using gin (search)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table ai.knowledge_sections`.execute(db);
  await sql`drop table ai.knowledge_documents`.execute(db);
}
