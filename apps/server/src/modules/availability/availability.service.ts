import {
  computeSlotCapacity,
  daysBetween,
  type ChefAvailability,
  type Settings,
  type SlotTime,
  weekdayOf,
} from '@teppan/core';
import { availabilityContract } from '@teppan/core/contract';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { Executor } from '../../lib/db.ts';
import { AppError } from '../../errors.ts';
import { serializeResponse } from '../../lib/contract-route.ts';
import type { SettingsService, Station } from '../settings/settings.service.ts';
import { AvailabilityRepository, type SlotInputs } from './availability.repository.ts';
import {
  buildGrid,
  gridIsCurrent,
  viewOf,
  type AvailabilityGrid,
  type DayView,
} from './availability-grid.ts';

export const MAX_RANGE_DAYS = 92;

export type { DayView, SlotView } from './availability-grid.ts';

/** Grids kept per (station, range); the oldest goes first beyond this. */
const MAX_GRIDS = 256;

type RangeQuery = { from: string; to: string; stationId?: string };
type RangeView = { stationId: string; timeZone: string; days: DayView[] };

/** A computed range: valid while its grid is and nothing it counted has changed or expired. */
interface RangeAnswer {
  grid: AvailabilityGrid;
  /** The station's calendar version it was read at (null: never written). */
  calendarVersion: string | null;
  /** The first expiry of a hold it counts, by the database's clock (epoch ms). */
  holdsUntil: number;
  view: RangeView;
  json?: string;
}

/** Keeps `value` as the newest entry of `map`; the oldest goes beyond MAX_GRIDS. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_GRIDS) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

/** Capacity of one slot, for the hold and reschedule paths (the lock makes it final). */
export interface SlotCapacityContext {
  station: Station;
  settings: Settings;
  capacity: number;
  reason?: string;
}

