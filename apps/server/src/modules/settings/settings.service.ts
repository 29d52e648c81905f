import { defaultSettings, settingsSchema, type Settings } from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { isUniqueViolation, type Executor } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { SettingsRepository } from './settings.repository.ts';
import { toStation, type Station } from './station.ts';

export type { Station } from './station.ts';

export interface StationSettings {
  station: Station;
  version: number;
  settings: Settings;
}

const CACHE_MS = 2_000;

/**
 * The one way to read settings. Versions are append-only rows; the newest is in force. A
 * two-second cache keeps the hot quote path off the table; a change made in another
 * process is seen within that window.
 */
export class SettingsService {
  private readonly cache = new Map<string, { at: number; value: StationSettings }>();
  private defaultStationId: string | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: { defaultStationCode: string; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  async resolveStationId(stationId?: string): Promise<string> {
    if (stationId) return stationId;
    if (this.defaultStationId) return this.defaultStationId;
    const repo = new SettingsRepository(this.db);
    const station =
      (await repo.findStationByCode(this.options.defaultStationCode)) ??
      (await repo.listStations())[0];
    if (!station) throw new AppError('STATION_NOT_FOUND', 'No station is configured yet.');
    this.defaultStationId = station.id;
    return station.id;
  }

  /**
   * Pass `executor` when calling inside a transaction that holds locks: on a cache miss the
   * read then uses that transaction's connection instead of waiting for a second one from the
   * pool (which, with every connection held by a transaction queued on the same lock, could
   * never come).
   */
  async getForStation(stationId?: string, executor: Executor = this.db): Promise<StationSettings> {
    const id = await this.resolveStationId(stationId);
    const cached = this.cache.get(id);
    if (cached && this.now() - cached.at < CACHE_MS) return cached.value;
    const repo = new SettingsRepository(executor);
    const row = await repo.findStationById(id);
    if (!row) throw new AppError('STATION_NOT_FOUND');
    const latest = await repo.findLatestSettings(id);
    const value: StationSettings = {
      station: toStation(row),
      version: latest?.version ?? 0,
      settings: latest ? settingsSchema.parse(latest.settings) : defaultSettings,
    };
    this.cache.set(id, { at: this.now(), value });
    return value;
  }

  /** Drops this process's cached copy after a write made elsewhere in the settings module. */
  forget(stationId: string): void {
    this.cache.delete(stationId);
  }

  async history(stationId: string) {
    return new SettingsRepository(this.db).listSettingsHistory(stationId);
  }

  /** Writes a new version. `expectedVersion` makes concurrent edits fail instead of merging. */
  async update(input: {
    stationId: string;
    settings: Settings;
    expectedVersion: number;
    actor: string;
    note?: string;
  }): Promise<StationSettings> {
    const settings = settingsSchema.parse(input.settings);
    try {
      await this.db.transaction().execute(async (trx) => {
        const repo = new SettingsRepository(trx);
        const before = await repo.findLatestSettings(input.stationId);
        if ((before?.version ?? 0) !== input.expectedVersion)
          throw new AppError('SETTINGS_VERSION_CONFLICT');
        await repo.insertSettingsVersion({
          stationId: input.stationId,
          version: input.expectedVersion + 1,
          settings,
          changedBy: input.actor,
          note: input.note ?? null,
        });
        await new AuditRepository(trx).record({
          actor: input.actor,
          action: 'settings.update',
          entity: 'station_settings',
          entityId: input.stationId,
          stationId: input.stationId,
          before: before?.settings ?? null,
          after: settings,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('SETTINGS_VERSION_CONFLICT');
      throw error;
    }
    this.cache.delete(input.stationId);
    return this.getForStation(input.stationId);
  }
}
