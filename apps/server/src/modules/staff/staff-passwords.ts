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

let dummyHash: Promise<string> | null = null;

/**
 * Unknown emails still pay for one argon2 verification, so response time does not reveal
 * whether an account exists.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('teppan-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

export const PASSWORD_MIN_LENGTH = 12;
// argon2 cost does not grow with length, but bodies this long are never legitimate.
export const PASSWORD_MAX_LENGTH = 256;
