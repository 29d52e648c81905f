/**
 * The consent in force per channel and purpose, from the append-only ledger
 * (marketing.consents, SPEC §11). A row for purpose `all` (SMS keywords: STOP, START) speaks
 * for every purpose of its channel; for each (channel, purpose) the newest applicable row wins.
 */

export const consentChannels = ['sms', 'email'] as const;
export const consentPurposes = ['marketing', 'transactional'] as const;

export type ConsentState = 'opted_in' | 'opted_out' | 'unknown';

export interface ConsentRow {
  id: number;
  channel: string;
  purpose: string;
  status: string;
  source: string;
  at: Date;
}

export interface ConsentInForce {
  channel: (typeof consentChannels)[number];
  purpose: (typeof consentPurposes)[number];
  state: ConsentState;
  source: string | null;
  at: string | null;
}

export function consentsInForce(rows: readonly ConsentRow[]): ConsentInForce[] {
  const result: ConsentInForce[] = [];
  for (const channel of consentChannels)
    for (const purpose of consentPurposes) {
      let newest: ConsentRow | undefined;
      for (const row of rows) {
        if (row.channel !== channel || (row.purpose !== purpose && row.purpose !== 'all')) continue;
        // Ids grow with every append; `at` can tie within one transaction.
        if (!newest || row.id > newest.id) newest = row;
      }
      result.push({
        channel,
        purpose,
        state:
          newest?.status === 'opted_in' || newest?.status === 'opted_out'
            ? newest.status
            : 'unknown',
        source: newest?.source ?? null,
        at: newest?.at.toISOString() ?? null,
      });
    }
  return result;
}
