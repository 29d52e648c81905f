import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { BookingsRepository } from './bookings.repository.ts';

/**
 * The figure that decides a hold is the capacity read after the slot lock: a blackout
 * committed while the hold waits on that lock must turn it away, even though the hold's
 * first (optimistic) read saw an open slot.
 */
let t: TestApp;
let stationId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId } = await newStation(t.database.db, { code: 'CA-LOCKCAP', chefs: 2 }));
});
afterAll(async () => t.close());

async function waitUntilSomeoneWaitsOnALock(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and datname = current_database()`.execute(t.database.db);
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no request ever waited on the slot lock');
}

describe('capacity under the slot lock', () => {
  it('a blackout committed while a hold waits on the lock refuses that hold', async () => {
    const date = dateAhead(40);
    const key = { stationId, date, slot: '18:00' };
    const quote = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/quotes',
        payload: quoteBody({ stationId }),
      })
    ).json<{ id: string }>();

    let holdResponse: Promise<{ statusCode: number; body: string }> | undefined;
    await t.database.db.transaction().execute(async (trx) => {
      // Staff writing a blackout: they hold the slot's lock first, as the settings module does.
      await new BookingsRepository(trx).lockSlot(key);
      holdResponse = t.app.inject({
        method: 'POST',
        url: '/api/v1/holds',
        payload: { quoteId: quote.id, date, slot: '18:00', customer: customer() },
      });
      await waitUntilSomeoneWaitsOnALock();
      await trx
        .insertInto('core.date_overrides')
        .values({
          station_id: stationId,
          date,
          slot: null,
          is_blackout: true,
          reason: 'Private event',
        })
        .execute();
    });
    const response = await holdResponse;
    expect(response?.statusCode, response?.body).toBe(409);
    expect(JSON.parse(response?.body ?? '{}')).toMatchObject({
      error: { code: 'SLOT_UNAVAILABLE' },
    });
    const holds = await t.database.db
      .selectFrom('core.holds')
      .select('id')
      .where('station_id', '=', stationId)
      .where('date', '=', date)
      .execute();
    expect(holds).toEqual([]);
  });
});
