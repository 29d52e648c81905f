import { addDays, utcToZoned } from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { lookupZip } from '../distance/zip-geocoder.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { canSeeStation } from '../staff/permissions.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import { getVisibleChef } from './chef-access.ts';
import { ChefAssignmentsService } from './chef-assignments.service.ts';
import { ChefSchedule } from './chef-schedule.ts';
import { ChefTimeOffService } from './chef-time-off.service.ts';
import { ChefsRepository, type ChefListRow, type ChefPatch } from './chefs.repository.ts';
import {
  cellKey,
  dedupeCells,
  toAssignmentView,
  toChefView,
  toTimeOffView,
  type ChefInput,
  type WeeklyCell,
} from './chefs.mappers.ts';

export type {
  AssignmentView,
  ChefInput,
  ChefView,
  ScheduleConflicts,
  TimeOffView,
  WeeklyCell,
} from './chefs.mappers.ts';

const DETAIL_LIMIT = 100;

const nameOf = (cursor: { value: string; id: string }) => ({ name: cursor.value, id: cursor.id });

/**
 * The chefs module: chef records and their weekly grid here; time off in
 * chef-time-off.service.ts and event assignments in chef-assignments.service.ts, reached
 * through this class so routes see one service.
 */
export class ChefsService {
  private readonly schedule: ChefSchedule;
  private readonly timeOff: ChefTimeOffService;
  private readonly assignments: ChefAssignmentsService;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService; now: () => Date },
  ) {
    this.schedule = new ChefSchedule(db, deps);
    this.timeOff = new ChefTimeOffService(db, deps);
    this.assignments = new ChefAssignmentsService(db, deps);
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
    const chef = await getVisibleChef(this.db, staff, id);
    const { today } = await this.schedule.today(chef.station_id);
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
    const before = await getVisibleChef(this.db, staff, id);
    if (before.version !== body.version) throw await this.versionConflict(id);
    const { version, ...input } = body;
    const patch = await this.resolveChefInput(input, before.station_id);
    const isDeactivating = before.is_active && patch.isActive === false;
    const weekly = isDeactivating ? await new ChefsRepository(this.db).listWeekly(id) : [];
    await this.schedule
      .guard({
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
      })
      .catch(async (error: unknown) => {
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
    const before = await getVisibleChef(this.db, staff, id);
    if (before.version !== body.version) throw await this.versionConflict(id);
    const current = await new ChefsRepository(this.db).listWeekly(id);
    const next = dedupeCells(body.weekly);
    const nextKeys = new Set(next.map(cellKey));
    const removed = current.filter((cell) => !nextKeys.has(cellKey(cell)));
    await this.schedule
      .guard({
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
      })
      .catch(async (error: unknown) => {
        if (error instanceof AppError && error.code === 'CHEF_VERSION_CONFLICT')
          throw await this.versionConflict(id);
        throw error;
      });
    return this.detail(staff, id);
  }

  // Time off and assignments --------------------------------------------------------------

  listTimeOff(...args: Parameters<ChefTimeOffService['listTimeOff']>) {
    return this.timeOff.listTimeOff(...args);
  }

  requestTimeOff(...args: Parameters<ChefTimeOffService['requestTimeOff']>) {
    return this.timeOff.requestTimeOff(...args);
  }

  decideTimeOff(...args: Parameters<ChefTimeOffService['decideTimeOff']>) {
    return this.timeOff.decideTimeOff(...args);
  }

  bookingChefs(...args: Parameters<ChefAssignmentsService['bookingChefs']>) {
    return this.assignments.bookingChefs(...args);
  }

  assignChefs(...args: Parameters<ChefAssignmentsService['assignChefs']>) {
    return this.assignments.assignChefs(...args);
  }
}
