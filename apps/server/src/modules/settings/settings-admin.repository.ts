import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';
import type { StationFields, StationPatch } from './station.ts';

export type ChangeRequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'stale';

const stationColumns = [
  'id',
  'code',
  'name',
  'time_zone',
  'address',
  'zip',
  'lat',
  'lng',
  'is_active',
  'version',
  'created_at',
] as const;

const requestColumns = [
  'id',
  'station_id',
  'base_version',
  'settings',
  'changed_paths',
  'note',
  'status',
  'requested_by',
  'decided_by',
  'decided_at',
  'decision_note',
  'applied_version',
  'created_at',
] as const;

const overrideColumns = [
  'id',
  'station_id',
  'date',
  'slot',
  'is_blackout',
  'max_capacity',
  'reason',
  'created_at',
] as const;

/** Stations, settings change requests, version history pages and per-date overrides. */
export class SettingsAdminRepository {
  constructor(private readonly db: Executor) {}

  // --- stations -------------------------------------------------------------------------

  findStation(id: string) {
    return this.db
      .selectFrom('core.stations')
      .select(stationColumns)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Serialises every settings write of one station (propose-and-apply, approve): whoever
   * holds this row lock reads the version in force and writes the next one.
   */
  lockStation(id: string) {
    return this.db
      .selectFrom('core.stations')
      .select(stationColumns)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  listStations(stationIds: readonly string[] | null) {
    let query = this.db.selectFrom('core.stations').select(stationColumns).orderBy('code');
    if (stationIds !== null) {
      if (stationIds.length === 0) return Promise.resolve([]);
      query = query.where('id', 'in', stationIds);
    }
    return query.execute();
  }

  insertStation(row: StationFields) {
    return this.db
      .insertInto('core.stations')
      .values({
        code: row.code,
        name: row.name,
        time_zone: row.timeZone,
        address: row.address,
        zip: row.zip,
        lat: row.lat,
        lng: row.lng,
      })
      .returning(stationColumns)
      .executeTakeFirstOrThrow();
  }

  /** Optimistic lock: no row comes back when `version` is no longer the stored one. */
  updateStation(id: string, version: number, patch: StationPatch) {
    return this.db
      .updateTable('core.stations')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
        ...(patch.address !== undefined ? { address: patch.address } : {}),
        ...(patch.zip !== undefined ? { zip: patch.zip } : {}),
        ...(patch.lat !== undefined ? { lat: patch.lat } : {}),
        ...(patch.lng !== undefined ? { lng: patch.lng } : {}),
        ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
        version: sql<number>`version + 1`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returning(stationColumns)
      .executeTakeFirst();
  }

  async addStaffToStation(staffId: string, stationId: string): Promise<void> {
    await this.db
      .insertInto('identity.staff_stations')
      .values({ staff_id: staffId, station_id: stationId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  findStaffNames(ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('identity.staff')
      .select(['id', 'name', 'email'])
      .where('id', 'in', ids)
      .execute();
  }

  // --- settings versions ----------------------------------------------------------------

  /** Newest first, at most `limit` rows below `beforeVersion` (exclusive) when given. */
  listVersions(stationId: string, options: { beforeVersion?: number | undefined; limit: number }) {
    let query = this.db
      .selectFrom('core.settings_versions')
      .select(['version', 'settings', 'changed_by', 'note', 'created_at'])
      .where('station_id', '=', stationId)
      .orderBy('version', 'desc')
      .limit(options.limit);
    if (options.beforeVersion !== undefined)
      query = query.where('version', '<', options.beforeVersion);
    return query.execute();
  }

  listVersionSettings(stationId: string, versions: readonly number[]) {
    if (versions.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('core.settings_versions')
      .select(['version', 'settings'])
      .where('station_id', '=', stationId)
      .where('version', 'in', versions)
      .execute();
  }

  // --- change requests ------------------------------------------------------------------

  insertRequest(row: {
    stationId: string;
    baseVersion: number;
    settings: unknown;
    changedPaths: string[];
    note: string | null;
    requestedBy: string;
  }) {
    return this.db
      .insertInto('core.settings_change_requests')
      .values({
        station_id: row.stationId,
        base_version: row.baseVersion,
        settings: json(row.settings),
        changed_paths: row.changedPaths,
        note: row.note,
        requested_by: row.requestedBy,
      })
      .returning(requestColumns)
      .executeTakeFirstOrThrow();
  }

  findRequest(id: string) {
    return this.db
      .selectFrom('core.settings_change_requests')
      .select(requestColumns)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Two decisions on one request queue here; the second sees the first one's outcome. */
  lockRequest(id: string) {
    return this.db
      .selectFrom('core.settings_change_requests')
      .select(requestColumns)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  decideRequest(
    id: string,
    decision: {
      status: Exclude<ChangeRequestStatus, 'pending'>;
      decidedBy: string | null;
      note: string | null;
      appliedVersion?: number;
    },
  ) {
    return this.db
      .updateTable('core.settings_change_requests')
      .set({
        status: decision.status,
        decided_by: decision.decidedBy,
        decided_at: sql<Date>`now()`,
        decision_note: decision.note,
        applied_version: decision.appliedVersion ?? null,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returning(requestColumns)
      .executeTakeFirst();
  }

  /** Pending requests made on an older version can no longer be applied as they are. */
  markStale(stationId: string, options: { belowVersion: number; note: string }) {
    return this.db
      .updateTable('core.settings_change_requests')
      .set({ status: 'stale', decided_at: sql<Date>`now()`, decision_note: options.note })
      .where('station_id', '=', stationId)
      .where('status', '=', 'pending')
      .where('base_version', '<', options.belowVersion)
      .returning(['id', 'base_version', 'requested_by'])
      .execute();
  }

  listPendingRequests(stationId: string) {
    return this.db
      .selectFrom('core.settings_change_requests')
      .select(requestColumns)
      .where('station_id', '=', stationId)
      .where('status', '=', 'pending')
      .orderBy('created_at', 'desc')
      .execute();
  }

  listRecentDecidedRequests(stationId: string, limit: number) {
    return this.db
      .selectFrom('core.settings_change_requests')
      .select(requestColumns)
      .where('station_id', '=', stationId)
      .where('status', '<>', 'pending')
      .orderBy('decided_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  listRequestsByAppliedVersions(stationId: string, versions: readonly number[]) {
    if (versions.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('core.settings_change_requests')
      .select(['id', 'applied_version', 'requested_by', 'decided_by', 'decision_note'])
      .where('station_id', '=', stationId)
      .where('status', '=', 'approved')
      .where('applied_version', 'in', versions)
      .execute();
  }

  // --- date overrides -------------------------------------------------------------------

  listOverrides(
    stationId: string,
    options: { from: string; after?: { date: string; id: string } | undefined; limit: number },
  ) {
    let query = this.db
      .selectFrom('core.date_overrides')
      .select(overrideColumns)
      .where('station_id', '=', stationId)
      .where('date', '>=', options.from)
      .orderBy('date')
      .orderBy('id')
      .limit(options.limit);
    const after = options.after;
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('date', '>', after.date),
          eb.and([eb('date', '=', after.date), eb('id', '>', after.id)]),
        ]),
      );
    return query.execute();
  }

  findOverride(id: string) {
    return this.db
      .selectFrom('core.date_overrides')
      .select(overrideColumns)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findOverrideByKey(key: { stationId: string; date: string; slot: string | null }) {
    let query = this.db
      .selectFrom('core.date_overrides')
      .select(overrideColumns)
      .where('station_id', '=', key.stationId)
      .where('date', '=', key.date);
    query =
      key.slot === null ? query.where('slot', 'is', null) : query.where('slot', '=', key.slot);
    return query.executeTakeFirst();
  }

  insertOverride(row: {
    stationId: string;
    date: string;
    slot: string | null;
    isBlackout: boolean;
    maxCapacity: number | null;
    reason: string | null;
  }) {
    return this.db
      .insertInto('core.date_overrides')
      .values({
        station_id: row.stationId,
        date: row.date,
        slot: row.slot,
        is_blackout: row.isBlackout,
        max_capacity: row.maxCapacity,
        reason: row.reason,
      })
      .returning(overrideColumns)
      .executeTakeFirstOrThrow();
  }

  updateOverride(
    id: string,
    patch: { isBlackout: boolean; maxCapacity: number | null; reason: string | null },
  ) {
    return this.db
      .updateTable('core.date_overrides')
      .set({
        is_blackout: patch.isBlackout,
        max_capacity: patch.maxCapacity,
        reason: patch.reason,
      })
      .where('id', '=', id)
      .returning(overrideColumns)
      .executeTakeFirstOrThrow();
  }

  deleteOverride(id: string) {
    return this.db
      .deleteFrom('core.date_overrides')
      .where('id', '=', id)
      .returning(overrideColumns)
      .executeTakeFirst();
  }

  /** What occupies a slot: active bookings (with who) and unexpired holds. */
  async listOccupants(key: { stationId: string; date: string; slot: string }) {
    const [bookings, holds] = await Promise.all([
      this.db
        .selectFrom('core.bookings as b')
        .innerJoin('core.customers as c', 'c.id', 'b.customer_id')
        .select(['b.id', 'b.number', 'b.status', 'c.name as customer_name'])
        .where('b.station_id', '=', key.stationId)
        .where('b.date', '=', key.date)
        .where('b.slot', '=', key.slot)
        .where('b.status', '<>', 'cancelled')
        .orderBy('b.number')
        .execute(),
      this.db
        .selectFrom('core.holds')
        .select(['id', 'status', 'expires_at'])
        .where('station_id', '=', key.stationId)
        .where('date', '=', key.date)
        .where('slot', '=', key.slot)
        .where('status', 'in', ['awaiting_signature', 'awaiting_deposit'])
        .where('expires_at', '>', sql<Date>`clock_timestamp()`)
        .execute(),
    ]);
    return { bookings, holds };
  }
}
