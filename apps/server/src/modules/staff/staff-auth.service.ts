import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Kysely } from 'kysely';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { FAILURE_WINDOW_MS, lockSchedule } from './login-throttle.ts';
import { LoginThrottleRepository, type ThrottleKey } from './login-throttle.repository.ts';
import {
  permissionsOf,
  requiresTwoFactor,
  type Permission,
  type StaffRole,
} from './permissions.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './staff-passwords.ts';
import {
  csrfTokenFor,
  newBackupCode,
  randomToken,
  sha256Hex,
  type StaffSecrets,
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

export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
export const BACKUP_CODE_COUNT = 10;
const TOTP_STEP_SECONDS = 30;
// Refreshing last_seen_at on every request would turn each read into a write.
const TOUCH_INTERVAL_MS = 60_000;
const TOTP_ISSUER = 'Teppan';

export interface StaffAuthDeps {
  now: () => Date;
  sessionTtlHours: number;
  publicBaseUrl: string;
  /** The outbox keeps the reset link's token sealed until sent (ADR 0016). */
  fieldCrypto: FieldCrypto;
  secrets: StaffSecrets;
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
    const email = normalizeEmail(input.email);
    const throttle = this.throttleKeyOf(email, context);
    // Known, unknown and deactivated accounts take the same steps (one lookup, one counted
    // attempt, one argon2 verification) and fail with the same answer (ADR 0017).
    const staff = await this.repo.findCredentialsByEmail(email);
    const attempt = await this.countAttempt(throttle, now);
    const isPasswordRight = staff
      ? await verifyPassword(staff.password_hash, input.password)
      : await burnPasswordCheck(input.password);
    if (!staff || !isPasswordRight || !staff.is_active)
      return this.refuse(attempt, {
        staffId: staff?.id ?? null,
        context,
        code: 'INVALID_CREDENTIALS',
      });
    let isTwoFactorVerified = false;
    if (staff.totp_enabled_at) {
      if (!input.totpCode && !input.backupCode) throw new AppError('TWO_FACTOR_REQUIRED');
      const isSecondFactorRight = await this.checkSecondFactor(staff, { input, now });
      if (!isSecondFactorRight)
        return this.refuse(attempt, { staffId: staff.id, context, code: 'TWO_FACTOR_INVALID' });
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

  /** Where sign-in failures are counted: this email (known or not) from this address. */
  private throttleKeyOf(normalizedEmail: string, context: StaffRequestContext): ThrottleKey {
    return {
      accountKey: this.deps.secrets.loginThrottleKey(normalizedEmail),
      ip: context.ip ?? '',
    };
  }

  /**
   * Counts a password check before it runs (so a burst of parallel guesses cannot pass the
   * limit) and refuses at once while the pair is locked. A success clears the count.
   */
  private async countAttempt(key: ThrottleKey, now: Date): Promise<{ lockedUntil: Date | null }> {
    const attempt = await new LoginThrottleRepository(this.db).countAttempt(key, {
      now,
      windowStart: new Date(now.getTime() - FAILURE_WINDOW_MS),
      schedule: lockSchedule,
    });
    if (attempt.isLocked)
      throw new AppError('ACCOUNT_LOCKED', undefined, {
        lockedUntil: attempt.lockedUntil.toISOString(),
      });
    return { lockedUntil: attempt.lockedUntil };
  }

  /** A failed check: 423 when this very failure started a lock, otherwise `code`. */
  private async refuse(
    attempt: { lockedUntil: Date | null },
    options: {
      staffId: string | null;
      context: StaffRequestContext;
      code: 'INVALID_CREDENTIALS' | 'TWO_FACTOR_INVALID' | 'PASSWORD_INCORRECT';
    },
  ): Promise<never> {
    const { lockedUntil } = attempt;
    if (lockedUntil) {
      await new AuditRepository(this.db).record({
        actor: options.staffId ? actorOf({ id: options.staffId }) : 'anonymous',
        action: 'staff.locked',
        entity: 'staff',
        entityId: options.staffId,
        after: { lockedUntil },
        ip: options.context.ip,
        requestId: options.context.requestId,
      });
      throw new AppError('ACCOUNT_LOCKED', undefined, { lockedUntil: lockedUntil.toISOString() });
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
        codeHashes: this.deps.secrets.backupCodeCandidates(input.backupCode),
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
      secret: this.deps.secrets.openTotpSeed(staff.totp_secret),
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
   * Asks for the password again before a change to the second factor, so a session left
   * open (or stolen) cannot swap the authenticator. Counted like a sign-in from this
   * address; the caller clears the count once the whole change succeeds.
   */
  private async recheckPassword(
    principal: StaffPrincipal,
    options: { password: string; context: StaffRequestContext; now: Date },
  ): Promise<{
    staff: StaffCredentialsRow;
    throttle: ThrottleKey;
    attempt: { lockedUntil: Date | null };
  }> {
    const staff = await this.repo.findCredentialsById(principal.id);
    if (!staff) throw new AppError('UNAUTHORIZED');
    const throttle = this.throttleKeyOf(staff.email, options.context);
    const attempt = await this.countAttempt(throttle, options.now);
    if (!(await verifyPassword(staff.password_hash, options.password)))
      await this.refuse(attempt, {
        staffId: staff.id,
        context: options.context,
        code: 'PASSWORD_INCORRECT',
      });
    return { staff, throttle, attempt };
  }

  /** Stores a pending secret (sealed); it only counts once a code from it is confirmed. */
  async enrollTotp(
    principal: StaffPrincipal,
    options: { password: string; context: StaffRequestContext },
  ): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
    const { context } = options;
    const now = this.deps.now();
    if (principal.isTwoFactorEnabled) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
    const { throttle } = await this.recheckPassword(principal, {
      password: options.password,
      context,
      now,
    });
    // 20 bytes = 160 bits, the HMAC-SHA1 key size RFC 4226 recommends.
    const secret = authenticator.generateSecret(20);
    await this.db.transaction().execute(async (trx) => {
      await new LoginThrottleRepository(trx).clear(throttle);
      await new StaffRepository(trx).setPendingTotpSecret(
        principal.id,
        this.deps.secrets.sealTotpSeed(secret),
      );
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
    const step = this.totpStepOf({
      secret: this.deps.secrets.openTotpSeed(staff.totp_secret),
      code: options.code,
      now,
    });
    if (step === null) throw new AppError('TWO_FACTOR_INVALID');
    const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, () => newBackupCode());
    await this.db.transaction().execute(async (trx) => {
      const repo = new StaffRepository(trx);
      if (!(await repo.enableTotp({ staffId: staff.id, step, now })))
        throw new AppError('TWO_FACTOR_NOT_PENDING');
      await repo.replaceBackupCodes(
        staff.id,
        backupCodes.map((code) => this.deps.secrets.backupCodeHash(code)),
      );
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

  /**
   * For a role that must use TOTP this is a reset, not an opt-out: the session goes back to
   * enrolment-only until a new authenticator is confirmed.
   */
  async disableTotp(
    principal: StaffPrincipal,
    options: { password: string; code: string; context: StaffRequestContext },
  ): Promise<void> {
    const now = this.deps.now();
    if (!principal.isTwoFactorEnabled) throw new AppError('TWO_FACTOR_NOT_ENABLED');
    const { staff, throttle, attempt } = await this.recheckPassword(principal, {
      password: options.password,
      context: options.context,
      now,
    });
    if (!staff.totp_enabled_at) throw new AppError('TWO_FACTOR_NOT_ENABLED');
    const isCodeRight =
      (await this.claimTotpCode(staff, { code: options.code, now })) ||
      (await this.repo.useBackupCode({
        staffId: staff.id,
        codeHashes: this.deps.secrets.backupCodeCandidates(options.code),
        now,
      }));
    if (!isCodeRight)
      await this.refuse(attempt, {
        staffId: staff.id,
        context: options.context,
        code: 'TWO_FACTOR_INVALID',
      });
    await this.db.transaction().execute(async (trx) => {
      await new LoginThrottleRepository(trx).clear(throttle);
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
      // Only the newest link works: older open ones are superseded, one request at a time.
      await repo.lockStaff(row.id);
      const supersededLinks = await repo.revokeOpenResetTokens({ staffId: row.id, now });
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
        await new LoginThrottleRepository(trx).clear(this.throttleKeyOf(staff.email, context));
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

  /**
   * Start-up step (runtime.ts), idempotent and safe with several instances starting at once:
   * seals TOTP seeds stored in plain text before issue F5, re-seals seeds under an older key
   * after a rotation (ENCRYPTION_KEYS lists the new key first), and peppers backup codes
   * still stored as a plain SHA-256. A seed under a key no longer in the ring stops the
   * start, naming the row, rather than locking that person out later.
   */
  async sealStoredSecrets(): Promise<{ sealedSeeds: number; pepperedBackupCodes: number }> {
    const { secrets } = this.deps;
    let sealedSeeds = 0;
    for (const row of await this.repo.listTotpSeeds()) {
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
      if (await this.repo.replaceTotpSeed({ id: row.id, from: stored, to: sealed }))
        sealedSeeds += 1;
    }
    let pepperedBackupCodes = 0;
    for (const row of await this.repo.listUnpepperedBackupCodes()) {
      const peppered = secrets.legacyBackupCodeHash(row.code_hash);
      if (await this.repo.pepperBackupCode({ id: row.id, from: row.code_hash, to: peppered }))
        pepperedBackupCodes += 1;
    }
    return { sealedSeeds, pepperedBackupCodes };
  }
}
