import {
  computeSlotCapacity,
  defaultSettings,
  diffSettings,
  pathsNeedingApproval,
  settingKeysNeedingApproval,
  settingsSchema,
  slotTimes,
  utcToZoned,
  weekdayOf,
  type ChefAvailability,
  type Settings,
  type SettingChange,
  type SlotTime,
} from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { AvailabilityRepository } from '../availability/availability.repository.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import { canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { SettingsAdminRepository } from './settings-admin.repository.ts';
import { SettingsRepository } from './settings.repository.ts';
import type { SettingsService } from './settings.service.ts';

type Actor = Pick<StaffPrincipal, 'id' | 'role' | 'stationIds'>;
interface RequestMeta {
  ip?: string | null;
  requestId?: string | null;
}

type StationRow = NonNullable<Awaited<ReturnType<SettingsAdminRepository['findStation']>>>;
type RequestRow = NonNullable<Awaited<ReturnType<SettingsAdminRepository['findRequest']>>>;
type OverrideRow = NonNullable<Awaited<ReturnType<SettingsAdminRepository['findOverride']>>>;

const actorOf = (staff: { id: string }) => `staff:${staff.id}`;
const staffIdOf = (actor: string | null): string | null =>
  actor && /^staff:[0-9a-f-]{36}$/i.test(actor) ? actor.slice('staff:'.length) : null;

export interface StationView {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  address: string;
  zip: string;
  lat: number;
  lng: number;
  isActive: boolean;
  version: number;
  createdAt: string;
}

const toStationView = (row: StationRow): StationView => ({
  id: row.id,
  code: row.code,
  name: row.name,
  timeZone: row.time_zone,
  address: row.address,
  zip: row.zip,
  lat: row.lat,
  lng: row.lng,
  isActive: row.is_active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
});

export interface PersonRef {
  actor: string;
  staffId: string | null;
  name: string | null;
}

export interface OverrideView {
  id: string;
  stationId: string;
  date: string;
  slot: SlotTime | null;
  kind: 'blackout' | 'cap';
  maxCapacity: number | null;
  reason: string | null;
  createdAt: string;
}

const toOverrideView = (row: OverrideRow): OverrideView => ({
  id: row.id,
  stationId: row.station_id,
  date: row.date,
  slot: (row.slot as SlotTime | null) ?? null,
  kind: row.is_blackout ? 'blackout' : 'cap',
  maxCapacity: row.max_capacity,
  reason: row.reason,
  createdAt: row.created_at.toISOString(),
});

export interface OverbookedSlot {
  slot: SlotTime;
  capacityBefore: number;
  capacityAfter: number;
  taken: number;
  bookings: { id: string; number: string; status: string; customerName: string }[];
  activeHolds: number;
}

