import {
  addDays,
  computeSlotCapacity,
  eachDate,
  slotTimes,
  utcToZoned,
  weekdayOf,
  type ChefAvailability,
  type Settings,
  type SlotTime,
} from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../errors.ts';
import { AvailabilityRepository } from '../availability/availability.repository.ts';
import { BookingsRepository, type SlotKey } from '../bookings/bookings.repository.ts';
import type { SettingsService, Station } from '../settings/settings.service.ts';
import { ChefsRepository, type ChefRow } from './chefs.repository.ts';
import { cellKey, scheduleConflict, type ScheduleConflicts } from './chefs.mappers.ts';

/**
 * A chef's schedule against slot capacity: the station's today and chef-based window, and
 * the guard every change that takes a chef off slots runs under (weekly grid, deactivation,
 * approved time off).
 */
export class ChefSchedule {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService; now: () => Date },
  ) {}

  async today(stationId: string): Promise<{
    station: Station;
    settings: Settings;
    today: string;
    windowEnd: string;
  }> {
    const { station, settings } = await this.deps.settings.getForStation(stationId);
    const today = utcToZoned({ instant: this.deps.now(), timeZone: station.timeZone }).date;
    return {
      station,
      settings,
      today,
      windowEnd: addDays(today, settings.capacity.chefBasedWithinDays),
    };
  }

  /**
   * Taking a chef off slots must keep SPEC §4's invariant (ADR 0002): the affected slot rows
   * within the chef-based window are locked first (date|slot order), then the chef row; the
   * change is applied and capacity recounted inside the same transaction. Refused, with the
   * events concerned, when the chef is assigned to an event on a removed slot or a slot would
   * end up holding more bookings and holds than chefs.
   */
  async guard(input: {
    chef: ChefRow;
    version: number;
    removed: readonly { weekday: number; slot: string }[];
    removesAllAssignments: boolean;
    apply: (trx: Transaction<DB>) => Promise<void>;
  }): Promise<void> {
    const { chef } = input;
    const { station, settings, today, windowEnd } = await this.today(chef.station_id);
    const removedKeys = new Set(input.removed.map(cellKey));
    const keys: SlotKey[] = [];
    if (removedKeys.size > 0)
      for (const date of eachDate(today, windowEnd))
        for (const slot of slotTimes)
          if (removedKeys.has(`${weekdayOf(date)}|${slot}`))
            keys.push({ stationId: chef.station_id, date, slot });

    await this.db.transaction().execute(async (trx) => {
      const repo = new ChefsRepository(trx);
      await repo.lockSlots(keys);
      const locked = await repo.findForUpdate(chef.id);
      if (!locked) throw new AppError('CHEF_NOT_FOUND');
      // The removed cells were read before the locks; an equal version proves them current.
      if (locked.version !== input.version) throw new AppError('CHEF_VERSION_CONFLICT');
      const before = await this.capacities(trx, { station, settings, keys });
      await input.apply(trx);
      const conflicts: ScheduleConflicts = { assignments: [], slots: [] };
      if (input.removesAllAssignments || removedKeys.size > 0) {
        const upcoming = await repo.listAssignments(chef.id, { from: today, limit: 1000 });
        conflicts.assignments = upcoming
          .filter(
            (a) => input.removesAllAssignments || removedKeys.has(`${weekdayOf(a.date)}|${a.slot}`),
          )
          .map((a) => ({ bookingId: a.id, number: a.number, date: a.date, slot: a.slot }));
      }
      conflicts.slots = await this.shortfalls(trx, { station, settings, keys, before });
      if (conflicts.assignments.length || conflicts.slots.length) throw scheduleConflict(conflicts);
    });
  }

  /** Capacity of each slot, read inside the transaction (so it sees its own changes). */
  async capacities(
    trx: Transaction<DB>,
    input: { station: Station; settings: Settings; keys: readonly SlotKey[] },
  ): Promise<number[]> {
    const availability = new AvailabilityRepository(trx);
    const now = this.deps.now();
    const result: number[] = [];
    for (const key of input.keys) {
      const weekday = weekdayOf(key.date);
      const slot = key.slot as SlotTime;
      const { chefIds, timeOff, overrides } = await availability.loadSlotInputs({
        stationId: key.stationId,
        date: key.date,
        weekday,
        slot,
      });
      const chefs: ChefAvailability[] = chefIds.map((id) => ({
        id,
        weekly: [{ weekday, slots: [slot] }],
        timeOff: timeOff
          .filter((t) => t.chef_id === id)
          .map((t) => ({ from: t.from_date, to: t.to_date })),
      }));
      const matching = overrides.filter((o) => o.slot === null || o.slot === slot);
      const caps = matching.map((o) => o.max_capacity).filter((c): c is number => c !== null);
      result.push(
        computeSlotCapacity({
          date: key.date,
          slot,
          now,
          timeZone: input.station.timeZone,
          settings: input.settings.capacity,
          chefs,
          override: {
            blackout: matching.some((o) => o.is_blackout),
            maxCapacity: caps.length ? Math.min(...caps) : null,
          },
        }).capacity,
      );
    }
    return result;
  }

  /** Slots whose capacity this change lowered below what already occupies them. */
  async shortfalls(
    trx: Transaction<DB>,
    input: { station: Station; settings: Settings; keys: readonly SlotKey[]; before: number[] },
  ): Promise<ScheduleConflicts['slots']> {
    const after = await this.capacities(trx, input);
    const bookings = new BookingsRepository(trx);
    const repo = new ChefsRepository(trx);
    const result: ScheduleConflicts['slots'] = [];
    for (const [i, key] of input.keys.entries()) {
      const capacity = after[i] ?? 0;
      if (capacity >= (input.before[i] ?? 0)) continue;
      const taken = await bookings.countTaken(key);
      if (taken > capacity)
        result.push({
          date: key.date,
          slot: key.slot,
          capacity,
          taken,
          bookings: await repo.bookingNumbersInSlot(key),
        });
    }
    return result;
  }
}
