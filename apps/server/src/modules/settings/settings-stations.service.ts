import { defaultSettings } from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { SettingsAdminRepository } from './settings-admin.repository.ts';
import { SettingsRepository } from './settings.repository.ts';
import type { StationFields, StationPatch } from './station.ts';
import {
  actorOf,
  toStationView,
  visibleStation,
  type Actor,
  type SettingsAdminDeps,
  type RequestMeta,
  type StationView,
} from './settings-admin.shared.ts';

/** Stations: listed, created and edited by admins. */
export class SettingsStationsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: SettingsAdminDeps,
  ) {}

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
    input: StationFields,
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
    input: StationPatch & { version: number },
    meta: RequestMeta = {},
  ): Promise<StationView> {
    await visibleStation(this.db, staff, stationId);
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
}
