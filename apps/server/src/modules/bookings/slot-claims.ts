import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

export interface SlotKey {
  stationId: string;
  date: string;
  slot: string;
}

/**
 * The capacity mutex of ADR 0002, and the only writer of `core.slot_locks`: every change of
 * what occupies a (station, date, slot) runs after this, inside the same transaction. Locks
 * each slot row of `keys` (duplicates once) in (date, slot) order, in one round trip, through
 * `core.claim_slots`, which `core.place_hold` calls too, so every path takes slot rows in the
 * same order. `trx` must be a transaction: the row locks last until it ends.
 */
export async function claimSlots(trx: Executor, keys: readonly SlotKey[]): Promise<void> {
  if (keys.length === 0) return;
  const rows = keys.map((k) => ({ stationId: k.stationId, date: k.date, slot: k.slot }));
  await sql`select core.claim_slots(${JSON.stringify(rows)}::jsonb)`.execute(trx);
}
