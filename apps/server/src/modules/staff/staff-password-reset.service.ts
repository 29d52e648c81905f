import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { DEFAULT_BRAND } from '../notifications/brand.ts';
import { renderStaffPasswordReset } from '../notifications/templates/staff-account-emails.tsx';
import { LoginThrottleRepository } from './login-throttle.repository.ts';
import { hashPassword } from './staff-passwords.ts';
import { randomToken, sha256Hex } from './staff-secrets.ts';
import { StaffRepository } from './staff.repository.ts';
import { actorOf, type StaffRequestContext } from './staff.types.ts';
import {
  normalizeEmail,
  PASSWORD_RESET_TTL_MS,
  StaffCredentialChecks,
  type StaffAuthDeps,
} from './staff-credential-checks.ts';

/** Password reset by an emailed link, valid an hour; only the newest link works. */
export class StaffPasswordResetService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: StaffAuthDeps,
    private readonly checks: StaffCredentialChecks,
  ) {}

  private get repo(): StaffRepository {
    return new StaffRepository(this.db);
  }

  /** Always succeeds from the caller's view, so the answer never reveals who is staff. */
  async requestPasswordReset(email: string, context: StaffRequestContext): Promise<void> {
    const now = this.deps.now();
    const row = await this.repo.findCredentialsByEmail(normalizeEmail(email));
    if (!row || !row.is_active) return;
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
    const link = `${this.deps.publicBaseUrl}/admin/reset-password?token=${encodeURIComponent(token)}`;
    // Rendered before the transaction: it needs only the link, and holds no row lock.
    const message = await renderStaffPasswordReset(
      { staffName: row.name, link, now, expiresAt },
      this.deps.brand ?? DEFAULT_BRAND,
    );
    await this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
      // Only the newest link works: older open ones are superseded, one request at a time.
      await repo.lockStaff(row.id);
      const supersededLinks = await repo.revokeOpenResetTokens({ staffId: row.id, now });
      const tokenId = await repo.insertToken({
        purpose: 'password_reset',
        tokenHash: sha256Hex(token),
        expiresAt,
        staffId: row.id,
      });
      await new OutboxRepository(trx, this.deps.fieldCrypto).record({
        channel: 'email',
        recipient: row.email,
        subject: message.subject,
        body: message.text,
        html: message.html,
        template: 'staff.password_reset',
        data: { staffId: row.id, expiresAt: expiresAt.toISOString() },
        dedupeKey: `staff.password_reset:${tokenId}`,
        secrets: { values: [token], expiresAt },
      });
      await new AuditRepository(trx).record({
        actor: 'anonymous',
        action: 'staff.password_reset_request',
        entity: 'staff',
        entityId: row.id,
        after: { expiresAt, supersededLinks },
        ip: context.ip,
        requestId: context.requestId,
      });
    });
  }

  async confirmPasswordReset(
    input: { token: string; newPassword: string },
    context: StaffRequestContext,
  ): Promise<void> {
    const now = this.deps.now();
    const passwordHash = await hashPassword(input.newPassword);
    await this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
      const token = await repo.consumeToken({
        purpose: 'password_reset',
        tokenHash: sha256Hex(input.token),
        now,
      });
      if (!token?.staff_id) {
        const tokenHash = sha256Hex(input.token);
        throw new AppError(
          (await repo.isTokenRevoked({ purpose: 'password_reset', tokenHash }))
            ? 'RESET_LINK_SUPERSEDED'
            : 'TOKEN_INVALID',
        );
      }
      await repo.setPassword({ staffId: token.staff_id, passwordHash, now });
      // Whoever reset the password may sign in from here at once, even if this address was
      // locked; other addresses (an attacker's) keep their count.
      const staff = await repo.findById(token.staff_id);
      if (staff)
        await new LoginThrottleRepository(trx).clear(
          this.checks.throttleKeyOf(staff.email, context),
        );
      // Whoever held the old password (or a stolen cookie) is signed out everywhere.
      const revokedSessions = await repo.revokeAllSessions({ staffId: token.staff_id, now });
      await new AuditRepository(trx).record({
        actor: actorOf({ id: token.staff_id }),
        action: 'staff.password_reset',
        entity: 'staff',
        entityId: token.staff_id,
        after: { revokedSessions },
        ip: context.ip,
        requestId: context.requestId,
      });
    });
  }
}
