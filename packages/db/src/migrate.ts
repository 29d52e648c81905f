import {
  DEFAULT_MIGRATION_TABLE,
  Migrator,
  NO_MIGRATIONS,
  sql,
  type Kysely,
  type MigrationResultSet,
} from 'kysely';
import type { DB } from './generated/db.ts';
import { migrations } from './migrations/index.ts';

const MIGRATION_TABLE_SCHEMA = 'public';

// Kysely's db type is irrelevant to migrations; they speak raw SQL.
function migratorFor(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableSchema: MIGRATION_TABLE_SCHEMA,
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateToLatest());
}

/** Up or down to exactly `name` (tests of one migration among later ones). */
export async function migrateTo(db: Kysely<DB>, name: string): Promise<string[]> {
  if (!(name in migrations)) throw new Error(`There is no migration ${name}.`);
  return unwrap(await migratorFor(db).migrateTo(name));
}

export async function rollbackOne(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateDown());
}

export async function rollbackAll(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateTo(NO_MIGRATIONS));
}

export interface MigrationStatus {
  isCurrent: boolean;
  pending: string[];
  unknown: string[];
}

/**
 * Current = every known migration applied. One plain query, because /readyz asks on every
 * probe: Kysely's own getMigrations() introspects every table of the database first.
 */
export async function migrationStatus(db: Kysely<DB>): Promise<MigrationStatus> {
  let executed: string[];
  try {
    const result = await sql<{ name: string }>`
      select name from ${sql.table(`${MIGRATION_TABLE_SCHEMA}.${DEFAULT_MIGRATION_TABLE}`)}`.execute(
      db,
    );
    executed = result.rows.map((row) => row.name);
  } catch (error) {
    // A database never migrated has no migration table yet: everything is pending.
    if ((error as { code?: unknown }).code !== '42P01') throw error;
    executed = [];
  }
  const known = Object.keys(migrations);
  const pending = known.filter((name) => !executed.includes(name));
  const unknown = executed.filter((name) => !known.includes(name));
  return { isCurrent: pending.length === 0, pending, unknown };
}

export const migrationNames = Object.keys(migrations);
