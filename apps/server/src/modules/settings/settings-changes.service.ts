import {
  defaultSettings,
  diffSettings,
  pathsNeedingApproval,
  settingKeysNeedingApproval,
  settingsSchema,
  type Settings,
  type SettingChange,
} from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { canSeeStation } from '../staff/permissions.ts';
import { SettingsAdminRepository } from './settings-admin.repository.ts';
import { SettingsRepository } from './settings.repository.ts';
import {
  actorOf,
  lookUpPeople,
  personOf,
  toStationView,
  visibleStation,
  type Actor,
  type SettingsAdminDeps,
  type RequestMeta,
  type RequestRow,
} from './settings-admin.shared.ts';

/**
 * Settings in force and the change requests that need a second admin (SPEC preamble):
 * propose, approve, reject, withdraw; an applied change becomes the next version.
 */
export class SettingsChangesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: SettingsAdminDeps,
  ) {}

  private async requestViews(stationId: string, rows: RequestRow[]) {
    const repo = new SettingsAdminRepository(this.db);
    const bases = await repo.listVersionSettings(stationId, [
      ...new Set(rows.map((r) => r.base_version)),
    ]);
    const baseSettings = new Map(bases.map((b) => [b.version, b.settings]));
    const people = await lookUpPeople(
      this.db,
      rows.flatMap((r) => [r.requested_by, r.decided_by]),
    );
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
      requestedBy: personOf(people, row.requested_by),
      decidedBy: personOf(people, row.decided_by),
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
    const station = await visibleStation(this.db, staff, stationId);
    const repo = new SettingsAdminRepository(this.db);
    const [latest, pending, recent] = await Promise.all([
      new SettingsRepository(this.db).findLatestSettings(stationId),
      repo.listPendingRequests(stationId),
      repo.listRecentDecidedRequests(stationId, 10),
    ]);
    const people = await lookUpPeople(this.db, [latest?.changed_by ?? null]);
    return {
      station: toStationView(station),
      version: latest?.version ?? 0,
      settings: latest ? settingsSchema.parse(latest.settings) : defaultSettings,
      changedBy: personOf(people, latest?.changed_by ?? null),
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
}
