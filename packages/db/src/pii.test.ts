import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCrypto } from './field-crypto.ts';
import { PII_CHECKS } from './migrations/0024-pii-encryption.ts';
import {
  contactIndex,
  contextOf,
  maskContact,
  normalizeEmail,
  normalizePhone,
  PII_COLUMNS,
  PII_CONTEXT,
  staffSearchOf,
} from './pii.ts';

const crypto = FieldCrypto.fromConfig({
  keys: `k1:${randomBytes(32).toString('base64')}`,
  pepper: randomBytes(32).toString('base64'),
});

describe('contact normalisation and blind indexes', () => {
  it('gives every spelling of one email or number the same index, and others another', () => {
    expect(normalizeEmail('  Hiroko.Sato@Example.COM ')).toBe('hiroko.sato@example.com');
    for (const spelling of ['+1 (510) 555-0142', '510.555.0142', '15105550142', '5105550142'])
      expect(normalizePhone(spelling), spelling).toBe('5105550142');
    expect(normalizePhone('+44 7911 123456')).toBe('447911123456');

    const email = contactIndex(crypto, 'email', 'Hiroko.Sato@Example.com');
    expect(email).toMatch(/^[0-9a-f]{64}$/);
    expect(contactIndex(crypto, 'email', ' hiroko.sato@example.com')).toBe(email);
    expect(contactIndex(crypto, 'email', 'hiroko.sato@example.org')).not.toBe(email);
    expect(contactIndex(crypto, 'phone', '(510) 555-0142')).toBe(
      contactIndex(crypto, 'phone', '+15105550142'),
    );
    // Kinds are separate hashes: the digits of a phone never index like an email.
    expect(contactIndex(crypto, 'phone', '5105550142')).not.toBe(
      contactIndex(crypto, 'email', '5105550142'),
    );
    expect(contactIndex(crypto, 'phone', 'n/a')).toBeNull();
    expect(contactIndex(crypto, 'email', '   ')).toBeNull();
  });

  it('names every contact column once, with the contexts repositories use', () => {
    const contexts = PII_COLUMNS.map(contextOf);
    expect(new Set(contexts).size).toBe(contexts.length);
    expect(Object.values(PII_CONTEXT).sort()).toEqual([...contexts].sort());
    // Each column's check is one migration 0024 creates (the backfill validates it).
    expect(PII_COLUMNS.map((c) => [c.table, c.check])).toEqual(
      PII_CHECKS.map(([table, name]) => [table, name]),
    );
  });

  it('reads a staff query as a name fragment, a full email or a full phone', () => {
    const byEmail = staffSearchOf(crypto, ' Hiroko.Sato@example.com ');
    expect(byEmail.emailIndex).toBe(contactIndex(crypto, 'email', 'hiroko.sato@example.com'));
    expect(byEmail.phoneIndex).toBeNull();
    expect(byEmail.like).toBeNull();
    const byPhone = staffSearchOf(crypto, '(510) 555-0142');
    expect(byPhone.phoneIndex).toBe(contactIndex(crypto, 'phone', '5105550142'));
    expect(byPhone.emailIndex).toBeNull();
    expect(byPhone.like).toBeNull();
    // Part of a number is no number: no index, so nothing can match it by phone.
    expect(staffSearchOf(crypto, '555-0142')).toMatchObject({
      phoneIndex: null,
      like: '%555-0142%',
    });
    const byName = staffSearchOf(crypto, '50%_off\\');
    expect(byName).toEqual({ like: '%50\\%\\_off\\\\%', emailIndex: null, phoneIndex: null });
  });

  it('masks a contact for records that are not encrypted', () => {
    expect(maskContact('email', 'hiroko.sato@example.com')).toBe('h•••@example.com');
    expect(maskContact('phone', '(510) 555-0142')).toBe('•••0142');
    expect(maskContact('email', null)).toBeNull();
    expect(maskContact('email', 'no-at-sign')).toBe('•••');
  });
});
