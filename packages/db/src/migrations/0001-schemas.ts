import { sql, type Kysely } from 'kysely';

export const schemas = ['core', 'identity', 'crm', 'ops', 'ai', 'marketing', 'analytics', 'audit'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pgcrypto`.execute(db);
  for (const schema of schemas) await sql`create schema ${sql.id(schema)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const schema of [...schemas].reverse())
    await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
}
