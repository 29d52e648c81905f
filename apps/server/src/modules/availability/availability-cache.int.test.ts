import { describe, expect, it } from 'vitest';
import { customer, dateAhead, quoteBody } from '../../test/factories.ts';
import { AvailabilityService } from './availability.service.ts';
import {
  t,
  stationId,
  chefIds,
  fetchAvailability,
  useAppWithStation,
} from './availability.test-helper.ts';

// The calendar keeps the cells that do not depend on occupancy between requests (issue F6).
// Whatever changes the figures must show on the very next request, however it was written.

useAppWithStation();

const from = dateAhead(3);
const to = dateAhead(40);
const slotOf = async (date: string, slot: string) => {
  const res = await fetchAvailability(from, to);
  expect(res.statusCode).toBe(200);
  const days = res.json<{
    days: { date: string; slots: { slot: string; capacity: number; taken: number }[] }[];
  }>().days;
  const found = days.find((d) => d.date === date)?.slots.find((s) => s.slot === slot);
  if (!found) throw new Error(`no ${date} ${slot} in the range`);
  return found;
};

describe('availability reused between requests', () => {
  it('shows holds, time off, blackouts, caps and roster changes on the next request', async () => {
    const near = dateAhead(5);
    const far = dateAhead(30);
    expect(await slotOf(near, '18:00')).toMatchObject({ capacity: 3, taken: 0 });
    expect(await slotOf(far, '18:00')).toMatchObject({ capacity: 2, taken: 0 });

    const quote = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody(),
    });
    const hold = await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.json<{ id: string }>().id,
        date: far,
        slot: '18:00',
        customer: customer(),
      },
    });
    expect(hold.statusCode).toBe(201);
    expect(await slotOf(far, '18:00')).toMatchObject({ capacity: 2, taken: 1 });

    await t.database.db
      .insertInto('ops.chef_time_off')
      .values({ chef_id: chefIds[0]!, from_date: near, to_date: near, status: 'approved' })
      .execute();
    expect(await slotOf(near, '18:00')).toMatchObject({ capacity: 2 });

    await t.database.db
      .updateTable('ops.chefs')
      .set({ is_active: false })
      .where('id', '=', chefIds[1]!)
      .execute();
    expect(await slotOf(near, '18:00')).toMatchObject({ capacity: 1 });

    await t.database.db
      .insertInto('core.date_overrides')
      .values({ station_id: stationId, date: far, slot: '18:00', max_capacity: 1 })
      .execute();
    expect(await slotOf(far, '18:00')).toMatchObject({ capacity: 1, taken: 1 });

    await t.database.db
      .insertInto('core.date_overrides')
      .values({ station_id: stationId, date: far, is_blackout: true, reason: 'Closed' })
      .execute();
    expect(await slotOf(far, '12:00')).toMatchObject({ capacity: 0 });

    await t.database.db.deleteFrom('core.date_overrides').where('date', '=', far).execute();
    expect(await slotOf(far, '18:00')).toMatchObject({ capacity: 2, taken: 1 });
  });

  it('follows the clock: notice and the chef window as time passes, as a fresh read would', async () => {
    let clock = Date.now();
    const reused = new AvailabilityService(t.database.db, {
      settings: t.container.settings,
      now: () => new Date(clock),
    });
    const range = { from: dateAhead(0), to: dateAhead(20), stationId };
    // Every 97 minutes for four days: notice boundaries, slot starts and midnights pass.
    for (let step = 0; step < 60; step += 1) {
      const fresh = new AvailabilityService(t.database.db, {
        settings: t.container.settings,
        now: () => new Date(clock),
      });
      expect(await reused.getRange(range)).toEqual(await fresh.getRange(range));
      clock += 97 * 60_000;
    }
  });
});
