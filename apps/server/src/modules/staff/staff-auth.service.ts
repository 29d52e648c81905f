import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { LoginThrottleRepository } from './login-throttle.repository.ts';
import {
  permissionsOf,
  requiresTwoFactor,
  type Permission,
  type StaffRole,
} from './permissions.ts';
import { burnPasswordCheck, verifyPassword } from './staff-passwords.ts';
import { csrfTokenFor, randomToken, sha256Hex } from './staff-secrets.ts';
import { StaffStoredSecretsRepository } from './staff-stored-secrets.repository.ts';
import { StaffRepository, type StaffCredentialsRow } from './staff.repository.ts';
import {
  actorOf,
  roleOf,
  toStaffView,
  type StaffPrincipal,
  type StaffRequestContext,
  type StaffView,
} from './staff.types.ts';
import {
  normalizeEmail,
  StaffCredentialChecks,
  type StaffAuthDeps,
} from './staff-credential-checks.ts';
import { StaffPasswordResetService } from './staff-password-reset.service.ts';
import { StaffTwoFactorService } from './staff-two-factor.service.ts';

export {
  BACKUP_CODE_COUNT,
  normalizeEmail,
  PASSWORD_RESET_TTL_MS,
  type StaffAuthDeps,
} from './staff-credential-checks.ts';

// Refreshing last_seen_at on every request would turn each read into a write.
const TOUCH_INTERVAL_MS = 60_000;

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string | undefined;
  backupCode?: string | undefined;
}

export interface LoginResult {
  staff: StaffView;
  csrfToken: string;
  /**
   * A role that must use TOTP, without it: this session reaches only enrolment, `auth/me` and
   * sign-out until a code from a new authenticator is confirmed.
   */
  twoFactorEnrolmentRequired: boolean;
  sessionToken: string;
  expiresAt: Date;
}

export interface MeView {
  staff: StaffView;
  role: StaffRole;
  stations: { id: string; code: string; name: string }[];
  permissions: Permission[];
  csrfToken: string;
  twoFactorEnrolmentRequired: boolean;
}

/**
 * Staff sign-in and sessions here; the second factor in staff-two-factor.service.ts and
 * password reset in staff-password-reset.service.ts, reached through this class.
 */
