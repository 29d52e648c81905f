import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { DEFAULT_BRAND, type Brand } from '../notifications/brand.ts';
import { renderStaffInvitation } from '../notifications/templates/staff-account-emails.tsx';
import { ApiKeysRepository } from './api-keys.repository.ts';
import { canGrantRole, canSeeStation, type StaffRole } from './permissions.ts';
import { normalizeEmail } from './staff-auth.service.ts';
import { hashPassword } from './staff-passwords.ts';
import { randomToken, sha256Hex } from './staff-secrets.ts';
import { StaffInvitationsRepository } from './staff-invitations.repository.ts';
import { StaffRepository, type InvitationListRow } from './staff.repository.ts';
import {
  actorOf,
  roleOf,
  toStaffView,
  type StaffPrincipal,
  type StaffRequestContext,
  type StaffView,
} from './staff.types.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export interface StaffAdminDeps {
  now: () => Date;
  publicBaseUrl: string;
  /** The outbox keeps the invitation link's token sealed until sent (ADR 0016). */
  fieldCrypto: FieldCrypto;
  /** How the invitation email looks (the mail configuration's sender and site address). */
  brand?: Brand;
}

export interface InvitationInput {
  email: string;
  name: string;
  role: StaffRole;
  stationIds: string[];
}

export interface InvitationView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  stationIds: string[];
  expiresAt: string;
  createdAt: string;
  invitedByName: string | null;
  revokedAt: string | null;
}

function toInvitationView(row: InvitationListRow, revokedAt: Date | null = null): InvitationView {
  // The table's CHECK guarantees these for purpose = 'invitation'.
  if (!row.email || !row.name || !row.role || !row.station_ids)
    throw new AppError('INTERNAL', `Invitation ${row.id} is incomplete.`);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: roleOf(row.role),
    stationIds: row.station_ids,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    invitedByName: row.invited_by_name,
    revokedAt: revokedAt?.toISOString() ?? null,
  };
}

export interface StaffPatch {
  role?: StaffRole | undefined;
  stationIds?: string[] | undefined;
  isActive?: boolean | undefined;
}

