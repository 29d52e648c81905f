import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { staffStationIdsColumn } from './staff.repository.ts';

export type ApiKeyRevokedReason = 'revoked' | 'creator_deactivated';

export class ApiKeysRepository {
  constructor(private readonly db: Executor) {}

  /** Keys (`k`) with their creator (`c`), who may since have been removed. */
  private keysWithCreator() {
    return this.db
      .selectFrom('identity.api_keys as k')
      .leftJoin('identity.staff as c', 'c.id', 'k.created_by');
  }

  /** Everything but the hash, with the creator's name and state: what lists may show. */
  private keys() {
    return this.keysWithCreator().select([
      'k.id',
      'k.name',
      'k.prefix',
      'k.station_id',
      'k.scopes',
      'k.created_by',
      'k.rotated_from_id',
      'k.expires_at',
      'k.revoked_at',
      'k.revoked_reason',
      'k.last_used_at',
      'k.created_at',
      'c.name as created_by_name',
      sql<boolean>`coalesce(c.is_active, false)`.as('is_creator_active'),
    ]);
  }

  async insert(key: {
    name: string;
    prefix: string;
    keyHash: string;
    stationId: string | null;
    scopes: readonly string[];
    createdBy: string;
    rotatedFromId?: string;
    expiresAt: Date | null;
    now: Date;
  }): Promise<ApiKeyRow> {
    const { id } = await this.db
      .insertInto('identity.api_keys')
      .values({
        name: key.name,
        prefix: key.prefix,
        key_hash: key.keyHash,
        station_id: key.stationId,
        scopes: [...key.scopes],
        created_by: key.createdBy,
        rotated_from_id: key.rotatedFromId ?? null,
        expires_at: key.expiresAt,
        created_at: key.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return this.getById(id);
  }

  findById(id: string) {
    return this.keys().where('k.id', '=', id).executeTakeFirst();
  }

  private async getById(id: string): Promise<ApiKeyRow> {
    const row = await this.findById(id);
    if (!row) throw new Error(`API key ${id} vanished inside its own transaction`);
    return row;
  }

  /**
   * The key with its hash and what its creator may do now (role, active, stations): a key
   * never does more than its creator could.
   */
  findForVerification(prefix: string) {
    return this.keysWithCreator()
      .select([
        'k.id',
        'k.name',
        'k.key_hash',
        'k.station_id',
        'k.scopes',
        'k.expires_at',
        'k.revoked_at',
        'k.last_used_at',
        'c.id as creator_id',
        'c.role as creator_role',
        'c.is_active as creator_is_active',
      ])
      .select(staffStationIdsColumn('c.id', 'creator_station_ids'))
      .where('k.prefix', '=', prefix)
      .executeTakeFirst();
  }

  /** `stationIds` limits the list to keys of those stations (all-station keys excluded). */
  list(options: { stationIds?: readonly string[] } = {}) {
    let query = this.keys().orderBy('k.created_at', 'desc').orderBy('k.id');
    if (options.stationIds) {
      const ids = [...options.stationIds];
      if (ids.length === 0) return Promise.resolve([]);
      query = query.where('k.station_id', 'in', ids);
    }
    return query.execute();
  }

  async revoke(options: { id: string; now: Date }): Promise<ApiKeyRow | undefined> {
    const row = await this.db
      .updateTable('identity.api_keys')
      .set({ revoked_at: options.now, revoked_reason: 'revoked' satisfies ApiKeyRevokedReason })
      .where('id', '=', options.id)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return row ? this.getById(row.id) : undefined;
  }

  /** Every live key a staff member created, when they are deactivated; returns how many. */
  async revokeAllOfCreator(options: { createdBy: string; now: Date }): Promise<number> {
    const rows = await this.db
      .updateTable('identity.api_keys')
      .set({
        revoked_at: options.now,
        revoked_reason: 'creator_deactivated' satisfies ApiKeyRevokedReason,
      })
      .where('created_by', '=', options.createdBy)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', options.now)]))
      .returning('id')
      .execute();
    return rows.length;
  }

  async setExpiry(options: { id: string; expiresAt: Date }): Promise<ApiKeyRow> {
    await this.db
      .updateTable('identity.api_keys')
      .set({ expires_at: options.expiresAt })
      .where('id', '=', options.id)
      .execute();
    return this.getById(options.id);
  }

  async touch(options: { id: string; now: Date }): Promise<void> {
    await this.db
      .updateTable('identity.api_keys')
      .set({ last_used_at: options.now })
      .where('id', '=', options.id)
      .execute();
  }
}

export type ApiKeyRow = NonNullable<Awaited<ReturnType<ApiKeysRepository['findById']>>>;
