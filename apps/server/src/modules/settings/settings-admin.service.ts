import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { SettingsChangesService } from './settings-changes.service.ts';
import { SettingsHistoryService } from './settings-history.service.ts';
import { SettingsOverridesService } from './settings-overrides.service.ts';
import { SettingsStationsService } from './settings-stations.service.ts';
import type { SettingsAdminDeps } from './settings-admin.shared.ts';

export {
  isValidTimeZone,
  type OverbookedSlot,
  type OverrideView,
  type PersonRef,
  type StationView,
} from './settings-admin.shared.ts';

/**
 * The settings screen: settings in force with their approval rules, change requests that
 * need a second admin (SPEC preamble), the version history, stations, and the blackout
 * dates and caps that lower capacity (SPEC §4). Every write is audited in its transaction.
 * Each area lives in its own service; this class is the one the routes see.
 */
export class SettingsAdminService {
  private readonly changes: SettingsChangesService;
  private readonly versions: SettingsHistoryService;
  private readonly stations: SettingsStationsService;
  private readonly overrides: SettingsOverridesService;

  constructor(db: Kysely<DB>, deps: SettingsAdminDeps) {
    this.changes = new SettingsChangesService(db, deps);
    this.versions = new SettingsHistoryService(db);
    this.stations = new SettingsStationsService(db, deps);
    this.overrides = new SettingsOverridesService(db, deps);
  }

  // --- settings in force and change requests --------------------------------------------

  getSettings(...args: Parameters<SettingsChangesService['getSettings']>) {
    return this.changes.getSettings(...args);
  }

  propose(...args: Parameters<SettingsChangesService['propose']>) {
    return this.changes.propose(...args);
  }

  approve(...args: Parameters<SettingsChangesService['approve']>) {
    return this.changes.approve(...args);
  }

  reject(...args: Parameters<SettingsChangesService['reject']>) {
    return this.changes.reject(...args);
  }

  withdraw(...args: Parameters<SettingsChangesService['withdraw']>) {
    return this.changes.withdraw(...args);
  }

  // --- history --------------------------------------------------------------------------

  history(...args: Parameters<SettingsHistoryService['history']>) {
    return this.versions.history(...args);
  }

  // --- stations -------------------------------------------------------------------------

  listStations(...args: Parameters<SettingsStationsService['listStations']>) {
    return this.stations.listStations(...args);
  }

  createStation(...args: Parameters<SettingsStationsService['createStation']>) {
    return this.stations.createStation(...args);
  }

  updateStation(...args: Parameters<SettingsStationsService['updateStation']>) {
    return this.stations.updateStation(...args);
  }

  // --- blackout dates and per-date caps -------------------------------------------------

  listOverrides(...args: Parameters<SettingsOverridesService['listOverrides']>) {
    return this.overrides.listOverrides(...args);
  }

  putOverride(...args: Parameters<SettingsOverridesService['putOverride']>) {
    return this.overrides.putOverride(...args);
  }

  deleteOverride(...args: Parameters<SettingsOverridesService['deleteOverride']>) {
    return this.overrides.deleteOverride(...args);
  }
}
