import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

export class SettingsRepository {
  constructor(private readonly db: Executor) {}

  findStationById(id: string) {
    return this.db.selectFrom('core.stations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findStationByCode(code: string) {
    return this.db
      .selectFrom('core.stations')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
  }

  listStations() {
    return this.db.selectFrom('core.stations').selectAll().orderBy('code').execute();
  }

  findLatestSettings(stationId: string) {
    return this.db
      .selectFrom('core.settings_versions')
      .select(['version', 'settings', 'changed_by', 'created_at'])
      .where('station_id', '=', stationId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  findSettingsVersion(stationId: string, version: number) {
    return this.db
      .selectFrom('core.settings_versions')
      .select(['version', 'settings', 'changed_by', 'created_at'])
      .where('station_id', '=', stationId)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  listSettingsHistory(stationId: string) {
    return this.db
      .selectFrom('core.settings_versions')
      .select(['version', 'changed_by', 'note', 'created_at'])
      .where('station_id', '=', stationId)
      .orderBy('version', 'desc')
      .execute();
  }

  /** The unique (station_id, version) key turns two concurrent writers into one winner. */
  insertSettingsVersion(row: {
    stationId: string;
    version: number;
    settings: unknown;
    changedBy: string;
    note?: string | null;
  }) {
    return this.db
      .insertInto('core.settings_versions')
      .values({
        station_id: row.stationId,
        version: row.version,
        settings: json(row.settings),
        changed_by: row.changedBy,
        note: row.note ?? null,
      })
      .returning(['version', 'created_at'])
      .executeTakeFirstOrThrow();
  }
}
