import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption of single columns at rest (customer email and phone, TOTP seeds, secrets kept
 * until a message is sent) and keyed hashes for exact lookups of encrypted values (blind
 * indexes) and for values that are only ever compared (backup codes).
 *
 * Ciphertext: `enc:v1:<keyId>:<base64url(iv ‖ ciphertext ‖ tag)>`, AES-256-GCM with a random
 * 96-bit IV. The column it belongs to is bound as additional authenticated data, so a value
 * copied into another column (an email into a TOTP seed) fails to decrypt. New values use
 * the first key of the ring; older keys stay for reading until a rotation re-encrypts
 * (docs/decisions: PII encryption).
 *
 * Keyed hashes: HMAC-SHA-256 with a subkey derived (HKDF) from the pepper per purpose, so an
 * email index and a phone index of the same digits never match, and the pepper itself never
 * touches a value.
 */

export interface FieldKey {
  /** Short name stored with each value: letters, digits, `_` and `-`. */
  id: string;
  /** 32 random bytes. */
  key: Buffer;
}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class FieldCryptoError extends Error {}

/**
 * `id:base64key,id:base64key` (the first encrypts; all decrypt). Each key must decode to 32
 * bytes; `openssl rand -base64 32` makes one.
 */
export function parseFieldKeys(spec: string): FieldKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const id = colon > 0 ? part.slice(0, colon) : '';
      if (!KEY_ID.test(id))
        throw new FieldCryptoError(
          'each key is written id:base64 (the id: up to 32 letters, digits, _ or -)',
        );
      const key = Buffer.from(part.slice(colon + 1), 'base64');
      if (key.length !== 32)
        throw new FieldCryptoError(
          `key "${id}" must be 32 bytes of base64 (openssl rand -base64 32)`,
        );
      return { id, key };
    });
  if (keys.length === 0) throw new FieldCryptoError('at least one key is needed');
  if (new Set(keys.map((k) => k.id)).size !== keys.length)
    throw new FieldCryptoError('key ids must be unique');
  return keys;
}

/** A pepper for keyed hashes: at least 32 bytes of base64. */
export function parsePepper(value: string): Buffer {
  const pepper = Buffer.from(value, 'base64');
  if (pepper.length < 32)
    throw new FieldCryptoError('must be at least 32 bytes of base64 (openssl rand -base64 32)');
  return pepper;
}

/**
 * Development and test only, and said so wherever it is used: fixed so that the embedded
 * database of `npm start` stays readable across restarts. Production refuses to start
 * without its own keys (config.ts).
 */
export const DEVELOPMENT_FIELD_KEYS = 'dev1:ZGV2ZWxvcG1lbnQtb25seS1ub3QtYS1zZWNyZXQta2U=';
export const DEVELOPMENT_PEPPER = 'ZGV2ZWxvcG1lbnQtb25seSBwZXBwZXIsIG5vdCBhIHNlY3JldA==';

export class FieldCrypto {
  private readonly current: FieldKey;
  private readonly byId: Map<string, Buffer>;
  private readonly subkeys = new Map<string, Buffer>();

  constructor(private readonly options: { keys: readonly FieldKey[]; pepper: Buffer }) {
    const [current] = options.keys;
    if (!current) throw new FieldCryptoError('at least one key is needed');
    this.current = current;
    this.byId = new Map(options.keys.map((k) => [k.id, k.key]));
  }

  static fromConfig(options: { keys: string; pepper: string }): FieldCrypto {
    return new FieldCrypto({
      keys: parseFieldKeys(options.keys),
      pepper: parsePepper(options.pepper),
    });
  }

  /** `context` names the column (e.g. `core.customers.email`); decrypt must pass the same. */
  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    return `${PREFIX}${this.current.id}:${sealed}`;
  }

  decrypt(ciphertext: string, context: string): string {
    const { keyId, sealed } = splitCiphertext(ciphertext);
    const key = this.byId.get(keyId);
    if (!key)
      throw new FieldCryptoError(
        `value was encrypted with key "${keyId}", which is not in the key ring`,
      );
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldCryptoError('ciphertext is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new FieldCryptoError(`value does not authenticate for ${context}`);
    }
  }

  encryptNullable(plaintext: string | null | undefined, context: string): string | null {
    return plaintext === null || plaintext === undefined ? null : this.encrypt(plaintext, context);
  }

  decryptNullable(ciphertext: string | null | undefined, context: string): string | null {
    return ciphertext === null || ciphertext === undefined
      ? null
      : this.decrypt(ciphertext, context);
  }

  /** The id of the key that encrypts (the ring's first); a rotation finds older values by it. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** True when the value is already under the current key (a rotation skips it). */
  isCurrent(ciphertext: string): boolean {
    return splitCiphertext(ciphertext).keyId === this.current.id;
  }

  /**
   * Keyed hash for exact lookups and comparisons, hex. `purpose` separates uses
   * (`email`, `phone`, `backup-code`); callers normalise the value first.
   */
  keyedHash(purpose: string, value: string): string {
    return createHmac('sha256', this.subkey(purpose)).update(value, 'utf8').digest('hex');
  }

  private subkey(purpose: string): Buffer {
    let key = this.subkeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.options.pepper, '', `teppan:${purpose}`, 32));
      this.subkeys.set(purpose, key);
    }
    return key;
  }
}

export const isEncrypted = (value: string): boolean => value.startsWith(PREFIX);

function splitCiphertext(ciphertext: string): { keyId: string; sealed: string } {
  if (!isEncrypted(ciphertext)) throw new FieldCryptoError('value is not encrypted');
  const rest = ciphertext.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) throw new FieldCryptoError('ciphertext has no key id');
  return { keyId: rest.slice(0, colon), sealed: rest.slice(colon + 1) };
}
