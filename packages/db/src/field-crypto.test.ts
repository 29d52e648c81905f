import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEVELOPMENT_FIELD_KEYS,
  DEVELOPMENT_PEPPER,
  FieldCrypto,
  FieldCryptoError,
  isEncrypted,
  parseFieldKeys,
  parsePepper,
} from './field-crypto.ts';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const pepper = randomBytes(32).toString('base64');

describe('FieldCrypto', () => {
  it('round-trips a value, with a fresh IV each time, and never stores the plaintext', () => {
    const crypto = FieldCrypto.fromConfig({ keys: key('k1'), pepper });
    const a = crypto.encrypt('hiroko@example.com', 'core.customers.email');
    const b = crypto.encrypt('hiroko@example.com', 'core.customers.email');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('hiroko');
    expect(isEncrypted(a)).toBe(true);
    expect(crypto.decrypt(a, 'core.customers.email')).toBe('hiroko@example.com');
    expect(crypto.decrypt(crypto.encrypt('', 'c'), 'c')).toBe('');
    expect(crypto.decrypt(crypto.encrypt('寿司 🍣', 'c'), 'c')).toBe('寿司 🍣');
  });

  it('refuses a value moved to another column, tampered with or truncated', () => {
    const crypto = FieldCrypto.fromConfig({ keys: key('k1'), pepper });
    const sealed = crypto.encrypt('JBSWY3DPEHPK3PXP', 'identity.staff.totp_secret');
    expect(() => crypto.decrypt(sealed, 'core.customers.email')).toThrow(FieldCryptoError);
    // A character inside the tag: the last one also carries base64 padding bits, and changing
    // only those decodes to the same bytes (the test then failed about one run in sixteen).
    const at = sealed.length - 5;
    const swapped = sealed[at] === 'A' ? 'B' : 'A';
    expect(() =>
      crypto.decrypt(
        `${sealed.slice(0, at)}${swapped}${sealed.slice(at + 1)}`,
        'identity.staff.totp_secret',
      ),
    ).toThrow(FieldCryptoError);
    expect(() => crypto.decrypt('enc:v1:k1:AAAA', 'x')).toThrow(/truncated/);
    expect(() => crypto.decrypt('plain text', 'x')).toThrow(/not encrypted/);
  });

  it('rotates: a new first key encrypts, old keys still decrypt, unknown keys are named', () => {
    const old = key('old');
    const before = FieldCrypto.fromConfig({ keys: old, pepper });
    const sealed = before.encrypt('555-0142', 'core.customers.phone');
    const after = FieldCrypto.fromConfig({ keys: `${key('new')},${old}`, pepper });
    expect(after.decrypt(sealed, 'core.customers.phone')).toBe('555-0142');
    expect(after.isCurrent(sealed)).toBe(false);
    expect(after.isCurrent(after.encrypt('x', 'c'))).toBe(true);
    const withoutOld = FieldCrypto.fromConfig({ keys: key('new'), pepper });
    expect(() => withoutOld.decrypt(sealed, 'core.customers.phone')).toThrow(/"old"/);
  });

  it('gives stable keyed hashes per purpose and pepper', () => {
    const crypto = FieldCrypto.fromConfig({ keys: key('k1'), pepper });
    const again = FieldCrypto.fromConfig({ keys: key('k2'), pepper });
    const otherPepper = FieldCrypto.fromConfig({
      keys: key('k1'),
      pepper: randomBytes(32).toString('base64'),
    });
    const email = crypto.keyedHash('email', 'hiroko@example.com');
    expect(email).toMatch(/^[0-9a-f]{64}$/);
    expect(again.keyedHash('email', 'hiroko@example.com')).toBe(email); // keys do not matter
    expect(crypto.keyedHash('phone', 'hiroko@example.com')).not.toBe(email);
    expect(otherPepper.keyedHash('email', 'hiroko@example.com')).not.toBe(email);
  });

  it('parses key rings and peppers, and says what is wrong', () => {
    expect(parseFieldKeys(`${key('a')}, ${key('b')}`).map((k) => k.id)).toEqual(['a', 'b']);
    expect(() => parseFieldKeys('')).toThrow(/at least one/);
    expect(() => parseFieldKeys('nokey')).toThrow(/id:base64/);
    expect(() => parseFieldKeys('a:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseFieldKeys(`${key('a')},${key('a')}`)).toThrow(/unique/);
    expect(() => parsePepper('c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() =>
      FieldCrypto.fromConfig({ keys: DEVELOPMENT_FIELD_KEYS, pepper: DEVELOPMENT_PEPPER }),
    ).not.toThrow();
  });
});