/** The history cursor: the oldest version shown (a keyset of one integer). */
function encodeCursor(parts: number[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(cursor: string): unknown[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new AppError(
    'VALIDATION_FAILED',
    'The page cursor is not valid; start from the first page.',
  );
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The settings screen: settings in force with their approval rules, change requests that
 * need a second admin (SPEC preamble), the version history, stations, and the blackout
 * dates and caps that lower capacity (SPEC §4). Every write is audited in its transaction.
 */
export class SettingsAdminService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService; now: () => Date },
  ) {}

  /** A station outside the caller's stations does not exist for them. */
  private async visibleStation(staff: Actor, stationId: string): Promise<StationRow> {
    const row = canSeeStation(staff, stationId)
      ? await new SettingsAdminRepository(this.db).findStation(stationId)
      : undefined;
    if (!row) throw new AppError('STATION_NOT_FOUND');
    return row;
  }

  private async people(actors: (string | null)[]): Promise<Map<string, PersonRef>> {
    const ids = [...new Set(actors.map(staffIdOf).filter((id): id is string => id !== null))];
    const rows = await new SettingsAdminRepository(this.db).findStaffNames(ids);
    const names = new Map(rows.map((r) => [r.id, r.name]));
    const result = new Map<string, PersonRef>();
    for (const actor of actors) {
      if (actor === null) continue;
      const staffId = staffIdOf(actor);
      result.set(actor, { actor, staffId, name: staffId ? (names.get(staffId) ?? null) : null });
    }
    return result;
  }

  private personOf(people: Map<string, PersonRef>, actor: string | null): PersonRef | null {
    if (actor === null) return null;
    return people.get(actor) ?? { actor, staffId: staffIdOf(actor), name: null };
  }

  private async requestViews(stationId: string, rows: RequestRow[]) {
    const repo = new SettingsAdminRepository(this.db);
    const bases = await repo.listVersionSettings(stationId, [
      ...new Set(rows.map((r) => r.base_version)),
    ]);
    const baseSettings = new Map(bases.map((b) => [b.version, b.settings]));
    const people = await this.people(rows.flatMap((r) => [r.requested_by, r.decided_by]));
    return rows.map((row) => ({
      id: row.id,
      stationId: row.station_id,
      baseVersion: row.base_version,
      status: row.status as 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'stale',
      note: row.note,
      changedPaths: row.changed_paths,
      approvalPaths: pathsNeedingApproval(row.changed_paths),
      changes: diffSettings(baseSettings.get(row.base_version) ?? null, row.settings),
      settings: row.settings as Settings,
      requestedBy: this.personOf(people, row.requested_by),
      decidedBy: this.personOf(people, row.decided_by),
      decidedAt: row.decided_at?.toISOString() ?? null,
      decisionNote: row.decision_note,
      appliedVersion: row.applied_version,
      createdAt: row.created_at.toISOString(),
    }));
  }

  private async requestView(row: RequestRow) {
    const [view] = await this.requestViews(row.station_id, [row]);
    if (!view) throw new AppError('SETTINGS_CHANGE_NOT_FOUND');
    return view;
  }

  // --- settings in force ----------------------------------------------------------------

  async getSettings(staff: Actor, stationId: string) {
    const station = await this.visibleStation(staff, stationId);
    const repo = new SettingsAdminRepository(this.db);
    const [latest, pending, recent] = await Promise.all([
      new SettingsRepository(this.db).findLatestSettings(stationId),
      repo.listPendingRequests(stationId),
      repo.listRecentDecidedRequests(stationId, 10),
    ]);
    const people = await this.people([latest?.changed_by ?? null]);
    return {
      station: toStationView(station),
      version: latest?.version ?? 0,
      settings: latest ? settingsSchema.parse(latest.settings) : defaultSettings,
      changedBy: this.personOf(people, latest?.changed_by ?? null),
      changedAt: latest?.created_at.toISOString() ?? null,
      approvalPaths: [...settingKeysNeedingApproval],
      pendingRequests: await this.requestViews(stationId, pending),
      recentRequests: await this.requestViews(stationId, recent),
    };
  }

  /** Writes the next version under the station lock; pending requests on older ones go stale. */
  private async applyVersion(
    trx: Transaction<DB>,
    input: {
      stationId: string;
      baseVersion: number;
      before: unknown;
      settings: Settings;
      changes: SettingChange[];
      changedBy: string;
      note: string | null;
      auditActor: string;
      meta: RequestMeta;
    },
  ): Promise<number> {
    const version = input.baseVersion + 1;
    await new SettingsRepository(trx).insertSettingsVersion({
      stationId: input.stationId,
      version,
      settings: input.settings,
      changedBy: input.changedBy,
      note: input.note,
    });
    const audit = new AuditRepository(trx);
    await audit.record({
      actor: input.auditActor,
      action: 'settings.update',
      entity: 'station_settings',
      entityId: input.stationId,
      stationId: input.stationId,
      before: { version: input.baseVersion, settings: input.before },
      after: {
        version,
        changedPaths: input.changes.map((c) => c.path),
        settings: input.settings,
      },
      ip: input.meta.ip ?? null,
      requestId: input.meta.requestId ?? null,
    });
    const stale = await new SettingsAdminRepository(trx).markStale(input.stationId, {
      belowVersion: version,
      note: `Settings moved on to version ${version}; propose the change again.`,
    });
    for (const request of stale)
      await audit.record({
        actor: input.auditActor,
        action: 'settings.change.stale',
        entity: 'settings_change_request',
        entityId: request.id,
        stationId: input.stationId,
        before: { status: 'pending', baseVersion: request.base_version },
        after: { status: 'stale', version },
        ip: input.meta.ip ?? null,
        requestId: input.meta.requestId ?? null,
      });
    return version;
  }

  /**
   * Proposes new settings on `baseVersion`. Applies at once when nothing that needs a second
   * admin changed, or when a super admin proposes; otherwise stores a pending request.
   */
  async propose(
    staff: Actor,
    input: { stationId: string; baseVersion: number; settings: Settings; note?: string | null },
    meta: RequestMeta = {},
  ) {
    if (!canSeeStation(staff, input.stationId))
      throw new AppError('FORBIDDEN', 'You do not have access to this station.');
    const settings = settingsSchema.parse(input.settings);
    const actor = actorOf(staff);
    const note = input.note?.trim() || null;
    let outcome: { kind: 'applied'; version: number } | { kind: 'pending'; request: RequestRow };
    try {
      outcome = await this.db.transaction().execute(async (trx) => {
        const repo = new SettingsAdminRepository(trx);
        if (!(await repo.lockStation(input.stationId))) throw new AppError('STATION_NOT_FOUND');
        const latest = await new SettingsRepository(trx).findLatestSettings(input.stationId);
        const current = latest?.version ?? 0;
        if (current !== input.baseVersion)
          throw new AppError('SETTINGS_VERSION_CONFLICT', undefined, {
            currentVersion: current,
            settings: latest?.settings ?? null,
          });
        const changes = diffSettings(latest?.settings ?? null, settings);
        if (changes.length === 0) throw new AppError('SETTINGS_UNCHANGED');
        const paths = changes.map((c) => c.path);
        if (pathsNeedingApproval(paths).length === 0 || staff.role === 'super_admin') {
          const version = await this.applyVersion(trx, {
            stationId: input.stationId,
            baseVersion: current,
            before: latest?.settings ?? null,
            settings,
            changes,
            changedBy: actor,
            note,
            auditActor: actor,
            meta,
          });
          return { kind: 'applied' as const, version };
        }
        const request = await repo.insertRequest({
          stationId: input.stationId,
          baseVersion: current,
          settings,
          changedPaths: paths,
          note,
          requestedBy: actor,
        });
        await new AuditRepository(trx).record({
          actor,
          action: 'settings.change.propose',
          entity: 'settings_change_request',
          entityId: request.id,
          stationId: input.stationId,
          after: { stationId: input.stationId, baseVersion: current, changes, note },
          ip: meta.ip ?? null,
          requestId: meta.requestId ?? null,
        });
        return { kind: 'pending' as const, request };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('SETTINGS_VERSION_CONFLICT');
      throw error;
    }
    if (outcome.kind === 'pending')
      return { status: 'pending' as const, request: await this.requestView(outcome.request) };
    this.deps.settings.forget(input.stationId);
    return {
      status: 'applied' as const,
      version: outcome.version,
      settings: await this.getSettings(staff, input.stationId),
    };
  }

  private async lockedRequest(trx: Transaction<DB>, staff: Actor, id: string) {
    const request = await new SettingsAdminRepository(trx).lockRequest(id);
    if (!request || !canSeeStation(staff, request.station_id))
      throw new AppError('SETTINGS_CHANGE_NOT_FOUND');
    if (request.status !== 'pending')
      throw new AppError('SETTINGS_CHANGE_NOT_PENDING', undefined, { status: request.status });
    return request;
  }

  /**
   * A second admin applies a pending request. The request row lock makes two approvals at
   * once apply it once (the second sees it decided); the station lock and the base-version
   * check make an overtaken request stale instead of silently undoing newer settings.
   */
  async approve(staff: Actor, id: string, input: { note?: string | null }, meta: RequestMeta = {}) {
    const actor = actorOf(staff);
    const note = input.note?.trim() || null;
    const peek = await new SettingsAdminRepository(this.db).findRequest(id);
    if (!peek || !canSeeStation(staff, peek.station_id))
      throw new AppError('SETTINGS_CHANGE_NOT_FOUND');
    const outcome = await this.db.transaction().execute(async (trx) => {
      const repo = new SettingsAdminRepository(trx);
      // Lock order everywhere: station, then request rows (a direct apply marks pending
      // requests stale while it holds the station lock).
      await repo.lockStation(peek.station_id);
      const request = await this.lockedRequest(trx, staff, id);
      if (request.requested_by === actor) throw new AppError('SETTINGS_SELF_APPROVAL');
      const latest = await new SettingsRepository(trx).findLatestSettings(request.station_id);
      const current = latest?.version ?? 0;
      const parsed = settingsSchema.safeParse(request.settings);
      if (current !== request.base_version || !parsed.success) {
        // Committed on purpose (the caller gets 409 after): the request cannot apply anymore.
        const reason = parsed.success
          ? `Settings moved on to version ${current} before approval; propose the change again.`
          : 'These settings no longer pass validation; propose the change again.';
        await repo.decideRequest(request.id, { status: 'stale', decidedBy: actor, note: reason });
        await new AuditRepository(trx).record({
          actor,
          action: 'settings.change.stale',
          entity: 'settings_change_request',
          entityId: request.id,
          stationId: request.station_id,
          before: { status: 'pending', baseVersion: request.base_version },
          after: { status: 'stale', currentVersion: current },
          ip: meta.ip ?? null,
          requestId: meta.requestId ?? null,
        });
        return { kind: 'stale' as const, currentVersion: current };
      }
      // Decided first: applying the version sweeps every pending request on older versions.
      const decided = await repo.decideRequest(request.id, {
        status: 'approved',
        decidedBy: actor,
        note,
        appliedVersion: current + 1,
      });
      const changes = diffSettings(latest?.settings ?? null, parsed.data);
      const version = await this.applyVersion(trx, {
        stationId: request.station_id,
        baseVersion: current,
        before: latest?.settings ?? null,
        settings: parsed.data,
        changes,
        changedBy: request.requested_by,
        note: request.note,
        auditActor: actor,
        meta,
      });
      await new AuditRepository(trx).record({
        actor,
        action: 'settings.change.approve',
        entity: 'settings_change_request',
        entityId: request.id,
        stationId: request.station_id,
        before: { status: 'pending' },
        after: { status: 'approved', appliedVersion: version, note },
        ip: meta.ip ?? null,
        requestId: meta.requestId ?? null,
      });
      return { kind: 'approved' as const, request: decided ?? request };
    });
    if (outcome.kind === 'stale')
      throw new AppError('SETTINGS_CHANGE_STALE', undefined, {
        currentVersion: outcome.currentVersion,
      });
    this.deps.settings.forget(outcome.request.station_id);
    return this.requestView(outcome.request);
  }

  async reject(staff: Actor, id: string, input: { note?: string | null }, meta: RequestMeta = {}) {
    return this.close(staff, id, input, meta, {
      status: 'rejected',
      mayClose: (request, actor) => {
        if (request.requested_by === actor)
          throw new AppError(
            'SETTINGS_SELF_APPROVAL',
            'Another admin decides on your change; withdraw it instead.',
          );
      },
    });
  }

  /** The proposer takes their request back; a super admin may clear anyone's. */
  async withdraw(
    staff: Actor,
    id: string,
    input: { note?: string | null },
    meta: RequestMeta = {},
  ) {
    return this.close(staff, id, input, meta, {
      status: 'withdrawn',
      mayClose: (request, actor) => {
        if (request.requested_by !== actor && staff.role !== 'super_admin')
          throw new AppError('SETTINGS_NOT_PROPOSER');
      },
    });
  }

  /** Ends a pending request without applying it (reject, withdraw), audited, under its lock. */
  private async close(
    staff: Actor,
    id: string,
    input: { note?: string | null },
    meta: RequestMeta,
    how: {
      status: 'rejected' | 'withdrawn';
      mayClose: (request: { requested_by: string }, actor: string) => void;
    },
  ) {
    const actor = actorOf(staff);
    const note = input.note?.trim() || null;
    const decided = await this.db.transaction().execute(async (trx) => {
      const request = await this.lockedRequest(trx, staff, id);
      how.mayClose(request, actor);
      const row = await new SettingsAdminRepository(trx).decideRequest(request.id, {
        status: how.status,
        decidedBy: actor,
        note,
      });
      await new AuditRepository(trx).record({
        actor,
        action: how.status === 'rejected' ? 'settings.change.reject' : 'settings.change.withdraw',
        entity: 'settings_change_request',
        entityId: request.id,
        stationId: request.station_id,
        before: { status: 'pending' },
        after: { status: how.status, note },
        ip: meta.ip ?? null,
        requestId: meta.requestId ?? null,
      });
      return row ?? request;
    });
    return this.requestView(decided);
  }

  // --- history --------------------------------------------------------------------------

  /** Versions newest first; each with what changed against the version before it. */
  async history(
    staff: Actor,
    stationId: string,
    query: { cursor?: string | undefined; limit: number },
  ) {
    await this.visibleStation(staff, stationId);
    let beforeVersion: number | undefined;
    if (query.cursor) {
      const [value] = decodeCursor(query.cursor);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
        throw new AppError(
          'VALIDATION_FAILED',
          'The page cursor is not valid; start from the first page.',
        );
      beforeVersion = value;
    }
    const repo = new SettingsAdminRepository(this.db);
    // One row more than the page: the diff of the page's oldest version needs its predecessor.
    const rows = await repo.listVersions(stationId, { beforeVersion, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const older = rows[query.limit];
    const requests = await repo.listRequestsByAppliedVersions(
      stationId,
      page.map((r) => r.version),
    );
    const byVersion = new Map(requests.map((r) => [r.applied_version, r]));
    const people = await this.people([
      ...page.map((r) => r.changed_by),
      ...requests.flatMap((r) => [r.requested_by, r.decided_by]),
    ]);
    const items = page.map((row, index) => {
      const previous = page[index + 1] ?? older;
      const request = byVersion.get(row.version);
      const isInitial = previous === undefined && row.version === 1;
      return {
        version: row.version,
        changedBy: this.personOf(people, row.changed_by),
        changedAt: row.created_at.toISOString(),
        note: row.note,
        isInitial,
        changes: previous ? diffSettings(previous.settings, row.settings) : [],
        approval: request
          ? {
              requestId: request.id,
              requestedBy: this.personOf(people, request.requested_by),
              approvedBy: this.personOf(people, request.decided_by),
              note: request.decision_note,
            }
          : null,
      };
    });
    const last = page.at(-1);
    return {
      items,
      nextCursor: older && last ? encodeCursor([last.version]) : null,
    };
  }

  // --- stations -------------------------------------------------------------------------

  async listStations(staff: Actor) {
    const rows = await new SettingsAdminRepository(this.db).listStations(
      staff.role === 'super_admin' ? null : staff.stationIds,
    );
    return { items: rows.map(toStationView) };
  }

  /**
   * A new station starts with settings v1 = the defaults. Its creator belongs to it at once
   * (a super admin sees every station anyway), or they could not open what they just made.
   */
  async createStation(
    staff: Actor,
    input: {
      code: string;
      name: string;
      timeZone: string;
      address: string;
      zip: string;
      lat: number;
      lng: number;
    },
    meta: RequestMeta = {},
  ): Promise<StationView> {
    const actor = actorOf(staff);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const repo = new SettingsAdminRepository(trx);
        const station = await repo.insertStation(input);
        await new SettingsRepository(trx).insertSettingsVersion({
          stationId: station.id,
          version: 1,
          settings: defaultSettings,
          changedBy: actor,
          note: 'Station created with the default settings',
        });
        if (staff.role !== 'super_admin') await repo.addStaffToStation(staff.id, station.id);
        const view = toStationView(station);
        await new AuditRepository(trx).record({
          actor,
          action: 'station.create',
          entity: 'station',
          entityId: station.id,
          stationId: station.id,
          after: { ...view, settingsVersion: 1 },
          ip: meta.ip ?? null,
          requestId: meta.requestId ?? null,
        });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('STATION_CODE_TAKEN', undefined, { code: input.code });
      throw error;
    }
  }

  async updateStation(
    staff: Actor,
    stationId: string,
    input: {
      version: number;
      name?: string | undefined;
      timeZone?: string | undefined;
      address?: string | undefined;
      zip?: string | undefined;
      lat?: number | undefined;
      lng?: number | undefined;
      isActive?: boolean | undefined;
    },
    meta: RequestMeta = {},
  ): Promise<StationView> {
    await this.visibleStation(staff, stationId);
    const actor = actorOf(staff);
    const { version, ...patch } = input;
    const updated = await this.db.transaction().execute(async (trx) => {
      const repo = new SettingsAdminRepository(trx);
      const before = await repo.lockStation(stationId);
      if (!before) throw new AppError('STATION_NOT_FOUND');
      const row = await repo.updateStation(stationId, version, patch);
      if (!row)
        throw new AppError('STATION_VERSION_CONFLICT', undefined, {
          current: toStationView(before),
        });
      const view = toStationView(row);
      await new AuditRepository(trx).record({
        actor,
        action: 'station.update',
        entity: 'station',
        entityId: stationId,
        stationId,
        before: toStationView(before),
        after: view,
        ip: meta.ip ?? null,
        requestId: meta.requestId ?? null,
      });
      return view;
    });
    // The station's time zone and address are part of what settings readers cache.
    this.deps.settings.forget(stationId);
    return updated;
  }

  // --- blackout dates and per-date caps -------------------------------------------------

  async listOverrides(
    staff: Actor,
    stationId: string,
    query: { from?: string | undefined; cursor?: string | undefined; limit: number },
  ) {
    const station = await this.visibleStation(staff, stationId);
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
    const station = await this.visibleStation(staff, stationId);
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
    await this.visibleStation(staff, stationId);
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
