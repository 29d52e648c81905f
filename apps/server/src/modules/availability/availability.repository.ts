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
}
