import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

export class AvailabilityRepository {
  constructor(private readonly db: Executor) {}

  async listChefAvailability(stationId: string, range: { from: string; to: string }) {
    const [chefs, weekly, timeOff] = await Promise.all([
      this.db
        .selectFrom('ops.chefs')
        .select(['id'])
        .where('station_id', '=', stationId)
        .where('is_active', '=', true)
        .execute(),
      this.db
        .selectFrom('ops.chef_weekly_availability as a')
        .innerJoin('ops.chefs as c', 'c.id', 'a.chef_id')
        .select(['a.chef_id', 'a.weekday', 'a.slot'])
        .where('c.station_id', '=', stationId)
        .where('c.is_active', '=', true)
        .execute(),
      this.db
        .selectFrom('ops.chef_time_off as t')
        .innerJoin('ops.chefs as c', 'c.id', 't.chef_id')
        .select(['t.chef_id', 't.from_date', 't.to_date'])
        .where('c.station_id', '=', stationId)
        .where('t.status', '=', 'approved')
        .where('t.to_date', '>=', range.from)
        .where('t.from_date', '<=', range.to)
        .execute(),
    ]);
    return { chefs, weekly, timeOff };
  }

  listOverrides(stationId: string, range: { from: string; to: string }) {
    return this.db
      .selectFrom('core.date_overrides')
      .select(['date', 'slot', 'is_blackout', 'max_capacity', 'reason'])
      .where('station_id', '=', stationId)
      .where('date', '>=', range.from)
      .where('date', '<=', range.to)
      .execute();
  }

  /** Occupancy per (date, slot): active bookings plus unexpired holds. */
  async countTakenByDay(stationId: string, range: { from: string; to: string }) {
    const { rows } = await sql<{ date: string; slot: string; taken: number }>`
      select date, slot, count(*)::int as taken from (
        select date, slot from core.bookings
        where station_id = ${stationId} and date between ${range.from} and ${range.to}
          and status <> 'cancelled'
        union all
        select date, slot from core.holds
        where station_id = ${stationId} and date between ${range.from} and ${range.to}
          and status in ('awaiting_signature', 'awaiting_deposit') and expires_at > clock_timestamp()
      ) occupied
      group by date, slot`.execute(this.db);
    return rows;
  }

  /**
   * What one slot's capacity depends on, in a single round trip (the hold path is hot):
   * the chefs rostered for that weekday and slot, their approved time off on that date,
   * and the date's overrides.
   */
  /**
   * Rosters, approved time off and overrides for one slot, in one round trip. With
   * `withTaken`, also what occupies it now (active bookings + unexpired holds, judged at
   * clock_timestamp() like BookingsRepository.countTaken): the hold path reads both under the
   * slot lock at the cost of one query.
   */
  async loadSlotInputs(input: {
    stationId: string;
    date: string;
    weekday: number;
    slot: string;
    withTaken?: boolean;
  }) {
    const taken = input.withTaken
      ? sql`,
        (select count(*)::int from core.bookings b
          where b.station_id = ${input.stationId} and b.date = ${input.date}::date
            and b.slot = ${input.slot} and b.status <> 'cancelled')
        + (select count(*)::int from core.holds h
          where h.station_id = ${input.stationId} and h.date = ${input.date}::date
            and h.slot = ${input.slot} and h.status in ('awaiting_signature', 'awaiting_deposit')
            and h.expires_at > clock_timestamp()) as taken`
      : sql``;
    const { rows } = await sql<{
      taken?: number;
      chef_ids: string[];
      time_off: { chef_id: string; from_date: string; to_date: string }[];
      overrides: {
        slot: string | null;
        is_blackout: boolean;
        max_capacity: number | null;
        reason: string | null;
      }[];
    }>`
      select
        (select coalesce(json_agg(a.chef_id), '[]'::json)
           from ops.chef_weekly_availability a
           join ops.chefs c on c.id = a.chef_id
          where c.station_id = ${input.stationId} and c.is_active
            and a.weekday = ${input.weekday} and a.slot = ${input.slot}) as chef_ids,
        (select coalesce(json_agg(json_build_object('chef_id', t.chef_id, 'from_date', t.from_date, 'to_date', t.to_date)), '[]'::json)
           from ops.chef_time_off t
           join ops.chefs c on c.id = t.chef_id
          where c.station_id = ${input.stationId} and t.status = 'approved'
            and t.from_date <= ${input.date}::date and t.to_date >= ${input.date}::date) as time_off,
        (select coalesce(json_agg(json_build_object('slot', o.slot, 'is_blackout', o.is_blackout, 'max_capacity', o.max_capacity, 'reason', o.reason)), '[]'::json)
           from core.date_overrides o
          where o.station_id = ${input.stationId} and o.date = ${input.date}::date) as overrides
        ${taken}`.execute(this.db);
    const row = rows[0];
    return {
      chefIds: row?.chef_ids ?? [],
      timeOff: row?.time_off ?? [],
      overrides: row?.overrides ?? [],
      taken: row?.taken ?? 0,
    };
  }
}
