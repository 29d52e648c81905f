import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import {
  apiKeyScopes,
  can,
  canSeeStation,
  isStaffRole,
  type ApiKeyScope,
  type Permission,
  type StaffRole,
} from './permissions.ts';
import {
  ApiKeysRepository,
  type ApiKeyRevokedReason,
  type ApiKeyRow,
} from './api-keys.repository.ts';
import { isSameDigest, newApiKey, parseApiKey, sha256Hex } from './staff-secrets.ts';
import { StaffRepository } from './staff.repository.ts';
import { actorOf, type StaffPrincipal, type StaffRequestContext } from './staff.types.ts';

export interface ApiKeysDeps {
  now: () => Date;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  stationId: string | null;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdByName: string | null;
  /** False once the creator is deactivated (or deleted): the key no longer works. */
  isCreatorActive: boolean;
  rotatedFromId: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedReason: ApiKeyRevokedReason | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** Who called with a valid API key: what an integration route needs to scope its work. */
export interface ApiKeyPrincipal {
  keyId: string;
  name: string;
  /** null = every station. */
  stationId: string | null;
  scopes: ApiKeyScope[];
  /** The creator as they are now: a key never does more than they may. */
  creator: { id: string; role: StaffRole; stationIds: string[] };
}

const isApiKeyScope = (value: string): value is ApiKeyScope =>
  (apiKeyScopes as readonly string[]).includes(value);

// A scope dropped from the list in a later release simply stops granting anything.
const scopesOf = (stored: readonly string[]): ApiKeyScope[] => stored.filter(isApiKeyScope);

const isRevokedReason = (value: string | null): value is ApiKeyRevokedReason =>
  value === 'revoked' || value === 'creator_deactivated';

const toView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  stationId: row.station_id,
  scopes: scopesOf(row.scopes),
  createdBy: row.created_by,
  createdByName: row.created_by_name,
  isCreatorActive: row.is_creator_active,
  rotatedFromId: row.rotated_from_id,
  expiresAt: row.expires_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  revokedReason: isRevokedReason(row.revoked_reason) ? row.revoked_reason : null,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

/**
 * May a verified key do `permission` on `stationId`? Only within its scopes AND what its
 * creator may do now (role in the matrix, stations); throws the reason otherwise.
 */
export async function assertApiKeyMay(
  key: ApiKeyPrincipal,
  options: { permission: Permission; stationOf: () => Promise<string> },
): Promise<void> {
  const { permission } = options;
  if (!(key.scopes as readonly string[]).includes(permission))
    throw new AppError('API_KEY_SCOPE_MISSING');
  if (!can(key.creator.role, permission))
    throw new AppError('FORBIDDEN', 'The staff member who created this API key may not do this.');
  // Looked up only once the key may act at all: a key without the scope learns nothing.
  const stationId = await options.stationOf();
  if (
    (key.stationId !== null && key.stationId !== stationId) ||
    !canSeeStation(key.creator, stationId)
  )
    throw new AppError('FORBIDDEN', 'This API key does not cover that station.');
}

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

  /** A key never gets a scope its creator's role lacks. */
  private assertScopesGrantable(actor: StaffPrincipal, scopes: readonly ApiKeyScope[]): void {
    if (!scopes.every((scope) => can(actor.role, scope)))
      throw new AppError('API_KEY_SCOPE_NOT_GRANTABLE');
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
      input: {
        name: string;
        stationId?: string | undefined;
        scopes: ApiKeyScope[];
        expiresInDays?: number | undefined;
      };
      context: StaffRequestContext;
    },
  ): Promise<{ apiKey: ApiKeyView; key: string }> {
    const { input, context } = options;
    const stationId = input.stationId ?? null;
    this.assertCanManage(actor, stationId);
    this.assertScopesGrantable(actor, input.scopes);
    const now = this.deps.now();
    const expiresAt =
      input.expiresInDays === undefined
        ? null
        : new Date(now.getTime() + input.expiresInDays * 24 * 3_600_000);
    const secret = newApiKey();
    const row = await this.db.transaction().execute(async (trx) => {
      // A super admin may name any station: one that does not exist is the caller's error.
      if (stationId !== null) {
        const [station] = await new StaffRepository(trx).listStations({ ids: [stationId] });
        if (!station) throw new AppError('STATION_NOT_FOUND');
      }
      const inserted = await new ApiKeysRepository(trx).insert({
        name: input.name,
        prefix: secret.prefix,
        keyHash: secret.hash,
        stationId,
        scopes: input.scopes,
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
   * A new key with the same name, station and scopes, created by (and so limited to) the
   * one who rotates it; the old one keeps working until the overlap ends so integrations can
   * switch without downtime.
   */
  async rotate(
    actor: StaffPrincipal,
    options: { id: string; overlapHours: number; context: StaffRequestContext },
  ): Promise<{ apiKey: ApiKeyView; key: string; previous: ApiKeyView }> {
    const { id, overlapHours, context } = options;
    const old = await this.getManageable(actor, id);
    const now = this.deps.now();
    if (old.revoked_at) throw new AppError('API_KEY_REVOKED');
    const scopes = scopesOf(old.scopes);
    this.assertScopesGrantable(actor, scopes);
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
        scopes,
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

  /**
   * The key's scope and its creator's current rights when it is genuine, live, unrevoked
   * and its creator active; otherwise null. Checked on every call, so deactivating the
   * creator stops the key at once even before the revocation commits.
   */
  async verifyApiKey(key: string): Promise<ApiKeyPrincipal | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const row = await this.repo.findForVerification(parsed.prefix);
    if (!row || !isSameDigest(row.key_hash, sha256Hex(key))) return null;
    const now = this.deps.now();
    if (row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
    if (!row.creator_id || !row.creator_is_active || !row.creator_role) return null;
    if (!isStaffRole(row.creator_role)) return null;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS)
      await this.repo.touch({ id: row.id, now });
    return {
      keyId: row.id,
      name: row.name,
      stationId: row.station_id,
      scopes: scopesOf(row.scopes),
      creator: {
        id: row.creator_id,
        role: row.creator_role,
        stationIds: row.creator_station_ids,
      },
    };
  }
}
