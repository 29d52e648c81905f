import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

export class AvailabilityRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Everything a range of the calendar needs, in one round trip and one snapshot: the
   * station's calendar version, what occupies each (date, slot) now (active bookings + holds
   * unexpired at one instant of the database's clock, and when the first of them expires),
   * and the capacity inputs of the range (active chefs, their weekly slots, approved time off,
   * overrides) with their fingerprint. The inputs themselves come back only when their fingerprint differs from
   * `knownFingerprint`: the caller's grid, computed from equal inputs, is still right.
   */
  async loadRange(
    stationId: string,
    range: { from: string; to: string },
    knownFingerprint: string | null,
  ): Promise<LoadedRange> {
    const { rows } = await sql<LoadedRange>`
      with clock as materialized (select clock_timestamp() as at),
      inputs as (
        select jsonb_build_object(
          'chefs', (select coalesce(jsonb_agg(c.id order by c.id), '[]'::jsonb)
                      from ops.chefs c where c.station_id = ${stationId} and c.is_active),
          'weekly', (select coalesce(jsonb_agg(jsonb_build_array(a.chef_id, a.weekday, a.slot)
                                               order by a.chef_id, a.weekday, a.slot), '[]'::jsonb)
                       from ops.chef_weekly_availability a
                       join ops.chefs c on c.id = a.chef_id
                      where c.station_id = ${stationId} and c.is_active),
          'timeOff', (select coalesce(jsonb_agg(jsonb_build_array(t.chef_id, t.from_date, t.to_date)
                                                order by t.chef_id, t.from_date, t.to_date), '[]'::jsonb)
                        from ops.chef_time_off t
                        join ops.chefs c on c.id = t.chef_id
                       where c.station_id = ${stationId} and t.status = 'approved'
                         and t.to_date >= ${range.from}::date and t.from_date <= ${range.to}::date),
          'overrides', (select coalesce(jsonb_agg(jsonb_build_array(o.date, o.slot, o.is_blackout,
                                                                    o.max_capacity, o.reason)
                                                  order by o.date, o.slot nulls first), '[]'::jsonb)
                          from core.date_overrides o
                         where o.station_id = ${stationId}
                           and o.date between ${range.from}::date and ${range.to}::date)
        ) as v
      )
      select (select version::text from core.calendar_versions where station_id = ${stationId})
               as "calendarVersion",
             (select (extract(epoch from at) * 1000)::float8 from clock) as "databaseNow",
             (select (extract(epoch from min(expires_at)) * 1000)::float8 from core.holds
               where station_id = ${stationId} and date between ${range.from}::date and ${range.to}::date
                 and status in ('awaiting_signature', 'awaiting_deposit')
                 and expires_at > (select at from clock)) as "holdsUntil",
             md5(v::text) as fingerprint,
             case when md5(v::text) is distinct from ${knownFingerprint}::text then v end as inputs,
             (select coalesce(jsonb_agg(jsonb_build_array(date, slot, taken)), '[]'::jsonb) from (
                select date, slot, count(*)::int as taken from (
                  select date, slot from core.bookings
                   where station_id = ${stationId} and date between ${range.from}::date and ${range.to}::date
                     and status <> 'cancelled'
                  union all
                  select date, slot from core.holds
                   where station_id = ${stationId} and date between ${range.from}::date and ${range.to}::date
                     and status in ('awaiting_signature', 'awaiting_deposit')
                     and expires_at > (select at from clock)
                ) occupied
                group by date, slot) counted) as taken
        from inputs`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('availability range query returned no row');
    return row;
  }

  /**
   * The station's calendar version (migration 0030: it moves with every committed write that
   * can change availability; null before the first) and the database's clock, by primary key.
   */
  async calendarVersion(
    stationId: string,
  ): Promise<{ calendarVersion: string | null; databaseNow: number }> {
    const { rows } = await sql<{ calendarVersion: string | null; databaseNow: number }>`
      select (select version::text from core.calendar_versions where station_id = ${stationId})
               as "calendarVersion",
             (extract(epoch from clock_timestamp()) * 1000)::float8 as "databaseNow"`.execute(
      this.db,
    );
    const row = rows[0];
    if (!row) throw new Error('calendar version query returned no row');
    return row;
  }

  /**
   * Rosters, approved time off and overrides for one slot, in one round trip
   * (`core.slot_capacity_inputs`, in the canonical order `core.place_hold` compares under
   * the slot lock). With `withTaken`, also what occupies it now
   * (`core.slot_taken`: active bookings + unexpired holds at clock_timestamp()).
   */
  async loadSlotInputs(input: {
    stationId: string;
    date: string;
    weekday: number;
    slot: string;
    withTaken?: boolean;
  }): Promise<SlotInputs & { taken: number }> {
    const taken = input.withTaken
      ? sql`core.slot_taken(${input.stationId}::uuid, ${input.date}::date, ${input.slot})`
      : sql`0`;
    const { rows } = await sql<{ inputs: SlotInputsJson; taken: number }>`
      select core.slot_capacity_inputs(${input.stationId}::uuid, ${input.date}::date,
                                       ${input.weekday}::int, ${input.slot}) as inputs,
             ${taken} as taken`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('slot_capacity_inputs returned no row');
    return { ...slotInputsOf(row.inputs), taken: row.taken };
  }
}

/** Capacity inputs of a range, as AvailabilityRepository.loadRange returns them. */
export interface RangeInputsJson {
  chefs: string[];
  /** [chef id, weekday, slot] */
  weekly: [string, number, string][];
  /** [chef id, from date, to date] */
  timeOff: [string, string, string][];
  /** [date, slot or null (whole day), is blackout, max capacity, reason] */
  overrides: [string, string | null, boolean, number | null, string | null][];
}

/** What `loadRange` reads, in one statement (so from one snapshot). */
export interface LoadedRange {
  /** The station's calendar version the figures were read at (null: never written). */
  calendarVersion: string | null;
  /** The database's clock, epoch ms (holds expire by it). */
  databaseNow: number;
  /** The first expiry of a hold counted in `taken` (epoch ms), null when none runs. */
  holdsUntil: number | null;
  fingerprint: string;
  inputs: RangeInputsJson | null;
  taken: RangeTaken[];
}

/** [date, slot, active bookings + unexpired holds] */
export type RangeTaken = [string, string, number];

/** `core.slot_capacity_inputs` as PostgreSQL returns it. */
export interface SlotInputsJson {
  chef_ids: string[];
  time_off: { chef_id: string; from_date: string; to_date: string }[];
  overrides: {
    slot: string | null;
    is_blackout: boolean;
    max_capacity: number | null;
    reason: string | null;
  }[];
}

export interface SlotInputs {
  chefIds: string[];
  timeOff: SlotInputsJson['time_off'];
  overrides: SlotInputsJson['overrides'];
}

export function slotInputsOf(json: SlotInputsJson): SlotInputs {
  return { chefIds: json.chef_ids, timeOff: json.time_off, overrides: json.overrides };
}
