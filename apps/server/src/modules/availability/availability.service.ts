import {
  checkNotice,
  computeSlotCapacity,
  daysBetween,
  eachDate,
  slotAvailability,
  type ChefAvailability,
  type Settings,
  type SlotCapacityOverride,
  type SlotTime,
  weekdayOf,
} from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { Executor } from '../../lib/db.ts';
import { AppError } from '../../errors.ts';
import type { SettingsService, Station } from '../settings/settings.service.ts';
import { AvailabilityRepository } from './availability.repository.ts';

export const MAX_RANGE_DAYS = 92;

export interface SlotView {
  slot: SlotTime;
  label: string;
  capacity: number;
  taken: number;
  remaining: number;
  bookable: boolean;
  reason?: string;
}

export interface DayView {
  date: string;
  slots: SlotView[];
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

  private async loadCapacityInputs(stationId: string, range: { from: string; to: string }) {
    const repo = new AvailabilityRepository(this.db);
    const [{ chefs, weekly, timeOff }, overrides] = await Promise.all([
      repo.listChefAvailability(stationId, range),
      repo.listOverrides(stationId, range),
    ]);
    const chefAvailability: ChefAvailability[] = chefs.map((chef) => {
      const byDay = new Map<number, SlotTime[]>();
      for (const row of weekly.filter((w) => w.chef_id === chef.id))
        byDay.set(row.weekday, [...(byDay.get(row.weekday) ?? []), row.slot as SlotTime]);
      return {
        id: chef.id,
        weekly: [...byDay].map(([weekday, slots]) => ({ weekday, slots })),
        timeOff: timeOff
          .filter((t) => t.chef_id === chef.id)
          .map((t) => ({ from: t.from_date, to: t.to_date })),
      };
    });
    const overrideFor = (date: string, slot: SlotTime): SlotCapacityOverride => {
      const matches = overrides.filter(
        (o) => o.date === date && (o.slot === null || o.slot === slot),
      );
      const caps = matches.map((o) => o.max_capacity).filter((c): c is number => c !== null);
      return {
        blackout: matches.some((o) => o.is_blackout),
        maxCapacity: caps.length ? Math.min(...caps) : null,
      };
    };
    const reasonFor = (date: string, slot: SlotTime): string | undefined =>
      overrides.find((o) => o.date === date && (o.slot === null || o.slot === slot) && o.reason)
        ?.reason ?? undefined;
    return { chefAvailability, overrideFor, reasonFor };
  }

  async getRange(query: {
    from: string;
    to: string;
    stationId?: string;
  }): Promise<{ stationId: string; timeZone: string; days: DayView[] }> {
    if (query.to < query.from) throw new AppError('INVALID_DATE_RANGE');
    const span = daysBetween(query.from, query.to) + 1;
    if (span > MAX_RANGE_DAYS)
      throw new AppError(
        'DATE_RANGE_TOO_LONG',
        `Ask for at most ${MAX_RANGE_DAYS} days at a time.`,
        { maxDays: MAX_RANGE_DAYS },
      );
    const { station, settings } = await this.deps.settings.getForStation(query.stationId);
    const range = { from: query.from, to: query.to };
    const [{ chefAvailability, overrideFor, reasonFor }, takenRows] = await Promise.all([
      this.loadCapacityInputs(station.id, range),
      new AvailabilityRepository(this.db).countTakenByDay(station.id, range),
    ]);
    const taken = new Map(takenRows.map((r) => [`${r.date}|${r.slot}`, r.taken]));
    const now = this.deps.now();
    const days = eachDate(query.from, query.to).map((date) => ({
      date,
      slots: settings.slots.map((slotSetting): SlotView => {
        const slot = slotSetting.time;
        const cap = computeSlotCapacity({
          date,
          slot,
          now,
          timeZone: station.timeZone,
          settings: settings.capacity,
          chefs: chefAvailability,
          override: overrideFor(date, slot),
        });
        const takenCount = taken.get(`${date}|${slot}`) ?? 0;
        const { remaining } = slotAvailability({ capacity: cap.capacity, taken: takenCount });
        const notice = checkNotice({
          date,
          time: slot,
          timeZone: station.timeZone,
          now,
          notice: settings.notice,
        });
        let reason: string | undefined;
        if (!notice.ok) reason = notice.message;
        else if (cap.basis === 'blackout') reason = reasonFor(date, slot) ?? cap.reason;
        else if (cap.capacity === 0) reason = 'No chef is available for this slot.';
        else if (remaining === 0) reason = 'Fully booked.';
        const view: SlotView = {
          slot,
          label: slotSetting.label,
          capacity: cap.capacity,
          taken: takenCount,
          remaining,
          bookable: notice.ok && remaining > 0,
        };
        if (reason) view.reason = reason;
        return view;
      }),
    }));
    return { stationId: station.id, timeZone: station.timeZone, days };
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

  private async slotCapacity(
    executor: Executor,
    context: { station: Station; settings: Settings },
    input: { date: string; slot: SlotTime },
    options: { withTaken: boolean },
  ): Promise<{ capacity: number; reason?: string; taken: number }> {
    const { station, settings } = context;
    const weekday = weekdayOf(input.date);
    const { chefIds, timeOff, overrides, taken } = await new AvailabilityRepository(
      executor,
    ).loadSlotInputs({
      stationId: station.id,
      date: input.date,
      weekday,
      slot: input.slot,
      withTaken: options.withTaken,
    });
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
    return { capacity: cap.capacity, ...(reason ? { reason } : {}), taken };
  }
}
