import type { Executor } from '../../lib/db.ts';

/** Everything but the hash: what lists and audit entries may show. */
const publicColumns = [
  'id',
  'name',
  'prefix',
  'station_id',
  'created_by',
  'rotated_from_id',
  'expires_at',
  'revoked_at',
  'last_used_at',
  'created_at',
] as const;

export class ApiKeysRepository {
  constructor(private readonly db: Executor) {}

  insert(key: {
    name: string;
    prefix: string;
    keyHash: string;
    stationId: string | null;
    createdBy: string;
    rotatedFromId?: string;
    expiresAt: Date | null;
    now: Date;
  }) {
    return this.db
      .insertInto('identity.api_keys')
      .values({
        name: key.name,
        prefix: key.prefix,
        key_hash: key.keyHash,
        station_id: key.stationId,
        created_by: key.createdBy,
        rotated_from_id: key.rotatedFromId ?? null,
        expires_at: key.expiresAt,
        created_at: key.now,
      })
      .returning(publicColumns)
      .executeTakeFirstOrThrow();
  }

  findById(id: string) {
    return this.db
      .selectFrom('identity.api_keys')
      .select(publicColumns)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findByPrefixWithHash(prefix: string) {
    return this.db
      .selectFrom('identity.api_keys')
      .select([...publicColumns, 'key_hash'])
      .where('prefix', '=', prefix)
      .executeTakeFirst();
  }

  /** `stationIds` limits the list to keys of those stations (all-station keys excluded). */
  list(options: { stationIds?: readonly string[] } = {}) {
    let query = this.db
      .selectFrom('identity.api_keys')
      .select(publicColumns)
      .orderBy('created_at', 'desc')
      .orderBy('id');
    if (options.stationIds) {
      const ids = [...options.stationIds];
      if (ids.length === 0) return Promise.resolve([]);
      query = query.where('station_id', 'in', ids);
    }
    return query.execute();
  }

  revoke(options: { id: string; now: Date }) {
    return this.db
      .updateTable('identity.api_keys')
      .set({ revoked_at: options.now })
      .where('id', '=', options.id)
      .where('revoked_at', 'is', null)
      .returning(publicColumns)
      .executeTakeFirst();
  }

  setExpiry(options: { id: string; expiresAt: Date }) {
    return this.db
      .updateTable('identity.api_keys')
      .set({ expires_at: options.expiresAt })
      .where('id', '=', options.id)
      .returning(publicColumns)
      .executeTakeFirstOrThrow();
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
