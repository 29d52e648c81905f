import { weekdayOf } from '@teppan/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';

// Migration 0031: most attempts on a contended slot lose, so a loser must not keep the next
// request for the slot waiting. `core.place_hold_or_lead` refuses inside a subtransaction
// that it rolls back, giving up the slot lock before the loser's hot lead is written.

let t: TestApp;
let quoteId: string;
let stationId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId } = await newStation(t.database.db, { chefs: 2 }));
  const quote = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() });
  quoteId = quote.json<{ id: string }>().id;
});
afterAll(async () => t.close());

async function fillSlot(date: string, slot: string): Promise<void> {
  for (let i = 0; i < 2; i += 1) {
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: { quoteId, date, slot, customer: customer() },
    });
    expect(placed.statusCode).toBe(201);
  }
}

describe('holds under contention', () => {
  it('a loser refused under the slot lock gives the lock up before its hot lead commits', async () => {
    const date = dateAhead(40);
    const slot = '18:00';
    await fillSlot(date, slot);
    const { rows } = await sql<{ inputs: unknown }>`
      select core.slot_capacity_inputs(${stationId}::uuid, ${date}::date, ${weekdayOf(date)}::int,
                                       ${slot}) as inputs`.execute(t.database.db);
    const name = `Loser ${Date.now()}`;
    const attempt = {
      stationId,
      date,
      slot,
      weekday: weekdayOf(date),
      inputs: rows[0]?.inputs,
      capacity: 2,
      caps: null,
      hotLead: {
        quoteId,
        date,
        slot,
        requestedTime: null,
        lead: { source: 'slot_full', score: 90, name, actor: 'system' },
      },
    };
    const slotKey = JSON.stringify([{ stationId, date, slot }]);
    await t.database.db.transaction().execute(async (loser) => {
      const refused = await sql<{ result: { outcome: string } }>`
        select core.place_hold_or_lead(${JSON.stringify(attempt)}::jsonb) as result`.execute(loser);
      expect(refused.rows[0]?.result.outcome).toBe('slot_full');
      // The loser's transaction is still open (its hot lead not committed), and another
      // request takes the slot lock at once.
      await t.database.db.transaction().execute(async (next) => {
        await sql`set local lock_timeout = '500ms'`.execute(next);
        await sql`select core.claim_slots(${slotKey}::jsonb)`.execute(next);
      });
    });
    const lead = await t.database.db
      .selectFrom('crm.leads')
      .select(['source', 'station_id'])
      .where('name', '=', name)
      .executeTakeFirst();
    expect(lead).toEqual({ source: 'slot_full', station_id: stationId });
  });

  it('a winner keeps the slot lock until it commits', async () => {
    const date = dateAhead(41);
    const slot = '15:00';
    const slotKey = JSON.stringify([{ stationId, date, slot }]);
    await t.database.db.transaction().execute(async (holder) => {
      await sql`select core.claim_slots(${slotKey}::jsonb)`.execute(holder);
      const waiting = t.database.db.transaction().execute(async (next) => {
        await sql`set local lock_timeout = '300ms'`.execute(next);
        await sql`select core.claim_slots(${slotKey}::jsonb)`.execute(next);
      });
      await expect(waiting).rejects.toMatchObject({ code: '55P03' });
    });
  });
});
