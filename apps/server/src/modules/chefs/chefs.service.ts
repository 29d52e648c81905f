import {
  addDays,
  computeSlotCapacity,
  eachDate,
  rankChefs,
  slotTimes,
  utcToZoned,
  weekdayOf,
  type ChefAvailability,
  type ChefCandidate,
  type ChefRanking,
  type Settings,
  type SlotTime,
} from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { AvailabilityRepository } from '../availability/availability.repository.ts';
import { BookingsRepository, type SlotKey } from '../bookings/bookings.repository.ts';
import { lookupZip } from '../distance/zip-geocoder.ts';
import type { SettingsService, Station } from '../settings/settings.service.ts';
import { can, canSeeStation, isOwnEventsOnly } from '../staff/permissions.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import {
  ChefsRepository,
  type AssignmentRow,
  type ChefListRow,
  type ChefPatch,
  type ChefRow,
  type TimeOffRow,
} from './chefs.repository.ts';

export interface WeeklyCell {
  weekday: number;
  slot: SlotTime;
}

export interface ChefView {
  id: string;
  stationId: string;
  name: string;
  email: string | null;
  phone: string | null;
  rating: number;
  isActive: boolean;
  homeZip: string | null;
  hasHomeLocation: boolean;
  maxGuests: number;
  staffId: string | null;
  version: number;
  updatedAt: string;
}

export interface TimeOffView {
  id: string;
  chefId: string;
  chefName?: string;
  fromDate: string;
  toDate: string;
  status: string;
  reason: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

/** An event on a chef's schedule. No money: chefs never see pay (SPEC §14). */
export interface AssignmentView {
  bookingId: string;
  number: string;
  status: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  eventStartsAt: string;
  guests: number;
  venue: { zip: string; address: string | null };
  customerName: string;
}

/** Why a schedule change was refused: the events that would lose their chef. */
export interface ScheduleConflicts {
  assignments: { bookingId: string; number: string; date: string; slot: string }[];
  slots: { date: string; slot: string; capacity: number; taken: number; bookings: string[] }[];
}

export interface ChefInput {
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  rating?: number | undefined;
  isActive?: boolean | undefined;
  homeZip?: string | null | undefined;
  maxGuests?: number | undefined;
  staffId?: string | null | undefined;
}

const CLOSED_FOR_ASSIGNMENT = new Set(['cancelled', 'completed', 'no_show']);
const DETAIL_LIMIT = 100;

function toChefView(row: ChefRow): ChefView {
  return {
    id: row.id,
    stationId: row.station_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    rating: Number(row.rating),
    isActive: row.is_active,
    homeZip: row.home_zip,
    hasHomeLocation: row.home_lat !== null && row.home_lng !== null,
    maxGuests: row.max_guests,
    staffId: row.staff_id,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

function toTimeOffView(row: TimeOffRow & { chef_name?: string }): TimeOffView {
  return {
    id: row.id,
    chefId: row.chef_id,
    ...(row.chef_name !== undefined ? { chefName: row.chef_name } : {}),
    fromDate: row.from_date,
    toDate: row.to_date,
    status: row.status,
    reason: row.reason,
    requestedBy: row.requested_by,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
    createdAt: row.created_at.toISOString(),
  };
}

function toAssignmentView(row: AssignmentRow): AssignmentView {
  return {
    bookingId: row.id,
    number: row.number,
    status: row.status,
    date: row.date,
    slot: row.slot,
    requestedTime: row.requested_time,
    eventStartsAt: row.event_starts_at.toISOString(),
    guests: row.adults + row.children + row.toddlers,
    venue: { zip: row.venue_zip, address: row.venue_address },
    customerName: row.customer_name,
  };
}

const nameOf = (cursor: { value: string; id: string }) => ({ name: cursor.value, id: cursor.id });

const cellKey = (cell: { weekday: number; slot: string }) => `${cell.weekday}|${cell.slot}`;
const isSlotTime = (value: string): value is SlotTime =>
  (slotTimes as readonly string[]).includes(value);

export class ChefsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService; now: () => Date },
  ) {}

  // Visibility -----------------------------------------------------------------------------

