import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { isEncrypted, type FieldCrypto } from '@teppan/db/field-crypto';

/**
 * Random tokens and their digests. Every secret we hand out (session cookie, CSRF token,
 * reset/invitation link, API key) is high-entropy, so a plain SHA-256 is the right store: a
 * slow hash buys nothing against 256 random bits and would slow each request. Backup codes
 * (60 bits, printed on paper) and TOTP seeds get more: see `StaffSecrets`.
 */

export const sha256Hex = (value: string): string =>
  createHash('sha256').update(value).digest('hex');

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export function isSameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/**
 * The CSRF token is derived from the session token, so it is tied to that session (a
 * token from another session never matches) and `GET auth/me` can hand it out again
 * without the database ever holding it in the clear.
 */
export const csrfTokenFor = (sessionToken: string): string =>
  createHmac('sha256', sessionToken).update('teppan-csrf-v1').digest('base64url');

// No 0/O/1/I/L: backup codes are read off paper and typed by hand.
const BACKUP_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `XXXX-XXXX-XXXX`: 60 bits, enough for a single-use code behind a lockout. */
export function newBackupCode(): string {
  const chars = Array.from(
    { length: 12 },
    () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)],
  );
  return [0, 4, 8].map((start) => chars.slice(start, start + 4).join('')).join('-');
}

export const normalizeBackupCode = (code: string): string =>
  code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The column a sealed TOTP seed belongs to (bound into the ciphertext). */
export const TOTP_SEED_CONTEXT = 'identity.staff.totp_secret';

/**
 * Staff secrets at rest (issue F5, ADR 0017), through the one key ring (`FieldCrypto`):
 * TOTP seeds are sealed with AES-GCM, backup codes and the sign-in throttle's account key
 * are HMACs with the server-side pepper, so a copy of the database alone yields neither a
 * seed nor a code that can be checked offline.
 */
export class StaffSecrets {
  constructor(private readonly crypto: FieldCrypto) {}

  sealTotpSeed(seed: string): string {
    return this.crypto.encrypt(seed, TOTP_SEED_CONTEXT);
  }

  /** A seed written before sealing existed is read as it is until start-up seals it. */
  openTotpSeed(stored: string): string {
    return isEncrypted(stored) ? this.crypto.decrypt(stored, TOTP_SEED_CONTEXT) : stored;
  }

  /** True when the stored seed is sealed under the key that encrypts now. */
  isTotpSeedCurrent(stored: string): boolean {
    return isEncrypted(stored) && this.crypto.isCurrent(stored);
  }

  backupCodeHash(code: string): string {
    return this.crypto.keyedHash('backup-code', normalizeBackupCode(code));
  }

  /**
   * A code stored before peppering (plain SHA-256) is re-keyed at start-up to the HMAC of
   * `sha256:<hex>`; a normalised code has no colon, so the two forms never collide.
   */
  legacyBackupCodeHash(sha256OfCode: string): string {
    return this.crypto.keyedHash('backup-code', `sha256:${sha256OfCode}`);
  }

  /** Every stored form a typed code may have: peppered, or re-keyed from before. */
  backupCodeCandidates(code: string): string[] {
    return [
      this.backupCodeHash(code),
      this.legacyBackupCodeHash(sha256Hex(normalizeBackupCode(code))),
    ];
  }

  /**
   * The sign-in throttle's key for an email, whether or not such an account exists, so an
   * unknown email is counted (and answered) exactly like a known one.
   */
  loginThrottleKey(normalizedEmail: string): string {
    return this.crypto.keyedHash('login-throttle', normalizedEmail);
  }
}

const API_KEY_PATTERN = /^tpk_([0-9a-f]{12})_([0-9a-f]{64})$/;

/** `tpk_<prefix>_<secret>`: the prefix finds the row and may be shown; the rest is secret. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const key = `tpk_${prefix}_${randomBytes(32).toString('hex')}`;
  return { key, prefix, hash: sha256Hex(key) };
}

export function parseApiKey(key: string): { prefix: string } | null {
  const match = API_KEY_PATTERN.exec(key);
  return match?.[1] ? { prefix: match[1] } : null;
}
