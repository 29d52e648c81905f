export {
  createDb,
  createPool,
  type CreateDbOptions,
  type Database,
  type DatabaseTimeouts,
} from './create-db.ts';
export {
  startEmbeddedPostgres,
  ensureDatabase,
  findFreePort,
  type EmbeddedDatabase,
} from './embedded.ts';
export { openDatabase, type DatabaseHandle } from './local.ts';
export {
  migrateToLatest,
  rollbackAll,
  rollbackOne,
  migrationStatus,
  migrationNames,
  type MigrationStatus,
} from './migrate.ts';
export { generateTypes } from './types-gen.ts';
export type * from './generated/db.ts';
export { databaseFailureOf, PoolCheckoutError, type DatabaseFailure } from './database-errors.ts';
