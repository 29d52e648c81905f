import {
  computeSlotCapacity,
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
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { AvailabilityRepository } from '../availability/availability.repository.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import { SettingsAdminRepository } from './settings-admin.repository.ts';
import {
  actorOf,
  toOverrideView,
  visibleStation,
  type Actor,
  type SettingsAdminDeps,
  type OverbookedSlot,
  type OverrideView,
  type RequestMeta,
  type StationRow,
} from './settings-admin.shared.ts';

/** Blackout dates and per-date caps that lower capacity (SPEC §4). */
export class SettingsOverridesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: SettingsAdminDeps,
  ) {}

  async listOverrides(
    staff: Actor,
    stationId: string,
    query: { from?: string | undefined; cursor?: string | undefined; limit: number },
  ) {
    const station = await visibleStation(this.db, staff, stationId);
    const today = utcToZoned({ instant: this.deps.now(), timeZone: station.time_zone }).date;
    const cursor = query.cursor ? decodePageCursor(query.cursor, 'day') : undefined;
    const after = cursor ? { date: cursor.value, id: cursor.id } : undefined;
    const rows = await new SettingsAdminRepository(this.db).listOverrides(stationId, {
      from: query.from ?? today,
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      today,
      items: page.map(toOverrideView),
      nextCursor: rows.length > query.limit && last ? encodePageCursor(last.date, last.id) : null,
    };
  }

  /** Capacity of one slot as the availability rules compute it, read inside `trx`. */
  private async slotCapacity(
    trx: Transaction<DB>,
    input: { station: StationRow; settings: Settings; date: string; slot: SlotTime },
  ): Promise<number> {
    const weekday = weekdayOf(input.date);
    const { chefIds, timeOff, overrides } = await new AvailabilityRepository(trx).loadSlotInputs({
      stationId: input.station.id,
      date: input.date,
      weekday,
      slot: input.slot,
    });
    const chefs: ChefAvailability[] = chefIds.map((chefId) => ({
      id: chefId,
      weekly: [{ weekday, slots: [input.slot] }],
      timeOff: timeOff
        .filter((t) => t.chef_id === chefId)
        .map((t) => ({ from: t.from_date, to: t.to_date })),
    }));
    const matching = overrides.filter((o) => o.slot === null || o.slot === input.slot);
    const caps = matching.map((o) => o.max_capacity).filter((c): c is number => c !== null);
    return computeSlotCapacity({
      date: input.date,
      slot: input.slot,
      now: this.deps.now(),
      timeZone: input.station.time_zone,
      settings: input.settings.capacity,
      chefs,
      override: {
        blackout: matching.some((o) => o.is_blackout),
        maxCapacity: caps.length ? Math.min(...caps) : null,
      },
    }).capacity;
  }

  /**
   * Creates or replaces the blackout or cap of (station, date, slot|whole day). It takes the
   * slot locks the hold path takes (decision 0002), in the same order, so no hold can land
   * between the occupancy count and the write. When it would leave a slot with more
   * bookings and holds than places it answers 409 with them, unless `acknowledgeOverbooked`
   * says staff will handle those events; then the audit entry lists them.
   */
  async putOverride(
    staff: Actor,
    stationId: string,
    input: {
      date: string;
      slot: SlotTime | null;
      kind: 'blackout' | 'cap';
      maxCapacity?: number | null | undefined;
      reason?: string | null | undefined;
      acknowledgeOverbooked?: boolean | undefined;
    },
    meta: RequestMeta = {},
  ): Promise<{ override: OverrideView; overbooked: OverbookedSlot[] }> {
    const station = await visibleStation(this.db, staff, stationId);
    const today = utcToZoned({ instant: this.deps.now(), timeZone: station.time_zone }).date;
    if (input.date < today) throw new AppError('DATE_OVERRIDE_IN_PAST');
    if (input.kind === 'cap' && (input.maxCapacity === undefined || input.maxCapacity === null))
      throw new AppError('VALIDATION_FAILED', 'A cap needs a maximum number of events.', {
        issues: [{ path: 'body.maxCapacity', message: 'Enter the maximum number of events.' }],
      });
    const { settings } = await this.deps.settings.getForStation(stationId);
    const isBlackout = input.kind === 'blackout';
    const maxCapacity = isBlackout ? null : (input.maxCapacity ?? null);
    const reason = input.reason?.trim() || null;
    // Whole day: every slot time, sorted, which is the order the hold path locks two slots in.
    const slots: SlotTime[] = input.slot ? [input.slot] : [...slotTimes].sort();
    const actor = actorOf(staff);
    const result = await this.db.transaction().execute(async (trx) => {
      const bookings = new BookingsRepository(trx);
      for (const slot of slots) await bookings.lockSlot({ stationId, date: input.date, slot });
      const capacityBefore = new Map<SlotTime, number>();
      for (const slot of slots)
        capacityBefore.set(
          slot,
          await this.slotCapacity(trx, { station, settings, date: input.date, slot }),
        );
      const repo = new SettingsAdminRepository(trx);
      const existing = await repo.findOverrideByKey({
        stationId,
        date: input.date,
        slot: input.slot,
      });
      const row = existing
        ? await repo.updateOverride(existing.id, { isBlackout, maxCapacity, reason })
        : await repo.insertOverride({
            stationId,
            date: input.date,
            slot: input.slot,
            isBlackout,
            maxCapacity,
            reason,
          });
      const overbooked: OverbookedSlot[] = [];
      for (const slot of slots) {
        const before = capacityBefore.get(slot) ?? 0;
        const after = await this.slotCapacity(trx, { station, settings, date: input.date, slot });
        // Only a change that lowers capacity below what is there breaks the invariant; a
        // slot already over (a chef fell ill) is not this write's doing.
        if (after >= before) continue;
        const key = { stationId, date: input.date, slot };
        const taken = await bookings.countTaken(key);
        if (taken <= after) continue;
        const occupants = await repo.listOccupants(key);
        overbooked.push({
          slot,
          capacityBefore: before,
          capacityAfter: after,
          taken,
          bookings: occupants.bookings.map((b) => ({
            id: b.id,
            number: b.number,
            status: b.status,
            customerName: b.customer_name,
          })),
          activeHolds: occupants.holds.length,
        });
      }
      if (overbooked.length > 0 && input.acknowledgeOverbooked !== true)
        throw new AppError('DATE_OVERRIDE_OVERBOOKED', undefined, { slots: overbooked });
      const view = toOverrideView(row);
      await new AuditRepository(trx).record({
        actor,
        action: existing ? 'date_override.update' : 'date_override.create',
        entity: 'date_override',
        entityId: row.id,
        stationId,
        before: existing ? toOverrideView(existing) : null,
        after: {
          ...view,
          ...(overbooked.length > 0 ? { acknowledgedOverbooked: overbooked } : {}),
        },
        ip: meta.ip ?? null,
        requestId: meta.requestId ?? null,
      });
      return { override: view, overbooked };
    });
    return result;
  }

  /** Removing a blackout or cap only raises capacity, so it needs no slot lock. */
  async deleteOverride(
    staff: Actor,
    stationId: string,
    overrideId: string,
    meta: RequestMeta = {},
  ): Promise<OverrideView> {
    await visibleStation(this.db, staff, stationId);
    const actor = actorOf(staff);
    return this.db.transaction().execute(async (trx) => {
      const repo = new SettingsAdminRepository(trx);
      const existing = await repo.findOverride(overrideId);
      if (!existing || existing.station_id !== stationId)
        throw new AppError('DATE_OVERRIDE_NOT_FOUND');
      const row = await repo.deleteOverride(overrideId);
      if (!row) throw new AppError('DATE_OVERRIDE_NOT_FOUND');
      const view = toOverrideView(row);
      await new AuditRepository(trx).record({
        actor,
        action: 'date_override.delete',
        entity: 'date_override',
        entityId: row.id,
        stationId,
        before: view,
        after: null,
        ip: meta.ip ?? null,
        requestId: meta.requestId ?? null,
      });
      return view;
    });
  }
}
