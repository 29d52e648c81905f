import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { canSeeStation } from './permissions.ts';
import { ApiKeysRepository, type ApiKeyRow } from './api-keys.repository.ts';
import { isSameDigest, newApiKey, parseApiKey, sha256Hex } from './staff-secrets.ts';
import { actorOf, type StaffPrincipal, type StaffRequestContext } from './staff.types.ts';

export interface ApiKeysDeps {
  now: () => Date;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  stationId: string | null;
  createdBy: string | null;
  rotatedFromId: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** Who called with a valid API key: what an integration route needs to scope its work. */
export interface ApiKeyPrincipal {
  keyId: string;
  name: string;
  /** null = every station. */
  stationId: string | null;
}

const toView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  stationId: row.station_id,
  createdBy: row.created_by,
  rotatedFromId: row.rotated_from_id,
  expiresAt: row.expires_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

// last_used_at is informational; writing it on every call would serialise busy integrations.
const TOUCH_INTERVAL_MS = 60_000;

export class ApiKeysService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: ApiKeysDeps,
  ) {}

  private get repo(): ApiKeysRepository {
    return new ApiKeysRepository(this.db);
  }

  /** All-station keys belong to super admins; others manage keys of their own stations. */
  private assertCanManage(actor: StaffPrincipal, stationId: string | null): void {
    if (stationId === null ? actor.role !== 'super_admin' : !canSeeStation(actor, stationId))
      throw new AppError('FORBIDDEN', 'This API key belongs to another station.');
  }

  private async getManageable(actor: StaffPrincipal, id: string): Promise<ApiKeyRow> {
    const row = await this.repo.findById(id);
    if (!row) throw new AppError('API_KEY_NOT_FOUND');
    this.assertCanManage(actor, row.station_id);
    return row;
  }

  async create(
    actor: StaffPrincipal,
    options: {
      input: { name: string; stationId?: string | undefined; expiresInDays?: number | undefined };
      context: StaffRequestContext;
    },
  ): Promise<{ apiKey: ApiKeyView; key: string }> {
    const { input, context } = options;
    const stationId = input.stationId ?? null;
    this.assertCanManage(actor, stationId);
    const now = this.deps.now();
    const expiresAt =
      input.expiresInDays === undefined
        ? null
        : new Date(now.getTime() + input.expiresInDays * 24 * 3_600_000);
    const secret = newApiKey();
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await new ApiKeysRepository(trx).insert({
        name: input.name,
        prefix: secret.prefix,
        keyHash: secret.hash,
        stationId,
        createdBy: actor.id,
        expiresAt,
        now,
      });
      await new AuditRepository(trx).record({
        actor: actorOf(actor),
        action: 'api_key.create',
        entity: 'api_key',
        entityId: inserted.id,
        stationId: inserted.station_id,
        after: toView(inserted),
        ip: context.ip,
        requestId: context.requestId,
      });
      return inserted;
    });
    return { apiKey: toView(row), key: secret.key };
  }

  async list(actor: StaffPrincipal): Promise<ApiKeyView[]> {
    const rows = await this.repo.list(
      actor.role === 'super_admin' ? {} : { stationIds: actor.stationIds },
    );
    return rows.map(toView);
  }

  /**
   * A new key with the same name and scope; the old one keeps working until the overlap
   * ends so integrations can switch without downtime.
   */
  async rotate(
    actor: StaffPrincipal,
    options: { id: string; overlapHours: number; context: StaffRequestContext },
  ): Promise<{ apiKey: ApiKeyView; key: string; previous: ApiKeyView }> {
    const { id, overlapHours, context } = options;
    const old = await this.getManageable(actor, id);
    const now = this.deps.now();
    if (old.revoked_at) throw new AppError('API_KEY_REVOKED');
    const overlapEnd = new Date(now.getTime() + overlapHours * 3_600_000);
    // Never extend a key that was going to expire sooner anyway.
    const oldExpiresAt =
      old.expires_at && old.expires_at < overlapEnd ? old.expires_at : overlapEnd;
    const secret = newApiKey();
    return this.db.transaction().execute(async (trx) => {
      const repo = new ApiKeysRepository(trx);
      const previous = await repo.setExpiry({ id: old.id, expiresAt: oldExpiresAt });
      const inserted = await repo.insert({
        name: old.name,
        prefix: secret.prefix,
        keyHash: secret.hash,
        stationId: old.station_id,
        createdBy: actor.id,
        rotatedFromId: old.id,
        expiresAt: null,
        now,
      });
      await new AuditRepository(trx).record({
        actor: actorOf(actor),
        action: 'api_key.rotate',
        entity: 'api_key',
        entityId: old.id,
        stationId: old.station_id,
        before: toView(old),
        after: { previous: toView(previous), replacement: toView(inserted) },
        ip: context.ip,
        requestId: context.requestId,
      });
      return { apiKey: toView(inserted), key: secret.key, previous: toView(previous) };
    });
  }

  async revoke(
    actor: StaffPrincipal,
    options: { id: string; context: StaffRequestContext },
  ): Promise<ApiKeyView> {
    const old = await this.getManageable(actor, options.id);
    if (old.revoked_at) throw new AppError('API_KEY_REVOKED');
    const now = this.deps.now();
    return this.db.transaction().execute(async (trx) => {
      const revoked = await new ApiKeysRepository(trx).revoke({ id: old.id, now });
      if (!revoked) throw new AppError('API_KEY_REVOKED');
      await new AuditRepository(trx).record({
        actor: actorOf(actor),
        action: 'api_key.revoke',
        entity: 'api_key',
        entityId: old.id,
        stationId: old.station_id,
        before: toView(old),
        after: toView(revoked),
        ip: options.context.ip,
        requestId: options.context.requestId,
      });
      return toView(revoked);
    });
  }

  /** The key's scope when it is genuine, live and unrevoked; otherwise null. */
  async verifyApiKey(key: string): Promise<ApiKeyPrincipal | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const row = await this.repo.findByPrefixWithHash(parsed.prefix);
    if (!row || !isSameDigest(row.key_hash, sha256Hex(key))) return null;
    const now = this.deps.now();
    if (row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS)
      await this.repo.touch({ id: row.id, now });
    return { keyId: row.id, name: row.name, stationId: row.station_id };
  }
}