export class StaffAdminService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: StaffAdminDeps,
  ) {}

  private get repo(): StaffRepository {
    return new StaffRepository(this.db);
  }

  /** Station scope for lists: super admins see all, others staff sharing a station. */
  private scopeOf(actor: StaffPrincipal): { stationIds?: string[] } {
    return actor.role === 'super_admin' ? {} : { stationIds: actor.stationIds };
  }

  private async assertStationsGrantable(actor: StaffPrincipal, stationIds: string[]) {
    const unique = [...new Set(stationIds)];
    const found = await this.repo.listStations({ ids: unique });
    if (found.length !== unique.length) throw new AppError('STATION_NOT_FOUND');
    if (!unique.every((id) => canSeeStation(actor, id)))
      throw new AppError('FORBIDDEN', 'You can only grant access to your own stations.');
    return { stationIds: unique, stationNames: found.map((station) => station.name) };
  }

  async list(actor: StaffPrincipal): Promise<StaffView[]> {
    const rows = await this.repo.list(this.scopeOf(actor));
    return rows.map((row) => toStaffView(row, row.station_ids));
  }

  async invite(
    actor: StaffPrincipal,
    options: { input: InvitationInput; context: StaffRequestContext },
  ): Promise<{ invitationId: string; email: string; expiresAt: string }> {
    const { input, context } = options;
    if (!canGrantRole(actor.role, input.role)) throw new AppError('ROLE_NOT_GRANTABLE');
    const { stationIds, stationNames } = await this.assertStationsGrantable(
      actor,
      input.stationIds,
    );
    const email = normalizeEmail(input.email);
    if (await this.repo.isEmailTaken(email)) throw new AppError('STAFF_EMAIL_TAKEN');
    const now = this.deps.now();
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    // Rendered before the transaction: it needs only the link, and holds no row lock.
    const link = `${this.deps.publicBaseUrl}/admin/accept-invitation?token=${encodeURIComponent(token)}`;
    const message = await renderStaffInvitation(
      {
        inviteeName: input.name,
        inviterName: actor.name,
        role: input.role,
        stationNames,
        link,
        now,
        expiresAt,
      },
      this.deps.brand ?? DEFAULT_BRAND,
    );
    const invitationId = await this.db.transaction().execute(async (trx) => {
      const id = await new StaffRepository(trx).insertToken({
        purpose: 'invitation',
        tokenHash: sha256Hex(token),
        expiresAt,
        invitation: { email, name: input.name, role: input.role, stationIds },
        createdBy: actor.id,
      });
      await new OutboxRepository(trx, this.deps.fieldCrypto).record({
        channel: 'email',
        recipient: email,
        subject: message.subject,
        body: message.text,
        html: message.html,
        template: 'staff.invitation',
        data: { invitationId: id, role: input.role, expiresAt: expiresAt.toISOString() },
        dedupeKey: `staff.invitation:${id}`,
        secrets: { values: [token], expiresAt },
      });
      await new AuditRepository(trx).record({
        actor: actorOf(actor),
        action: 'staff.invite',
        entity: 'staff_invitation',
        entityId: id,
        after: { email, name: input.name, role: input.role, stationIds, expiresAt },
        ip: context.ip,
        requestId: context.requestId,
      });
      return id;
    });
    return { invitationId, email, expiresAt: expiresAt.toISOString() };
  }

  /** Open invitations whose every station is the actor's (all of them for a super admin). */
  async listInvitations(actor: StaffPrincipal): Promise<InvitationView[]> {
    const rows = await new StaffInvitationsRepository(this.db).listOpenInvitations({
      now: this.deps.now(),
      ...this.scopeOf(actor),
    });
    return rows.map((row) => toInvitationView(row));
  }

  /**
   * Withdraws an open invitation: its link then answers INVITATION_REVOKED. Racing an
   * acceptance, exactly one wins (both update the same row only while it is open).
   */
  async revokeInvitation(
    actor: StaffPrincipal,
    options: { id: string; context: StaffRequestContext },
  ): Promise<InvitationView> {
    const now = this.deps.now();
    return this.db.transaction().execute(async (trx) => {
      const repo = new StaffInvitationsRepository(trx);
      const row = await repo.findInvitation(options.id);
      if (!row) throw new AppError('INVITATION_NOT_FOUND');
      if (!(row.station_ids ?? []).every((id) => canSeeStation(actor, id)))
        throw new AppError('FORBIDDEN', 'This invitation is for a station that is not yours.');
      if (!(await repo.revokeInvitation({ id: row.id, revokedBy: actor.id, now })))
        throw new AppError('INVITATION_CLOSED');
      const view = toInvitationView(row, now);
      await new AuditRepository(trx).record({
        actor: actorOf(actor),
        action: 'staff.invitation_revoke',
        entity: 'staff_invitation',
        entityId: row.id,
        before: { email: row.email, role: row.role, stationIds: row.station_ids },
        after: { revokedAt: now },
        ip: options.context.ip,
        requestId: options.context.requestId,
      });
      return view;
    });
  }

  async acceptInvitation(
    input: { token: string; password: string },
    context: StaffRequestContext,
  ): Promise<StaffView> {
    const now = this.deps.now();
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const repo = new StaffRepository(trx);
        const tokenHash = sha256Hex(input.token);
        const token = await repo.consumeToken({ purpose: 'invitation', tokenHash, now });
        if (!token?.email || !token.name || !token.role || !token.station_ids)
          throw new AppError(
            (await repo.isTokenRevoked({ purpose: 'invitation', tokenHash }))
              ? 'INVITATION_REVOKED'
              : 'TOKEN_INVALID',
          );
        const staffId = await repo.insert({
          email: token.email,
          name: token.name,
          role: token.role,
          passwordHash,
        });
        await repo.replaceStations(staffId, token.station_ids);
        const row = await repo.findById(staffId);
        if (!row) throw new AppError('INTERNAL');
        const view = toStaffView(row, await repo.stationIdsOf(staffId));
        await new AuditRepository(trx).record({
          actor: actorOf({ id: staffId }),
          action: 'staff.invitation_accept',
          entity: 'staff',
          entityId: staffId,
          after: view,
          ip: context.ip,
          requestId: context.requestId,
        });
        return view;
      });
    } catch (error) {
      // Someone took the email between invitation and acceptance (e.g. a second invite).
      if (isUniqueViolation(error, 'staff_email_key')) throw new AppError('STAFF_EMAIL_TAKEN');
      throw error;
    }
  }

  async patch(
    actor: StaffPrincipal,
    options: { staffId: string; patch: StaffPatch; context: StaffRequestContext },
  ): Promise<StaffView> {
    const { staffId, patch, context } = options;
    const now = this.deps.now();
    return this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
      const row = await repo.findById(staffId);
      if (!row) throw new AppError('STAFF_NOT_FOUND');
      const before = toStaffView(row, await repo.stationIdsOf(staffId));
      // Admins manage only people who work entirely within their own stations.
      if (actor.role !== 'super_admin') {
        if (!before.stationIds.every((id) => canSeeStation(actor, id)))
          throw new AppError('FORBIDDEN', 'This staff member belongs to another station.');
        if (!canGrantRole(actor.role, before.role)) throw new AppError('ROLE_NOT_GRANTABLE');
      }
      if (patch.role !== undefined && !canGrantRole(actor.role, patch.role))
        throw new AppError('ROLE_NOT_GRANTABLE');
      // Demoting or deactivating yourself could leave nobody able to manage staff.
      if (staffId === actor.id && (patch.role !== undefined || patch.isActive === false))
        throw new AppError('FORBIDDEN', 'You cannot change your own role or deactivate yourself.');
      let stationIds = before.stationIds;
      if (patch.stationIds !== undefined) {
        stationIds = (await this.assertStationsGrantable(actor, patch.stationIds)).stationIds;
        await repo.replaceStations(staffId, stationIds);
      }
      await repo.update(staffId, { role: patch.role, isActive: patch.isActive, now });
      // A deactivated member's sessions and API keys stop at once (issue F5); reactivating
      // brings neither back.
      let revokedApiKeys = 0;
      if (patch.isActive === false) {
        await repo.revokeAllSessions({ staffId, now });
        revokedApiKeys = await new ApiKeysRepository(trx).revokeAllOfCreator({
          createdBy: staffId,
          now,
        });
      }
      const updated = await repo.findById(staffId);
      if (!updated) throw new AppError('STAFF_NOT_FOUND');
      const after = toStaffView(updated, [...stationIds].sort());
      await new AuditRepository(trx).record({
        actor: actorOf(actor),
        action: 'staff.update',
        entity: 'staff',
        entityId: staffId,
        before,
        after: revokedApiKeys ? { ...after, revokedApiKeys } : after,
        ip: context.ip,
        requestId: context.requestId,
      });
      return after;
    });
  }
}
