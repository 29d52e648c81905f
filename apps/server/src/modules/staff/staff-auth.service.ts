import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Kysely } from 'kysely';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { permissionsOf, type Permission, type StaffRole } from './permissions.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './staff-passwords.ts';
import {
  csrfTokenFor,
  hashBackupCode,
  newBackupCode,
  randomToken,
  sha256Hex,
} from './staff-secrets.ts';
import { StaffRepository, type StaffCredentialsRow } from './staff.repository.ts';
import {
  actorOf,
  roleOf,
  toStaffView,
  type StaffPrincipal,
  type StaffRequestContext,
  type StaffView,
} from './staff.types.ts';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
export const BACKUP_CODE_COUNT = 10;
const TOTP_STEP_SECONDS = 30;
// Refreshing last_seen_at on every request would turn each read into a write.
const TOUCH_INTERVAL_MS = 60_000;
const TOTP_ISSUER = 'Teppan';
// Roles that can change money, staff or keys are expected to enrol 2FA (see login()).
const ROLES_EXPECTED_TO_USE_2FA: readonly StaffRole[] = ['super_admin', 'admin'];

export interface StaffAuthDeps {
  now: () => Date;
  sessionTtlHours: number;
  publicBaseUrl: string;
  /** The outbox keeps the reset link's token sealed until sent (ADR 0016). */
  fieldCrypto: FieldCrypto;
}

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string | undefined;
  backupCode?: string | undefined;
}

export interface LoginResult {
  staff: StaffView;
  csrfToken: string;
  /** True when this account should enrol TOTP before working (a privileged role without it). */
  twoFactorRequired: boolean;
  sessionToken: string;
  expiresAt: Date;
}

