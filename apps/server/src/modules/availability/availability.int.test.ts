import { describe, expect, it } from 'vitest';
import { dateAhead } from '../../test/factories.ts';
import {
  t,
  stationId,
  chefIds,
  fetchAvailability,
  useAppWithStation,
} from './availability.test-helper.ts';

useAppWithStation();

interface Day {
  date: string;
  slots: {
    slot: string;
    capacity: number;
    taken: number;
    remaining: number;
    bookable: boolean;
    reason?: string;
  }[];
}
const get = async (from: string, to: string) => {
  const res = await fetchAvailability(from, to);
  return {
    status: res.statusCode,
    days: res.json<{ days: Day[] }>().days,
    body: res.json<{ error?: { code: string } }>(),
  };
};

describe('GET /api/v1/availability', () => {
  it('uses rostered chefs within 14 days and the station default beyond', async () => {
    const near = (await get(dateAhead(5), dateAhead(5))).days[0]!;
    expect(near.slots.map((s) => s.capacity)).toEqual([3, 3, 3, 3]);
    const far = (await get(dateAhead(20), dateAhead(20))).days[0]!;
    expect(far.slots.map((s) => s.capacity)).toEqual([2, 2, 2, 2]);
  });

  it('lowers capacity for approved time off only, and for blackouts and caps', async () => {
    const date = dateAhead(6);
    await t.database.db
      .insertInto('ops.chef_time_off')
      .values([
        { chef_id: chefIds[0]!, from_date: date, to_date: date, status: 'approved' },
        { chef_id: chefIds[1]!, from_date: date, to_date: date, status: 'requested' },
      ])
      .execute();
    expect((await get(date, date)).days[0]!.slots[0]!.capacity).toBe(2);

    const blackout = dateAhead(25);
    const capped = dateAhead(26);
    await t.database.db
      .insertInto('core.date_overrides')
      .values([
        {
          station_id: stationId,
          date: blackout,
          is_blackout: true,
          reason: 'Thanksgiving: closed',
        },
        { station_id: stationId, date: capped, slot: '21:00', max_capacity: 1 },
      ])
      .execute();
    const days = (await get(blackout, capped)).days;
    expect(
      days[0]!.slots.every(
        (s) => s.capacity === 0 && !s.bookable && s.reason === 'Thanksgiving: closed',
      ),
    ).toBe(true);
    expect(days[1]!.slots.map((s) => s.capacity)).toEqual([2, 2, 2, 1]);
  });

  it('marks slots inside the 48-hour notice as not bookable with the reason', async () => {
    const today = (await get(dateAhead(0), dateAhead(1))).days;
    for (const slot of today.flatMap((d) => d.slots)) {
      expect(slot.bookable).toBe(false);
      expect(slot.reason).toBeTruthy();
    }
  });

  it('refuses ranges over 92 days, reversed ranges and impossible dates', async () => {
    expect((await get(dateAhead(0), dateAhead(91))).days).toHaveLength(92);
    expect((await get(dateAhead(0), dateAhead(92))).body.error?.code).toBe('DATE_RANGE_TOO_LONG');
    expect((await get(dateAhead(5), dateAhead(4))).body.error?.code).toBe('INVALID_DATE_RANGE');
    const impossible = await get('2027-02-30', '2027-03-01');
    expect(impossible.status).toBe(400);
    expect(impossible.body.error?.code).toBe('VALIDATION_FAILED');
  });
});
