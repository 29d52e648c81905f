import { addDays, eachDate, slotTimes, weekdayOf } from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import type { SlotKey } from '../bookings/bookings.repository.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import { getVisibleChef, isChefVisible } from './chef-access.ts';
import { ChefSchedule } from './chef-schedule.ts';
import { ChefsRepository } from './chefs.repository.ts';
import {
  cellKey,
  scheduleConflict,
  toTimeOffView,
  type ScheduleConflicts,
  type TimeOffView,
} from './chefs.mappers.ts';

/** Time off: chefs ask, managers decide; an approval must leave every event its chef. */
export class ChefTimeOffService {
  private readonly schedule: ChefSchedule;

  constructor(
    private readonly db: Kysely<DB>,
    deps: { settings: SettingsService; now: () => Date },
  ) {
    this.schedule = new ChefSchedule(db, deps);
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

  // Time off -----------------------------------------------------------------------------

  async requestTimeOff(
    staff: StaffPrincipal,
    chefId: string,
    body: { fromDate: string; toDate: string; reason?: string | undefined },
    ctx: StaffRequestContext,
  ): Promise<TimeOffView> {
    const chef = await getVisibleChef(this.db, staff, chefId);
    if (body.toDate < body.fromDate) throw new AppError('INVALID_DATE_RANGE');
    const { today } = await this.schedule.today(chef.station_id);
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
    if (!request || !isChefVisible(staff, request)) throw new AppError('TIME_OFF_NOT_FOUND');
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
    const { station, settings, today, windowEnd } = await this.schedule.today(request.station_id);
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
      const before = await this.schedule.capacities(trx, { station, settings, keys });
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
      conflicts.slots = await this.schedule.shortfalls(trx, { station, settings, keys, before });
      if (conflicts.assignments.length || conflicts.slots.length) throw scheduleConflict(conflicts);
      return decided;
    });
    return toTimeOffView({ ...row, chef_name: request.chef_name });
  }
}
