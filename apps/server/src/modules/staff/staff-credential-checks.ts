import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Kysely } from 'kysely';
import { authenticator } from 'otplib';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import type { Brand } from '../notifications/brand.ts';
import { FAILURE_WINDOW_MS, lockSchedule } from './login-throttle.ts';
import { LoginThrottleRepository, type ThrottleKey } from './login-throttle.repository.ts';
import { verifyPassword } from './staff-passwords.ts';
import { type StaffSecrets } from './staff-secrets.ts';
import { StaffRepository, type StaffCredentialsRow } from './staff.repository.ts';
import { actorOf, type StaffPrincipal, type StaffRequestContext } from './staff.types.ts';

export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
export const BACKUP_CODE_COUNT = 10;
const TOTP_STEP_SECONDS = 30;
export const TOTP_ISSUER = 'Teppan';

export interface StaffAuthDeps {
  now: () => Date;
  sessionTtlHours: number;
  publicBaseUrl: string;
  /** The outbox keeps the reset link's token sealed until sent (ADR 0016). */
  fieldCrypto: FieldCrypto;
  secrets: StaffSecrets;
  /** How the reset email looks (the mail configuration's sender and site address). */
  brand?: Brand;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * The checks sign-in, the second factor and password reset share: the sign-in throttle,
 * refusing (and locking) on a failure, TOTP codes used once, and the password asked again.
 */
export class StaffCredentialChecks {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: StaffAuthDeps,
  ) {}

  private get repo(): StaffRepository {
    return new StaffRepository(this.db);
  }

  /** Where sign-in failures are counted: this email (known or not) from this address. */
  throttleKeyOf(normalizedEmail: string, context: StaffRequestContext): ThrottleKey {
    return {
      accountKey: this.deps.secrets.loginThrottleKey(normalizedEmail),
      ip: context.ip ?? '',
    };
  }

  /**
   * Counts a password check before it runs (so a burst of parallel guesses cannot pass the
   * limit) and refuses at once while the pair is locked. A success clears the count.
   */
  async countAttempt(key: ThrottleKey, now: Date): Promise<{ lockedUntil: Date | null }> {
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
  async refuse(
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

  /** The time step a code belongs to, or null; one step of clock drift either way. */
  totpStepOf(options: { secret: string; code: string; now: Date }): number | null {
    const checker = authenticator.clone({ epoch: options.now.getTime(), window: 1 });
    const delta = checker.checkDelta(options.code.replace(/\s/g, ''), options.secret);
    if (delta === null) return null;
    return Math.floor(options.now.getTime() / 1000 / TOTP_STEP_SECONDS) + delta;
  }

  async claimTotpCode(
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

  /**
   * Asks for the password again before a change to the second factor, so a session left
   * open (or stolen) cannot swap the authenticator. Counted like a sign-in from this
   * address; the caller clears the count once the whole change succeeds.
   */
  async recheckPassword(
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
}
