import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { LoginThrottleRepository } from './login-throttle.repository.ts';
import { newBackupCode } from './staff-secrets.ts';
import { StaffRepository } from './staff.repository.ts';
import { actorOf, type StaffPrincipal, type StaffRequestContext } from './staff.types.ts';
import {
  BACKUP_CODE_COUNT,
  StaffCredentialChecks,
  TOTP_ISSUER,
  type StaffAuthDeps,
} from './staff-credential-checks.ts';

/** The second factor: enrolling an authenticator, confirming it, and turning it off. */
export class StaffTwoFactorService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: StaffAuthDeps,
    private readonly checks: StaffCredentialChecks,
  ) {}

  private get repo(): StaffRepository {
    return new StaffRepository(this.db);
  }

  /** Stores a pending secret (sealed); it only counts once a code from it is confirmed. */
  async enrollTotp(
    principal: StaffPrincipal,
    options: { password: string; context: StaffRequestContext },
  ): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
    const { context } = options;
    const now = this.deps.now();
    if (principal.isTwoFactorEnabled) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
    const { throttle } = await this.checks.recheckPassword(principal, {
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
    const step = this.checks.totpStepOf({
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
    const { staff, throttle, attempt } = await this.checks.recheckPassword(principal, {
      password: options.password,
      context: options.context,
      now,
    });
    if (!staff.totp_enabled_at) throw new AppError('TWO_FACTOR_NOT_ENABLED');
    const isCodeRight =
      (await this.checks.claimTotpCode(staff, { code: options.code, now })) ||
      (await this.repo.useBackupCode({
        staffId: staff.id,
        codeHashes: this.deps.secrets.backupCodeCandidates(options.code),
        now,
      }));
    if (!isCodeRight)
      await this.checks.refuse(attempt, {
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
}