export class AvailabilityService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService; now: () => Date },
  ) {}

  /**
   * Per (station, range): the calendar cells that do not depend on occupancy, reused while
   * the settings version, the inputs' fingerprint (read with the occupancy, in the same
   * query) and the clock say they still hold. Capacity taken by holds and bookings is read
   * on every request, so it shows at once.
   */
  private readonly grids = new Map<string, AvailabilityGrid>();

  /**
   * Whole answers per (station, range), reused while the station's calendar version (which
   * moves with every committed write that can change the figures, migration 0030), the
   * settings version and the clock say they still hold: a repeated question costs one
   * primary-key read. The JSON is kept too, encoded once through the route's schema.
   */
  private readonly answers = new Map<string, RangeAnswer>();

  /** The days of a range with capacity, occupancy and reasons per slot. */
  async getRange(query: RangeQuery): Promise<RangeView> {
    return (await this.answer(query)).view;
  }

  /** `getRange` as the JSON the route sends, encoded through its response schema once. */
  async getRangeJson(query: RangeQuery): Promise<string> {
    const answer = await this.answer(query);
    answer.json ??= serializeResponse(availabilityContract.range, 200, answer.view);
    return answer.json;
  }

  private async answer(query: RangeQuery): Promise<RangeAnswer> {
    if (query.to < query.from) throw new AppError('INVALID_DATE_RANGE');
    const span = daysBetween(query.from, query.to) + 1;
    if (span > MAX_RANGE_DAYS)
      throw new AppError(
        'DATE_RANGE_TOO_LONG',
        `Ask for at most ${MAX_RANGE_DAYS} days at a time.`,
        { maxDays: MAX_RANGE_DAYS },
      );
    const { station, settings, version } = await this.deps.settings.getForStation(query.stationId);
    const range = { from: query.from, to: query.to };
    const key = `${station.id}|${range.from}|${range.to}`;
    const now = this.deps.now();
    const repository = new AvailabilityRepository(this.db);
    const known = this.answers.get(key);
    if (
      known &&
      gridIsCurrent(known.grid, { settingsVersion: version, timeZone: station.timeZone, now })
    ) {
      const { calendarVersion, databaseNow } = await repository.calendarVersion(station.id);
      if (calendarVersion === known.calendarVersion && databaseNow < known.holdsUntil) return known;
    }
    const cached = this.grids.get(key);
    const current =
      cached && gridIsCurrent(cached, { settingsVersion: version, timeZone: station.timeZone, now })
        ? cached
        : null;
    const loaded = await repository.loadRange(station.id, range, current?.fingerprint ?? null);
    let grid = current;
    if (!grid || loaded.inputs) {
      if (!loaded.inputs) throw new Error('availability inputs missing for a new grid');
      grid = buildGrid({
        fingerprint: loaded.fingerprint,
        inputs: loaded.inputs,
        station,
        settings,
        settingsVersion: version,
        range,
        now,
      });
      remember(this.grids, key, grid);
    }
    const answer: RangeAnswer = {
      grid,
      calendarVersion: loaded.calendarVersion,
      holdsUntil: loaded.holdsUntil ?? Number.POSITIVE_INFINITY,
      view: { stationId: station.id, timeZone: station.timeZone, days: viewOf(grid, loaded.taken) },
    };
    remember(this.answers, key, answer);
    return answer;
  }

  /** Capacity of one (station, date, slot) from rosters, defaults and overrides. */
  async capacityFor(input: {
    stationId: string;
    date: string;
    slot: SlotTime;
  }): Promise<SlotCapacityContext> {
    const { station, settings } = await this.deps.settings.getForStation(input.stationId);
    const { capacity, reason } = await this.slotCapacity(this.db, { station, settings }, input, {
      withTaken: false,
    });
    return { station, settings, capacity, ...(reason ? { reason } : {}) };
  }

  /**
   * The same figure read through `executor`, typically the transaction that holds the slot's
   * lock: a blackout, cap or time-off approval takes that lock too, so what is read then
   * cannot change under the caller. Takes the station and settings the caller already has,
   * so nothing inside the transaction waits for a second pool connection (which, with every
   * connection held by a transaction queued on the same lock, would never come).
   */
  async capacityUnderLock(
    executor: Executor,
    context: { station: Station; settings: Settings },
    input: { date: string; slot: SlotTime },
  ): Promise<{ capacity: number; reason?: string; taken: number }> {
    return this.slotCapacity(executor, context, input, { withTaken: true });
  }

  /** The capacity rule of core applied to one slot's inputs (no query). */
  capacityFromInputs(
    context: { station: Station; settings: Settings },
    input: { date: string; slot: SlotTime },
    loaded: SlotInputs,
  ): { capacity: number; reason?: string } {
    const { station, settings } = context;
    const weekday = weekdayOf(input.date);
    const { chefIds, timeOff, overrides } = loaded;
    // Only the chefs rostered for this weekday and slot were loaded; the rule stays in core.
    const chefs: ChefAvailability[] = chefIds.map((id) => ({
      id,
      weekly: [{ weekday, slots: [input.slot] }],
      timeOff: timeOff
        .filter((t) => t.chef_id === id)
        .map((t) => ({ from: t.from_date, to: t.to_date })),
    }));
    const matching = overrides.filter((o) => o.slot === null || o.slot === input.slot);
    const caps = matching.map((o) => o.max_capacity).filter((c): c is number => c !== null);
    const cap = computeSlotCapacity({
      date: input.date,
      slot: input.slot,
      now: this.deps.now(),
      timeZone: station.timeZone,
      settings: settings.capacity,
      chefs,
      override: {
        blackout: matching.some((o) => o.is_blackout),
        maxCapacity: caps.length ? Math.min(...caps) : null,
      },
    });
    const reason =
      cap.basis === 'blackout'
        ? (matching.find((o) => o.reason)?.reason ?? cap.reason)
        : cap.reason;
    return { capacity: cap.capacity, ...(reason ? { reason } : {}) };
  }

  private async slotCapacity(
    executor: Executor,
    context: { station: Station; settings: Settings },
    input: { date: string; slot: SlotTime },
    options: { withTaken: boolean },
  ): Promise<{ capacity: number; reason?: string; taken: number }> {
    const loaded = await new AvailabilityRepository(executor).loadSlotInputs({
      stationId: context.station.id,
      date: input.date,
      weekday: weekdayOf(input.date),
      slot: input.slot,
      withTaken: options.withTaken,
    });
    return { ...this.capacityFromInputs(context, input, loaded), taken: loaded.taken };
  }
}
