import { createHash } from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { DB } from '../generated/db.ts';
import { CHUNK } from './catalogue.ts';

/** Writing the seed's rows: chunked inserts, sequence numbers, whole-second times. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function chunks<T>(rows: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function insertChunked<T extends keyof DB>(
  trx: Transaction<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
): Promise<void> {
  for (const part of chunks(rows)) {
    await trx.insertInto(table).values(part).execute();
  }
}

export async function nextNumbers(
  trx: Transaction<DB>,
  sequence: string,
  count: number,
): Promise<number[]> {
  const result = await sql<{ n: string | number }>`
    select nextval(${sequence}::regclass) as n from generate_series(1, ${count})`.execute(trx);
  return result.rows.map((row) => Number(row.n)).sort((a, b) => a - b);
}

export const at = (ms: number): Date => new Date(Math.round(ms / 1000) * 1000);
