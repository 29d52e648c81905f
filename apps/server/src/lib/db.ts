import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';

/** Either the pool-backed handle or an open transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

export const json = (value: unknown): string => JSON.stringify(value);

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && (!constraint || pgError.constraint === constraint);
}