export interface MeView {
  staff: StaffView;
  role: StaffRole;
  stations: { id: string; code: string; name: string }[];
  permissions: Permission[];
  csrfToken: string;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export class StaffAuthService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: StaffAuthDeps,
  ) {}

  private get repo(): StaffRepository {
    return new StaffRepository(this.db);
  }

  async login(
    input: LoginInput,
    context: StaffRequestContext & { previousSessionToken?: string | undefined },
  ): Promise<LoginResult> {
    const now = this.deps.now();
    const staff = await this.repo.findCredentialsByEmail(normalizeEmail(input.email));
    if (!staff) {
      await burnPasswordCheck(input.password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (staff.locked_until && staff.locked_until > now)
      throw new AppError('ACCOUNT_LOCKED', undefined, {
        lockedUntil: staff.locked_until.toISOString(),
      });
    const isPasswordRight = await verifyPassword(staff.password_hash, input.password);
    // A deactivated account answers exactly like a wrong password.
    if (!isPasswordRight || !staff.is_active) {
      if (staff.is_active)
        await this.failAttempt(staff, { context, now, code: 'INVALID_CREDENTIALS' });
      throw new AppError('INVALID_CREDENTIALS');
    }
    let isTwoFactorVerified = false;
    if (staff.totp_enabled_at) {
      if (!input.totpCode && !input.backupCode) throw new AppError('TWO_FACTOR_REQUIRED');
      const isSecondFactorRight = await this.checkSecondFactor(staff, { input, now });
      if (!isSecondFactorRight)
        await this.failAttempt(staff, { context, now, code: 'TWO_FACTOR_INVALID' });
      isTwoFactorVerified = true;
    }

    // Never adopt a session id the client brought along (fixation); retire it instead.
    if (context.previousSessionToken)
      await this.repo.revokeSession({ id: sha256Hex(context.previousSessionToken), now });
    const session = await this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
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
      staff: toStaffView(
        { ...staff, last_login_at: now, failed_attempts: 0, locked_until: null },
        stationIds,
      ),
      csrfToken: csrfTokenFor(session.token),
      twoFactorRequired: !staff.totp_enabled_at && ROLES_EXPECTED_TO_USE_2FA.includes(role),
      sessionToken: session.token,
      expiresAt: session.expiresAt,
    };
  }

  private async failAttempt(
    staff: { id: string },
    options: {
      context: StaffRequestContext;
      now: Date;
      code: 'INVALID_CREDENTIALS' | 'TWO_FACTOR_INVALID';
    },
  ): Promise<never> {
    const result = await this.repo.recordFailedAttempt({
      staffId: staff.id,
      now: options.now,
      maxAttempts: MAX_FAILED_ATTEMPTS,
      lockMs: LOCKOUT_MS,
    });
    if (result.locked_until && result.locked_until > options.now) {
      await new AuditRepository(this.db).record({
        actor: actorOf(staff),
        action: 'staff.locked',
        entity: 'staff',
        entityId: staff.id,
        after: { failedAttempts: result.failed_attempts, lockedUntil: result.locked_until },
        ip: options.context.ip,
        requestId: options.context.requestId,
      });
      throw new AppError('ACCOUNT_LOCKED', undefined, {
        lockedUntil: result.locked_until.toISOString(),
      });
    }
    throw new AppError(options.code);
  }

  private async checkSecondFactor(
    staff: StaffCredentialsRow,
    options: { input: LoginInput; now: Date },
  ): Promise<boolean> {
    const { input, now } = options;
    if (input.totpCode) return this.claimTotpCode(staff, { code: input.totpCode, now });
    if (input.backupCode)
      return this.repo.useBackupCode({
        staffId: staff.id,
        codeHash: hashBackupCode(input.backupCode),
        now,
      });
    return false;
  }

  /** The time step a code belongs to, or null; one step of clock drift either way. */
  private totpStepOf(options: { secret: string; code: string; now: Date }): number | null {
    const checker = authenticator.clone({ epoch: options.now.getTime(), window: 1 });
    const delta = checker.checkDelta(options.code.replace(/\s/g, ''), options.secret);
    if (delta === null) return null;
    return Math.floor(options.now.getTime() / 1000 / TOTP_STEP_SECONDS) + delta;
  }

  private async claimTotpCode(
    staff: StaffCredentialsRow,
    options: { code: string; now: Date },
  ): Promise<boolean> {
    if (!staff.totp_secret) return false;
    const step = this.totpStepOf({
      secret: staff.totp_secret,
      code: options.code,
      now: options.now,
    });
    // A code already used (e.g. read over a shoulder) is refused for the rest of its window.
    return step !== null && (await this.repo.claimTotpStep({ staffId: staff.id, step }));
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
    };
  }

  /** Stores a pending secret; it only counts once a code from it is confirmed. */
  async enrollTotp(
    principal: StaffPrincipal,
    context: StaffRequestContext,
  ): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
    if (principal.isTwoFactorEnabled) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
    // 20 bytes = 160 bits, the HMAC-SHA1 key size RFC 4226 recommends.
    const secret = authenticator.generateSecret(20);
    await this.db.transaction().execute(async (trx) => {
      await new StaffRepository(trx).setPendingTotpSecret(principal.id, secret);
      await new AuditRepository(trx).record({
        actor: actorOf(principal),
        action: 'staff.2fa_enroll',
        entity: 'staff',
        entityId: principal.id,
        ip: context.ip,
        requestId: context.requestId,
      });
    });
    const otpauthUrl = authenticator.keyuri(principal.email, TOTP_ISSUER, secret);
    const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl);
    return { secret, otpauthUrl, qrCodeDataUrl };
  }

  async confirmTotp(
    principal: StaffPrincipal,
    options: { code: string; context: StaffRequestContext },
  ): Promise<{ backupCodes: string[] }> {
    const now = this.deps.now();
    const staff = await this.repo.findCredentialsById(principal.id);
    if (!staff) throw new AppError('UNAUTHORIZED');
    if (staff.totp_enabled_at) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
    if (!staff.totp_secret) throw new AppError('TWO_FACTOR_NOT_PENDING');
    const step = this.totpStepOf({ secret: staff.totp_secret, code: options.code, now });
    if (step === null) throw new AppError('TWO_FACTOR_INVALID');
    const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, () => newBackupCode());
    await this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
      if (!(await repo.enableTotp({ staffId: staff.id, step, now })))
        throw new AppError('TWO_FACTOR_NOT_PENDING');
      await repo.replaceBackupCodes(staff.id, backupCodes.map(hashBackupCode));
      // This session just proved possession of the device; the others must sign in again.
      await repo.markSessionTwoFactorVerified(principal.sessionId);
      await new AuditRepository(trx).record({
        actor: actorOf(principal),
        action: 'staff.2fa_enable',
        entity: 'staff',
        entityId: principal.id,
        before: { isTwoFactorEnabled: false },
        after: { isTwoFactorEnabled: true, backupCodes: BACKUP_CODE_COUNT },
        ip: options.context.ip,
        requestId: options.context.requestId,
      });
    });
    return { backupCodes };
  }

  async disableTotp(
    principal: StaffPrincipal,
    options: { password: string; code: string; context: StaffRequestContext },
  ): Promise<void> {
    const now = this.deps.now();
    const staff = await this.repo.findCredentialsById(principal.id);
    if (!staff) throw new AppError('UNAUTHORIZED');
    if (!staff.totp_enabled_at) throw new AppError('TWO_FACTOR_NOT_ENABLED');
    if (!(await verifyPassword(staff.password_hash, options.password)))
      throw new AppError('INVALID_CREDENTIALS');
    const isCodeRight =
      (await this.claimTotpCode(staff, { code: options.code, now })) ||
      (await this.repo.useBackupCode({
        staffId: staff.id,
        codeHash: hashBackupCode(options.code),
        now,
      }));
    if (!isCodeRight) throw new AppError('TWO_FACTOR_INVALID');
    await this.db.transaction().execute(async (trx) => {
      await new StaffRepository(trx).disableTotp(staff.id);
      await new AuditRepository(trx).record({
        actor: actorOf(principal),
        action: 'staff.2fa_disable',
        entity: 'staff',
        entityId: principal.id,
        before: { isTwoFactorEnabled: true },
        after: { isTwoFactorEnabled: false },
        ip: options.context.ip,
        requestId: options.context.requestId,
      });
    });
  }

  /** Always succeeds from the caller's view, so the answer never reveals who is staff. */
  async requestPasswordReset(email: string, context: StaffRequestContext): Promise<void> {
    const now = this.deps.now();
    const row = await this.repo.findCredentialsByEmail(normalizeEmail(email));
    if (!row || !row.is_active) return;
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
    await this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
      const tokenId = await repo.insertToken({
        purpose: 'password_reset',
        tokenHash: sha256Hex(token),
        expiresAt,
        staffId: row.id,
      });
      const link = `${this.deps.publicBaseUrl}/admin/reset-password?token=${encodeURIComponent(token)}`;
      await new OutboxRepository(trx, this.deps.fieldCrypto).record({
        channel: 'email',
        recipient: row.email,
        subject: 'Reset your Teppan password',
        body: `Hi ${row.name},\n\nSomeone asked to reset the password of your Teppan staff account. If it was you, choose a new password within the next hour: ${link}\n\nIf it was not you, ignore this email; your password stays the same.`,
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
        after: { expiresAt },
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
      if (!token?.staff_id) throw new AppError('TOKEN_INVALID');
      await repo.setPassword({ staffId: token.staff_id, passwordHash, now });
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
