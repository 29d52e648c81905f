import type { Database } from '@teppan/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingDb } from '../../test/counting-db.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { SettingsService } from '../settings/settings.service.ts';
import { AvailabilityService } from './availability.service.ts';

// Issue F6: a repeated calendar question is answered from the last answer while the
// station's calendar version (migration 0030) has not moved: one primary-key read. The
// version moves at commit, once per transaction and station, with every write that can
// change the figures — and never before the write is visible.

let t: TestApp;
let stationId: string;
let otherStationId: string;
let chefIds: string[];
let counted: Database;
let sent: string[];

const versionOf = async (station: string): Promise<number> => {
  const row = await t.database.db
    .selectFrom('core.calendar_versions')
    .select('version')
    .where('station_id', '=', station)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
};

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId, chefIds } = await newStation(t.database.db, { chefs: 2 }));
  ({ stationId: otherStationId } = await newStation(t.database.db, { chefs: 1, code: 'VERSIONS' }));
  ({ db: counted, sent } = countingDb(t.database.url));
});
afterAll(async () => {
  await counted.destroy();
  await t.close();
});

describe('calendar versions', () => {
  it('move at commit, once per transaction and station, for every table the figures read', async () => {
    const start = await versionOf(stationId);
    const other = await versionOf(otherStationId);
    const day = dateAhead(20);
    await t.database.db.transaction().execute(async (trx) => {
      for (const slot of ['12:00', '15:00', '18:00'])
        await trx
          .insertInto('core.date_overrides')
          .values({ station_id: stationId, date: day, slot, max_capacity: 1 })
          .execute();
      // Not yet: the counter moves at commit (deferred trigger), after the transaction's
      // other locks, and another session cannot see it before the rows.
      expect(await versionOf(stationId)).toBe(start);
    });
    expect(await versionOf(stationId)).toBe(start + 1);
    expect(await versionOf(otherStationId)).toBe(other);

    // A rolled-back write moves nothing.
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('core.date_overrides').where('date', '=', day).execute();
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await versionOf(stationId)).toBe(start + 1);

    const writes: [string, () => Promise<unknown>][] = [
      [
        'override deleted',
        () => t.database.db.deleteFrom('core.date_overrides').where('date', '=', day).execute(),
      ],
      [
        'time off',
        () =>
          t.database.db
            .insertInto('ops.chef_time_off')
            .values({ chef_id: chefIds[0]!, from_date: day, to_date: day, status: 'approved' })
            .execute(),
      ],
      [
        'weekly slot removed',
        () =>
          t.database.db
            .deleteFrom('ops.chef_weekly_availability')
            .where('chef_id', '=', chefIds[1]!)
            .where('weekday', '=', 1)
            .execute(),
      ],
      [
        'chef deactivated',
        () =>
          t.database.db
            .updateTable('ops.chefs')
            .set({ is_active: false })
            .where('id', '=', chefIds[1]!)
            .execute(),
      ],
    ];
    let expected = start + 1;
    for (const [what, write] of writes) {
      await write();
      expected += 1;
      expect({ what, version: await versionOf(stationId) }).toEqual({ what, version: expected });
    }

    // A chef moved to another station moves both calendars.
    const before = await versionOf(otherStationId);
    await t.database.db
      .updateTable('ops.chefs')
      .set({ station_id: otherStationId })
      .where('id', '=', chefIds[1]!)
      .execute();
    expect(await versionOf(stationId)).toBe(expected + 1);
    expect(await versionOf(otherStationId)).toBe(before + 1);
    await t.database.db
      .updateTable('ops.chefs')
      .set({ station_id: stationId, is_active: true })
      .where('id', '=', chefIds[1]!)
      .execute();
  });

  it('answers a repeated range with one primary-key read, and the next request after a write or an expiry afresh', async () => {
    const settings = new SettingsService(counted, {
      defaultStationCode: t.config.defaultStationCode,
    });
    const availability = new AvailabilityService(counted, { settings, now: () => new Date() });
    const range = { from: dateAhead(3), to: dateAhead(40), stationId };
    const first = await availability.getRange(range);
    sent.length = 0;
    const again = await availability.getRangeJson(range);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('core.calendar_versions');
    expect(JSON.parse(again)).toEqual(first);

    // A hold (placed through the API, then made to expire in a moment).
    const day = dateAhead(10);
    const slotTaken = async () =>
      (await availability.getRange(range)).days
        .find((d) => d.date === day)!
        .slots.find((s) => s.slot === '18:00')!.taken;
    expect(await slotTaken()).toBe(0);
    const quote = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: { ...quoteBody(), stationId },
    });
    const hold = await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.json<{ id: string }>().id,
        date: day,
        slot: '18:00',
        customer: customer(),
      },
    });
    expect(hold.statusCode).toBe(201);
    await sql`update core.holds set expires_at = clock_timestamp() + interval '1.5 seconds'
               where id = ${hold.json<{ id: string }>().id}`.execute(t.database.db);
    expect(await slotTaken()).toBe(1);
    sent.length = 0;
    expect(await slotTaken()).toBe(1);
    expect(sent).toHaveLength(1);
    // Nothing is written when it expires: the answer knew when its first hold would run out.
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(await slotTaken()).toBe(0);

    await t.database.db
      .insertInto('core.date_overrides')
      .values({ station_id: stationId, date: day, is_blackout: true, reason: 'Closed' })
      .execute();
    const closed = (await availability.getRange(range)).days.find((d) => d.date === day)!;
    expect(closed.slots.every((s) => s.capacity === 0 && s.reason === 'Closed')).toBe(true);
  });

  it('moves once for a bulk write of many rows', async () => {
    const start = await versionOf(otherStationId);
    const { rows } = await sql<{ n: number }>`
      insert into core.date_overrides (station_id, date, max_capacity)
      select ${otherStationId}, current_date + 100 + i, 1 from generate_series(1, 500) i
      returning 1 as n`.execute(t.database.db);
    expect(rows).toHaveLength(500);
    expect(await versionOf(otherStationId)).toBe(start + 1);
  });
});
