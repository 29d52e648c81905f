import { randomUUID } from 'node:crypto';
import { type Insertable } from 'kysely';
import { addDays, weekdayOf, type SlotTime } from '@teppan/core';
import type { OpsChefTimeOff, OpsChefWeeklyAvailability } from '../generated/db.ts';
import { DAY_MS, STATION, CHEFS, chefSlots } from './catalogue.ts';
import { insertChunked, at } from './rows.ts';
import { type SeedContext } from './context.ts';

/** The station with its settings, and the chefs with their weekly roster and time off. */
export async function seedStationAndChefs(ctx: SeedContext) {
  const { trx, nowMs, today, settings } = ctx;
  const station = await trx
    .insertInto('core.stations')
    .values({ ...STATION, created_at: at(nowMs - 400 * DAY_MS) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stationId = station.id;
  await trx
    .insertInto('core.settings_versions')
    .values({
      station_id: stationId,
      version: 1,
      settings: JSON.stringify(settings),
      changed_by: 'seed',
      note: 'Default settings (SPEC.md)',
      created_at: at(nowMs - 400 * DAY_MS),
    })
    .execute();

  // Chefs, weekly availability, time off -----------------------------------------------
  const chefIds = CHEFS.map(() => randomUUID());
  await trx
    .insertInto('ops.chefs')
    .values(
      CHEFS.map((chef, i) => ({
        id: chefIds[i] as string,
        station_id: stationId,
        name: chef.name,
        email: chef.email,
        phone: chef.phone,
        rating: chef.rating,
        home_zip: chef.home.zip,
        home_lat: chef.home.lat,
        home_lng: chef.home.lng,
        max_guests: chef.maxGuests,
        created_at: at(nowMs - (400 - i * 30) * DAY_MS),
      })),
    )
    .execute();
  const weekly: Insertable<OpsChefWeeklyAvailability>[] = [];
  const schedule = new Map<string, Set<number>>(); // 'weekday|slot' → chef indexes
  CHEFS.forEach((chef, i) => {
    for (let weekday = 0; weekday < 7; weekday += 1) {
      if (chef.daysOff.includes(weekday)) continue;
      for (const slot of chefSlots(i, weekday)) {
        weekly.push({ chef_id: chefIds[i] as string, weekday, slot });
        const key = `${weekday}|${slot}`;
        const set = schedule.get(key) ?? new Set<number>();
        set.add(i);
        schedule.set(key, set);
      }
    }
  });
  await insertChunked(trx, 'ops.chef_weekly_availability', weekly);

  const timeOff: (Omit<Insertable<OpsChefTimeOff>, 'chef_id'> & {
    chefIndex: number;
    status: string;
  })[] = [
    {
      chefIndex: 0,
      from_date: addDays(today, -120),
      to_date: addDays(today, -110),
      status: 'approved',
      reason: 'Family trip to Osaka',
    },
    {
      chefIndex: 1,
      from_date: addDays(today, 5),
      to_date: addDays(today, 7),
      status: 'approved',
      reason: 'Brother’s wedding',
    },
    {
      chefIndex: 2,
      from_date: addDays(today, 40),
      to_date: addDays(today, 42),
      status: 'requested',
      reason: 'Knife skills workshop',
    },
  ];
  await trx
    .insertInto('ops.chef_time_off')
    .values(
      timeOff.map(({ chefIndex, ...row }, i) => ({
        ...row,
        chef_id: chefIds[chefIndex] as string,
        created_at: at(nowMs - (30 + i * 10) * DAY_MS),
      })),
    )
    .execute();
  const approvedOff = timeOff.filter((t) => t.status === 'approved');

  /** Chefs working a date and slot: weekly roster minus approved time off. */
  const chefsWorking = (date: string, slot: SlotTime): number => {
    const rostered = schedule.get(`${weekdayOf(date)}|${slot}`);
    if (!rostered) return 0;
    let n = 0;
    for (const i of rostered) {
      const away = approvedOff.some(
        (t) => t.chefIndex === i && t.from_date <= date && date <= t.to_date,
      );
      if (!away) n += 1;
    }
    return n;
  };
  return { stationId, chefIds, schedule, approvedOff, chefsWorking };
}

export type DemoRoster = Awaited<ReturnType<typeof seedStationAndChefs>>;