  /** Outside your stations, or another chef's record for a chef, it does not exist. */
  private isVisible(staff: StaffPrincipal, chef: { station_id: string; staff_id: string | null }) {
    if (!canSeeStation(staff, chef.station_id)) return false;
    return staff.role !== 'chef' || chef.staff_id === staff.id;
  }

  private async getVisibleChef(staff: StaffPrincipal, id: string): Promise<ChefRow> {
    const chef = await new ChefsRepository(this.db).findById(id);
    if (!chef || !this.isVisible(staff, chef)) throw new AppError('CHEF_NOT_FOUND');
    return chef;
  }

  private async today(stationId: string): Promise<{
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

  // Reads --------------------------------------------------------------------------------

  async list(
    staff: StaffPrincipal,
    query: {
      stationId?: string | undefined;
      includeInactive?: boolean | undefined;
      cursor?: string | undefined;
      limit: number;
    },
  ) {
    const today = utcToZoned({ instant: this.deps.now(), timeZone: 'UTC' }).date;
    const rows = await new ChefsRepository(this.db).list({
      stationIds: stationScopeOf(staff, query.stationId),
      // A chef sees only the chef record linked to their own account.
      staffId: staff.role === 'chef' ? staff.id : undefined,
      includeInactive: query.includeInactive ?? false,
      after: query.cursor ? nameOf(decodePageCursor(query.cursor, 'text')) : undefined,
      // A day early covers every station's time zone; the list only counts.
      today: addDays(today, -1),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row: ChefListRow) => ({
        ...toChefView(row),
        upcomingAssignments: row.upcoming_assignments ?? 0,
        pendingTimeOff: row.pending_time_off ?? 0,
      })),
      nextCursor: rows.length > query.limit && last ? encodePageCursor(last.name, last.id) : null,
    };
  }

  async detail(staff: StaffPrincipal, id: string) {
    const chef = await this.getVisibleChef(staff, id);
    const { today } = await this.today(chef.station_id);
    const repo = new ChefsRepository(this.db);
    const [weekly, timeOff, assignments] = await Promise.all([
      repo.listWeekly(id),
      repo.listTimeOff(id, { toOnOrAfter: addDays(today, -90), limit: DETAIL_LIMIT }),
      repo.listAssignments(id, { from: today, limit: DETAIL_LIMIT }),
    ]);
    return {
      chef: toChefView(chef),
      weekly: weekly.map((w) => ({ weekday: w.weekday, slot: w.slot })),
      timeOff: timeOff.map((t) => toTimeOffView(t)),
      assignments: assignments.map(toAssignmentView),
    };
  }

  async listTimeOff(
    staff: StaffPrincipal,
    query: {
      status: 'requested' | 'approved' | 'rejected';
      stationId?: string | undefined;
      limit: number;
    },
  ) {
    const repo = new ChefsRepository(this.db);
    let chefId: string | undefined;
    if (staff.role === 'chef') {
      const own = await repo.findByStaffId(staff.id);
      if (!own) return { items: [] };
      chefId = own.id;
    }
    const rows = await repo.listTimeOffRequests({
      stationIds: stationScopeOf(staff, query.stationId),
      chefId,
      status: query.status,
      limit: query.limit,
    });
    return { items: rows.map((row) => ({ ...toTimeOffView(row), stationId: row.station_id })) };
  }

  // Chef records -------------------------------------------------------------------------

