import { type Transaction } from 'kysely';
import { defaultSettings, demoPayees, utcToZoned } from '@teppan/core';
import type { FieldCrypto } from '../field-crypto.ts';
import { contactIndex, type ContactKind } from '../pii.ts';
import type { DB } from '../generated/db.ts';
import { SEED, TIME_ZONE } from './catalogue.ts';
import { Random } from './random.ts';

/** What every part of the seed shares: the transaction, the clock, the PRNG and the sealing of contact details. */
export interface SeedContext {
  trx: Transaction<DB>;
  now: Date;
  nowMs: number;
  today: string;
  rng: Random;
  settings: typeof defaultSettings;
  /** Contact details are stored as the app stores them: encrypted, with blind indexes (ADR 0016). */
  seal: (
    kind: ContactKind,
    value: string,
    column: string,
  ) => { value: string; index: string | null };
}

export function createSeedContext(
  trx: Transaction<DB>,
  options: { now: Date; crypto: FieldCrypto },
): SeedContext {
  const { now, crypto } = options;
  const seal = (kind: ContactKind, value: string, column: string) => ({
    value: crypto.encrypt(value, column),
    index: contactIndex(crypto, kind, value),
  });
  const rng = new Random(SEED);
  // The demo business takes Zelle and Venmo, with payees labelled as a demo.
  const settings = { ...defaultSettings, payees: demoPayees };
  const nowMs = now.getTime();
  const today = utcToZoned({ instant: now, timeZone: TIME_ZONE }).date;
  return { trx, now, nowMs, today, rng, settings, seal };
}