export class StaffAuthService {
  private readonly checks: StaffCredentialChecks;
  private readonly twoFactor: StaffTwoFactorService;
  private readonly passwordReset: StaffPasswordResetService;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: StaffAuthDeps,
  ) {
    this.checks = new StaffCredentialChecks(db, deps);
    this.twoFactor = new StaffTwoFactorService(db, deps, this.checks);
    this.passwordReset = new StaffPasswordResetService(db, deps, this.checks);
  }

  private get repo(): StaffRepository {
    return new StaffRepository(this.db);
  }

  async login(
    input: LoginInput,
    context: StaffRequestContext & { previousSessionToken?: string | undefined },
  ): Promise<LoginResult> {
    const now = this.deps.now();
    const email = normalizeEmail(input.email);
    const throttle = this.checks.throttleKeyOf(email, context);
    // Known, unknown and deactivated accounts take the same steps (one lookup, one counted
    // attempt, one argon2 verification) and fail with the same answer (ADR 0017).
    const staff = await this.repo.findCredentialsByEmail(email);
    const attempt = await this.checks.countAttempt(throttle, now);
    const isPasswordRight = staff
      ? await verifyPassword(staff.password_hash, input.password)
      : await burnPasswordCheck(input.password);
    if (!staff || !isPasswordRight || !staff.is_active)
      return this.checks.refuse(attempt, {
        staffId: staff?.id ?? null,
        context,
        code: 'INVALID_CREDENTIALS',
      });
    let isTwoFactorVerified = false;
    if (staff.totp_enabled_at) {
      if (!input.totpCode && !input.backupCode) throw new AppError('TWO_FACTOR_REQUIRED');
      const isSecondFactorRight = await this.checkSecondFactor(staff, { input, now });
      if (!isSecondFactorRight)
        return this.checks.refuse(attempt, {
          staffId: staff.id,
          context,
          code: 'TWO_FACTOR_INVALID',
        });
      isTwoFactorVerified = true;
    }

    // Never adopt a session id the client brought along (fixation); retire it instead.
    if (context.previousSessionToken)
      await this.repo.revokeSession({ id: sha256Hex(context.previousSessionToken), now });
    const session = await this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
      await new LoginThrottleRepository(trx).clear(throttle);
      await repo.recordSuccessfulLogin({ staffId: staff.id, now });
      const issued = await this.issueSession(repo, {
        staffId: staff.id,
        isTwoFactorVerified,
        context,
        now,
      });
      await new AuditRepository(trx).record({
        actor: actorOf(staff),
        action: 'staff.login',
        entity: 'staff',
        entityId: staff.id,
        after: {
          method:
            input.backupCode && !input.totpCode
              ? 'backup_code'
              : staff.totp_enabled_at
                ? 'totp'
                : 'password',
        },
        ip: context.ip,
        requestId: context.requestId,
      });
      return issued;
    });
    const stationIds = await this.repo.stationIdsOf(staff.id);
    const role = roleOf(staff.role);
    return {
      staff: toStaffView({ ...staff, last_login_at: now }, stationIds),
      csrfToken: csrfTokenFor(session.token),
      twoFactorEnrolmentRequired: requiresTwoFactor(role) && !staff.totp_enabled_at,
      sessionToken: session.token,
      expiresAt: session.expiresAt,
    };
  }

  private async checkSecondFactor(
    staff: StaffCredentialsRow,
    options: { input: LoginInput; now: Date },
  ): Promise<boolean> {
    const { input, now } = options;
    if (input.totpCode) return this.checks.claimTotpCode(staff, { code: input.totpCode, now });
    if (input.backupCode)
      return this.repo.useBackupCode({
        staffId: staff.id,
        codeHashes: this.deps.secrets.backupCodeCandidates(input.backupCode),
        now,
      });
    return false;
  }

  private async issueSession(
    repo: StaffRepository,
    options: {
      staffId: string;
      isTwoFactorVerified: boolean;
      context: StaffRequestContext;
      now: Date;
    },
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = new Date(options.now.getTime() + this.deps.sessionTtlHours * 3_600_000);
    await repo.insertSession({
      id: sha256Hex(token),
      staffId: options.staffId,
      csrfTokenHash: sha256Hex(csrfTokenFor(token)),
      isTwoFactorVerified: options.isTwoFactorVerified,
      ip: options.context.ip,
      userAgent: options.context.userAgent?.slice(0, 512) ?? null,
      now: options.now,
      expiresAt,
    });
    return { token, expiresAt };
  }

  /**
   * Resolves a session cookie to its staff member, or throws UNAUTHORIZED. The CSRF hash
   * comes back so `requireStaff` can check the header against this very session.
   */
  async authenticate(
    sessionToken: string | undefined,
  ): Promise<{ principal: StaffPrincipal; csrfTokenHash: string }> {
    if (!sessionToken || sessionToken.length > 128) throw new AppError('UNAUTHORIZED');
    const now = this.deps.now();
    const row = await this.repo.findSessionWithStaff(sha256Hex(sessionToken));
    if (!row || row.revoked_at || row.expires_at <= now || !row.is_active)
      throw new AppError('UNAUTHORIZED');
    // A session opened before 2FA was switched on must sign in again with a code.
    if (row.totp_enabled_at && !row.is_two_factor_verified)
      throw new AppError('TWO_FACTOR_REQUIRED');
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS)
      await this.repo.touchSession({ id: row.session_id, now });
    return {
      principal: {
        id: row.id,
        email: row.email,
        name: row.name,
        role: roleOf(row.role),
        stationIds: row.station_ids,
        sessionId: row.session_id,
        csrfToken: csrfTokenFor(sessionToken),
        isTwoFactorEnabled: row.totp_enabled_at !== null,
        isTwoFactorEnrolmentRequired:
          requiresTwoFactor(roleOf(row.role)) && row.totp_enabled_at === null,
      },
      csrfTokenHash: row.csrf_token_hash,
    };
  }

  async logout(principal: StaffPrincipal, context: StaffRequestContext): Promise<void> {
    const now = this.deps.now();
    await this.db.transaction().execute(async (trx) => {
      await new StaffRepository(trx).revokeSession({ id: principal.sessionId, now });
      await new AuditRepository(trx).record({
        actor: actorOf(principal),
        action: 'staff.logout',
        entity: 'staff',
        entityId: principal.id,
        ip: context.ip,
        requestId: context.requestId,
      });
    });
  }

  async logoutAll(
    principal: StaffPrincipal,
    context: StaffRequestContext,
  ): Promise<{ revokedSessions: number }> {
    const now = this.deps.now();
    return this.db.transaction().execute(async (trx) => {
      const revokedSessions = await new StaffRepository(trx).revokeAllSessions({
        staffId: principal.id,
        now,
      });
      await new AuditRepository(trx).record({
        actor: actorOf(principal),
        action: 'staff.logout_all',
        entity: 'staff',
        entityId: principal.id,
        after: { revokedSessions },
        ip: context.ip,
        requestId: context.requestId,
      });
      return { revokedSessions };
    });
  }

  async me(principal: StaffPrincipal): Promise<MeView> {
    const row = await this.repo.findById(principal.id);
    if (!row) throw new AppError('UNAUTHORIZED');
    const stations = await this.repo.listStations(
      principal.role === 'super_admin' ? {} : { ids: principal.stationIds },
    );
    return {
      staff: toStaffView(row, principal.stationIds),
      role: principal.role,
      stations,
      permissions: permissionsOf(principal.role),
      csrfToken: principal.csrfToken,
      twoFactorEnrolmentRequired: principal.isTwoFactorEnrolmentRequired,
    };
  }

  /**
   * Start-up step (runtime.ts), idempotent and safe with several instances starting at once:
   * seals TOTP seeds stored in plain text before issue F5, re-seals seeds under an older key
   * after a rotation (ENCRYPTION_KEYS lists the new key first), and peppers backup codes
   * still stored as a plain SHA-256. A seed under a key no longer in the ring stops the
   * start, naming the row, rather than locking that person out later.
   */
  async sealStoredSecrets(): Promise<{ sealedSeeds: number; pepperedBackupCodes: number }> {
    const { secrets } = this.deps;
    const storedSecrets = new StaffStoredSecretsRepository(this.db);
    let sealedSeeds = 0;
    for (const row of await storedSecrets.listTotpSeeds()) {
      const stored = row.totp_secret;
      if (stored === null || secrets.isTotpSeedCurrent(stored)) continue;
      let seed: string;
      try {
        seed = secrets.openTotpSeed(stored);
      } catch (error) {
        throw new Error(
          `The TOTP seed of staff ${row.id} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const sealed = secrets.sealTotpSeed(seed);
      if (await storedSecrets.replaceTotpSeed({ id: row.id, from: stored, to: sealed }))
        sealedSeeds += 1;
    }
    let pepperedBackupCodes = 0;
    for (const row of await storedSecrets.listUnpepperedBackupCodes()) {
      const peppered = secrets.legacyBackupCodeHash(row.code_hash);
      if (await storedSecrets.pepperBackupCode({ id: row.id, from: row.code_hash, to: peppered }))
        pepperedBackupCodes += 1;
    }
    return { sealedSeeds, pepperedBackupCodes };
  }

  // Second factor and password reset ----------------------------------------------------

  enrollTotp(...args: Parameters<StaffTwoFactorService['enrollTotp']>) {
    return this.twoFactor.enrollTotp(...args);
  }

  confirmTotp(...args: Parameters<StaffTwoFactorService['confirmTotp']>) {
    return this.twoFactor.confirmTotp(...args);
  }

  disableTotp(...args: Parameters<StaffTwoFactorService['disableTotp']>) {
    return this.twoFactor.disableTotp(...args);
  }

  requestPasswordReset(...args: Parameters<StaffPasswordResetService['requestPasswordReset']>) {
    return this.passwordReset.requestPasswordReset(...args);
  }

  confirmPasswordReset(...args: Parameters<StaffPasswordResetService['confirmPasswordReset']>) {
    return this.passwordReset.confirmPasswordReset(...args);
  }
}
