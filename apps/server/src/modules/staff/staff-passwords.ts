import argon2 from 'argon2';

/** argon2id with the library defaults (64 MiB, t=3, p=4): OWASP's recommended family. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash is a failed check, never a 500 that tells the caller more.
    return false;
  }
}

/**
 * The hash of a random password nobody knows, made once with the same parameters as
 * `hashPassword`. A fixed value, not one computed on first use: the first unknown email
 * would otherwise pay for a hash and a verification and stand out by its timing.
 */
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,p=4,t=3$5dFr+hPiHvzI9QJ27S/yng$7QlhHR+nTFQBkzZ4AOFL1YNIJ2NfKOckmWM7b5zdYFI';

/**
 * Unknown emails still pay for one argon2 verification, so response time does not reveal
 * whether an account exists. Always false.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}

// The limits are the contract's (the staff API's body schemas check them).
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@teppan/core/contract';