  private async resolveChefInput(input: Partial<ChefInput>, stationId: string): Promise<ChefPatch> {
    const patch: ChefPatch = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.email !== undefined) patch.email = input.email || null;
    if (input.phone !== undefined) patch.phone = input.phone || null;
    if (input.rating !== undefined) patch.rating = input.rating;
    if (input.isActive !== undefined) patch.isActive = input.isActive;
    if (input.maxGuests !== undefined) patch.maxGuests = input.maxGuests;
    if (input.homeZip !== undefined) {
      if (input.homeZip === null || input.homeZip === '') {
        patch.homeZip = null;
        patch.homeLat = null;
        patch.homeLng = null;
      } else {
        // Offline ZIP centroids: where the chef starts from, for the travel score only.
        const place = lookupZip(input.homeZip);
        if (!place)
          throw new AppError('ZIP_NOT_FOUND', `We could not find ZIP code ${input.homeZip}.`);
        patch.homeZip = input.homeZip.trim().slice(0, 5);
        patch.homeLat = place.lat;
        patch.homeLng = place.lng;
      }
    }
    if (input.staffId !== undefined) {
      if (input.staffId !== null) {
        const member = await new ChefsRepository(this.db).findStaffMember(input.staffId);
        if (!member || member.role !== 'chef' || !(member.station_ids ?? []).includes(stationId))
          throw new AppError(
            'VALIDATION_FAILED',
            'Link a staff account with the chef role that belongs to this station.',
          );
      }
      patch.staffId = input.staffId;
    }
    return patch;
  }

  async create(
    staff: StaffPrincipal,
    body: ChefInput & { stationId: string; weekly?: WeeklyCell[] | undefined },
    ctx: StaffRequestContext,
  ) {
    if (!canSeeStation(staff, body.stationId))
      throw new AppError('FORBIDDEN', 'You do not have access to this station.');
    await this.deps.settings.getForStation(body.stationId);
    const patch = await this.resolveChefInput(body, body.stationId);
    const weekly = dedupeCells(body.weekly ?? []);
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        const repo = new ChefsRepository(trx);
        const row = await repo.insert({
          stationId: body.stationId,
          name: body.name,
          email: patch.email ?? null,
          phone: patch.phone ?? null,
          rating: patch.rating ?? 5,
          isActive: patch.isActive ?? true,
          homeZip: patch.homeZip ?? null,
          homeLat: patch.homeLat ?? null,
          homeLng: patch.homeLng ?? null,
          maxGuests: patch.maxGuests ?? 30,
          staffId: patch.staffId ?? null,
        });
        // A new chef only adds capacity: no slot needs locking.
        await repo.replaceWeekly(row.id, weekly);
        await new AuditRepository(trx).record({
          actor: `staff:${staff.id}`,
          action: 'chef.create',
          entity: 'chef',
          entityId: row.id,
          stationId: body.stationId,
          after: { stationId: body.stationId, ...patch, name: body.name, weekly },
          ip: ctx.ip,
          requestId: ctx.requestId,
        });
        return row.id;
      })
      .catch((error: unknown) => {
        throw this.linkError(error);
      });
    return this.detail(staff, id);
  }

  private linkError(error: unknown): unknown {
    return isUniqueViolation(error)
      ? new AppError('VALIDATION_FAILED', 'That staff account is already linked to another chef.')
      : error;
  }

  private async versionConflict(id: string): Promise<AppError> {
    const current = await new ChefsRepository(this.db).findById(id);
    return new AppError('CHEF_VERSION_CONFLICT', undefined, {
      current: current ? toChefView(current) : null,
    });
  }

  async update(
    staff: StaffPrincipal,
    id: string,
    body: Partial<ChefInput> & { version: number },
    ctx: StaffRequestContext,
  ) {
    const before = await this.getVisibleChef(staff, id);
    if (before.version !== body.version) throw await this.versionConflict(id);
    const { version, ...input } = body;
    const patch = await this.resolveChefInput(input, before.station_id);
    const isDeactivating = before.is_active && patch.isActive === false;
    const weekly = isDeactivating ? await new ChefsRepository(this.db).listWeekly(id) : [];
    await this.withScheduleGuard({
      chef: before,
      version,
      // Deactivating takes the chef off every slot and every upcoming event.
      removed: isDeactivating ? weekly.map((w) => ({ weekday: w.weekday, slot: w.slot })) : [],
      removesAllAssignments: isDeactivating,
      apply: async (trx) => {
        const row = await new ChefsRepository(trx).update(id, version, patch);
        if (!row) throw new AppError('CHEF_VERSION_CONFLICT');
        await new AuditRepository(trx).record({
          actor: `staff:${staff.id}`,
          action: 'chef.update',
          entity: 'chef',
          entityId: id,
          stationId: before.station_id,
          before: toChefView(before),
          after: patch,
          ip: ctx.ip,
          requestId: ctx.requestId,
        });
      },
    }).catch(async (error: unknown) => {
      if (error instanceof AppError && error.code === 'CHEF_VERSION_CONFLICT')
        throw await this.versionConflict(id);
      throw this.linkError(error);
    });
    return this.detail(staff, id);
  }

  async replaceAvailability(
    staff: StaffPrincipal,
    id: string,
    body: { weekly: WeeklyCell[]; version: number },
    ctx: StaffRequestContext,
  ) {
    const before = await this.getVisibleChef(staff, id);
    if (before.version !== body.version) throw await this.versionConflict(id);
    const current = await new ChefsRepository(this.db).listWeekly(id);
    const next = dedupeCells(body.weekly);
    const nextKeys = new Set(next.map(cellKey));
    const removed = current.filter((cell) => !nextKeys.has(cellKey(cell)));
    await this.withScheduleGuard({
      chef: before,
      version: body.version,
      removed,
      removesAllAssignments: false,
      apply: async (trx) => {
        const repo = new ChefsRepository(trx);
        await repo.replaceWeekly(id, next);
        // The weekly grid is part of the chef's record: it moves the version on.
        const row = await repo.update(id, body.version, {});
        if (!row) throw new AppError('CHEF_VERSION_CONFLICT');
        await new AuditRepository(trx).record({
          actor: `staff:${staff.id}`,
          action: 'chef.availability.replace',
          entity: 'chef',
          entityId: id,
          stationId: before.station_id,
          before: { weekly: current.map((c) => ({ weekday: c.weekday, slot: c.slot })) },
          after: { weekly: next },
          ip: ctx.ip,
          requestId: ctx.requestId,
        });
      },
    }).catch(async (error: unknown) => {
      if (error instanceof AppError && error.code === 'CHEF_VERSION_CONFLICT')
        throw await this.versionConflict(id);
      throw error;
    });
    return this.detail(staff, id);
  }

  /**
   * Taking a chef off slots must keep SPEC §4's invariant (ADR 0002): the affected slot rows
   * within the chef-based window are locked first (date|slot order), then the chef row; the
   * change is applied and capacity recounted inside the same transaction. Refused, with the
   * events concerned, when the chef is assigned to an event on a removed slot or a slot would
   * end up holding more bookings and holds than chefs.
   */
  private async withScheduleGuard(input: {
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
  private async capacities(
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
  private async shortfalls(
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

  // Time off -----------------------------------------------------------------------------

  async requestTimeOff(
    staff: StaffPrincipal,
    chefId: string,
    body: { fromDate: string; toDate: string; reason?: string | undefined },
    ctx: StaffRequestContext,
  ): Promise<TimeOffView> {
    const chef = await this.getVisibleChef(staff, chefId);
    if (body.toDate < body.fromDate) throw new AppError('INVALID_DATE_RANGE');
    const { today } = await this.today(chef.station_id);
    if (body.fromDate < today) throw new AppError('TIME_OFF_IN_PAST');
    if (body.toDate > addDays(body.fromDate, 365))
      throw new AppError('DATE_RANGE_TOO_LONG', 'Ask for at most a year of time off at once.');
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await new ChefsRepository(trx).insertTimeOff({
        chefId,
        fromDate: body.fromDate,
        toDate: body.toDate,
        reason: body.reason?.trim() || null,
        requestedBy: `staff:${staff.id}`,
      });
      await new AuditRepository(trx).record({
        actor: `staff:${staff.id}`,
        action: 'timeOff.request',
        entity: 'chef_time_off',
        entityId: created.id,
        stationId: chef.station_id,
        after: { chefId, fromDate: body.fromDate, toDate: body.toDate, reason: created.reason },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      return created;
    });
    return toTimeOffView({ ...row, chef_name: chef.name });
  }

  async decideTimeOff(
    staff: StaffPrincipal,
    id: string,
    body: { approve: boolean; note?: string | undefined },
    ctx: StaffRequestContext,
  ): Promise<TimeOffView> {
    const repo = new ChefsRepository(this.db);
    const request = await repo.findTimeOff(id);
    if (!request || !this.isVisible(staff, request)) throw new AppError('TIME_OFF_NOT_FOUND');
    if (request.status !== 'requested')
      throw new AppError('TIME_OFF_ALREADY_DECIDED', undefined, {
        current: toTimeOffView(request),
      });
    const actor = `staff:${staff.id}`;
    const note = body.note?.trim() || null;
    const decide = async (trx: Transaction<DB>) => {
      const txRepo = new ChefsRepository(trx);
      const row = await txRepo.findTimeOffForUpdate(id);
      if (!row) throw new AppError('TIME_OFF_NOT_FOUND');
      if (row.status !== 'requested')
        throw new AppError('TIME_OFF_ALREADY_DECIDED', undefined, { current: toTimeOffView(row) });
      const decided = await txRepo.decideTimeOff({
        id,
        status: body.approve ? 'approved' : 'rejected',
        decidedBy: actor,
        note,
      });
      await new AuditRepository(trx).record({
        actor,
        action: body.approve ? 'timeOff.approve' : 'timeOff.reject',
        entity: 'chef_time_off',
        entityId: id,
        stationId: request.station_id,
        before: { status: row.status },
        after: { status: decided.status, note },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      return decided;
    };

    if (!body.approve) {
      const row = await this.db.transaction().execute(decide);
      return toTimeOffView({ ...row, chef_name: request.chef_name });
    }

    // Approving lowers capacity on the chef's slots in the range: lock every slot row of the
    // range's dates within the chef-based window first (ADR 0002 order), then the chef, then
    // the request; recount after the change and refuse if it leaves an event short.
    const { station, settings, today, windowEnd } = await this.today(request.station_id);
    const from = request.from_date > today ? request.from_date : today;
    const lockTo = request.to_date < windowEnd ? request.to_date : windowEnd;
    const lockKeys: SlotKey[] =
      from <= lockTo
        ? eachDate(from, lockTo).flatMap((date) =>
            slotTimes.map((slot) => ({ stationId: request.station_id, date, slot })),
          )
        : [];
    const row = await this.db.transaction().execute(async (trx) => {
      const txRepo = new ChefsRepository(trx);
      await txRepo.lockSlots(lockKeys);
      if (!(await txRepo.findForUpdate(request.chef_id))) throw new AppError('CHEF_NOT_FOUND');
      const weekly = new Set((await txRepo.listWeekly(request.chef_id)).map(cellKey));
      const keys = lockKeys.filter((k) => weekly.has(`${weekdayOf(k.date)}|${k.slot}`));
      const before = await this.capacities(trx, { station, settings, keys });
      const decided = await decide(trx);
      const conflicts: ScheduleConflicts = { assignments: [], slots: [] };
      if (from <= request.to_date)
        conflicts.assignments = (
          await txRepo.listAssignments(request.chef_id, {
            from,
            to: request.to_date,
            limit: 1000,
          })
        ).map((a) => ({ bookingId: a.id, number: a.number, date: a.date, slot: a.slot }));
      conflicts.slots = await this.shortfalls(trx, { station, settings, keys, before });
      if (conflicts.assignments.length || conflicts.slots.length) throw scheduleConflict(conflicts);
      return decided;
    });
    return toTimeOffView({ ...row, chef_name: request.chef_name });
  }

  // Booking assignments ------------------------------------------------------------------

  private async rankingFor(
    executor: Kysely<DB> | Transaction<DB>,
    booking: {
      id: string;
      station_id: string;
      customer_id: string;
      date: string;
      slot: string;
      adults: number;
      children: number;
      toddlers: number;
      venue_lat: number;
      venue_lng: number;
      requested_chef_id: string | null;
    },
    options: {
      chefIds?: readonly string[];
      /**
       * Pass these when `executor` is a transaction holding slot locks: fetching them there
       * would wait for a second pool connection while holding the lock.
       */
      context?: { station: Station; settings: Settings };
    } = {},
  ): Promise<{ ranking: ChefRanking; foundIds: string[] }> {
    const { station, settings } =
      options.context ?? (await this.deps.settings.getForStation(booking.station_id));
    // The column's CHECK constraint allows only the four slots; anything else is a bug.
    if (!isSlotTime(booking.slot))
      throw new AppError('INTERNAL', `Booking ${booking.id} has an unknown slot.`);
    const slot = booking.slot;
    const rows = await new ChefsRepository(executor).listRankingInputs({
      stationId: booking.station_id,
      bookingId: booking.id,
      customerId: booking.customer_id,
      date: booking.date,
      weekday: weekdayOf(booking.date),
      slot: booking.slot,
      chefIds: options.chefIds,
    });
    const chefs: ChefCandidate[] = rows.map((r) => {
      const hasHome = r.home_lat !== null && r.home_lng !== null;
      return {
        id: r.id,
        name: r.name,
        isActive: r.is_active,
        rating: Number(r.rating),
        maxGuests: r.max_guests,
        origin: hasHome
          ? { lat: r.home_lat ?? station.lat, lng: r.home_lng ?? station.lng }
          : { lat: station.lat, lng: station.lng },
        originSource: hasHome ? 'home' : 'station',
        isScheduled: Boolean(r.is_scheduled),
        isOnTimeOff: Boolean(r.is_on_time_off),
        conflictingBookings: r.conflicting_bookings ?? [],
        pastBookingsWithCustomer: r.past_with_customer ?? 0,
        isAssigned: Boolean(r.is_assigned),
      };
    });
    const ranking = rankChefs({
      booking: {
        date: booking.date,
        slot,
        guests: booking.adults + booking.children + booking.toddlers,
        venue: { lat: booking.venue_lat, lng: booking.venue_lng },
        requestedChefId: booking.requested_chef_id,
      },
      chefs,
      weights: settings.chefAssignment,
      circuityFactor: settings.travel.circuityFactor,
    });
    return { ranking, foundIds: rows.map((r) => r.id) };
  }

  /** Outside your stations, or for a chef an event not assigned to them, it does not exist. */
  private async getVisibleBooking(staff: StaffPrincipal, id: string) {
    const repo = new BookingsRepository(this.db);
    const booking = await repo.findBooking(id);
    if (!booking || !canSeeStation(staff, booking.station_id))
      throw new AppError('BOOKING_NOT_FOUND');
    if (isOwnEventsOnly(staff.role) && !(await repo.isAssignedToStaff(id, staff.id)))
      throw new AppError('BOOKING_NOT_FOUND');
    return booking;
  }

  async bookingChefs(staff: StaffPrincipal, bookingId: string) {
    const booking = await this.getVisibleBooking(staff, bookingId);
    const assigned = await new ChefsRepository(this.db).listAssigned(bookingId);
    // Chefs see who cooks the event, not how their colleagues rank.
    const ranking =
      staff.role === 'chef' ? null : (await this.rankingFor(this.db, booking)).ranking;
    return {
      bookingId: booking.id,
      number: booking.number,
      status: booking.status,
      date: booking.date,
      slot: booking.slot,
      guests: booking.adults + booking.children + booking.toddlers,
      requestedChefId: booking.requested_chef_id,
      isOpenForAssignment: !CLOSED_FOR_ASSIGNMENT.has(booking.status),
      canAssign: can(staff.role, 'bookings.assign'),
      assigned: assigned.map((a) => ({
        chefId: a.chef_id,
        name: a.name,
        phone: a.phone,
        rating: Number(a.rating),
        isActive: a.is_active,
        score: a.score === null ? null : Number(a.score),
        assignedBy: a.assigned_by,
        assignedAt: a.assigned_at.toISOString(),
      })),
      ranking,
    };
  }

  /**
   * Sets the chefs of an event. Lock order (ADR 0002): the slot row, the booking, then the
   * chefs being added in id order; their availability and other events at that date and
   * slot are checked under those locks, so two requests cannot both take the same chef.
   */
  async assignChefs(
    staff: StaffPrincipal,
    bookingId: string,
    body: { chefIds: string[] },
    ctx: StaffRequestContext,
  ) {
    const peek = await this.getVisibleBooking(staff, bookingId);
    if (CLOSED_FOR_ASSIGNMENT.has(peek.status)) throw new AppError('CHEF_ASSIGNMENT_CLOSED');
    const wanted = [...new Set(body.chefIds)];
    const actor = `staff:${staff.id}`;
    const context = await this.deps.settings.getForStation(peek.station_id);
    await this.db.transaction().execute(async (trx) => {
      const bookings = new BookingsRepository(trx);
      const repo = new ChefsRepository(trx);
      await bookings.lockSlot({ stationId: peek.station_id, date: peek.date, slot: peek.slot });
      const booking = await bookings.findBookingForUpdate(bookingId);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      if (booking.date !== peek.date || booking.slot !== peek.slot)
        throw new AppError(
          'BOOKING_VERSION_CONFLICT',
          'The booking was just moved; reload and try again.',
        );
      if (CLOSED_FOR_ASSIGNMENT.has(booking.status)) throw new AppError('CHEF_ASSIGNMENT_CLOSED');
      const current = await repo.listAssigned(bookingId);
      const currentIds = new Set(current.map((a) => a.chef_id));
      const added = wanted.filter((id) => !currentIds.has(id));
      const removed = current.filter((a) => !wanted.includes(a.chef_id));
      await repo.lockMany(added);
      const { ranking, foundIds } = await this.rankingFor(trx, booking, {
        chefIds: added,
        context: { station: context.station, settings: context.settings },
      });
      const missing = added.find((id) => !foundIds.includes(id));
      // A chef of another station does not exist for this booking.
      if (missing) throw new AppError('CHEF_NOT_FOUND', undefined, { chefId: missing });
      for (const refused of ranking.unavailable) {
        const details = {
          chefId: refused.chefId,
          reasons: refused.reasons,
          messages: refused.messages,
        };
        throw new AppError(
          refused.reasons.includes('double_booked') ? 'CHEF_DOUBLE_BOOKED' : 'CHEF_UNAVAILABLE',
          `${refused.name} cannot take this event: ${refused.messages.join(' ')}`,
          details,
        );
      }
      await repo.removeAssignments(
        bookingId,
        removed.map((a) => a.chef_id),
      );
      await repo.addAssignments(
        bookingId,
        ranking.ranked.map((s) => ({ chefId: s.chefId, score: s.score })),
        actor,
      );
      const nameOf = new Map([
        ...current.map((a) => [a.chef_id, a.name] as const),
        ...ranking.ranked.map((s) => [s.chefId, s.name] as const),
      ]);
      if (added.length || removed.length)
        await bookings.addEvent({
          bookingId,
          type: 'chefs_assigned',
          data: {
            chefs: wanted.map((id) => ({ id, name: nameOf.get(id) ?? null })),
            added: added.map((id) => ({ id, name: nameOf.get(id) ?? null })),
            removed: removed.map((a) => ({ id: a.chef_id, name: a.name })),
          },
          actor,
        });
      await new AuditRepository(trx).record({
        actor,
        action: 'booking.chefs.assign',
        entity: 'booking',
        entityId: bookingId,
        stationId: booking.station_id,
        before: { chefIds: [...currentIds] },
        after: { chefIds: wanted },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
    });
    return this.bookingChefs(staff, bookingId);
  }
}

function dedupeCells(cells: readonly WeeklyCell[]): WeeklyCell[] {
  const byKey = new Map(cells.map((c) => [cellKey(c), c]));
  return [...byKey.values()].sort((a, b) => a.weekday - b.weekday || a.slot.localeCompare(b.slot));
}

function scheduleConflict(conflicts: ScheduleConflicts): AppError {
  const parts: string[] = [];
  if (conflicts.assignments.length)
    parts.push(
      `The chef is assigned to ${conflicts.assignments.map((a) => `${a.number} (${a.date} ${a.slot})`).join(', ')}; reassign ${conflicts.assignments.length === 1 ? 'it' : 'them'} first.`,
    );
  if (conflicts.slots.length)
    parts.push(
      `Too few chefs would remain for ${conflicts.slots.map((s) => `${s.date} ${s.slot} (${s.taken} booked, ${s.capacity} chef${s.capacity === 1 ? '' : 's'} left)`).join(', ')}.`,
    );
  return new AppError('CHEF_SCHEDULE_CONFLICT', parts.join(' '), conflicts);
}
