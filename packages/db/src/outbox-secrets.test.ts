import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCrypto, FieldCryptoError } from './field-crypto.ts';
import {
  hasLinkToken,
  openOutboxContent,
  SECRET_REMOVED,
  sealOutboxContent,
  withoutLinkTokens,
  withoutSecrets,
  type OutboxContent,
} from './outbox-secrets.ts';

const crypto = FieldCrypto.fromConfig({
  keys: `k1:${randomBytes(32).toString('base64')}`,
  pepper: randomBytes(32).toString('base64'),
});

const token = randomBytes(24).toString('base64url');
const link = `https://teppan.test/manage/2f1c?token=${token}`;
// An .ics folds lines at 75 octets, which may cut the token in two.
const folded = `URL;VALUE=URI:${link}`.replace(/(.{60})/g, '$1\r\n ');

const message: OutboxContent = {
  body: `Manage your booking: ${link}`,
  html: `<a href="${link}">Manage</a>`,
  attachments: [{ filename: 'TP-1001.ics', contentType: 'text/calendar', content: folded }],
};

const everything = (content: OutboxContent) =>
  [content.body, content.html, ...content.attachments.map((a) => a.content)].join('\n');

describe('outbox secrets', () => {
  it('removes a secret everywhere, folded calendar lines included', () => {
    expect(folded).not.toContain(token);
    const stored = withoutSecrets(message, [token]);
    expect(everything(stored)).not.toContain(token);
    expect(everything(stored).replace(/\r\n /g, '')).not.toContain(token);
    expect(stored.body).toBe(
      `Manage your booking: https://teppan.test/manage/2f1c?token=${SECRET_REMOVED}`,
    );
    expect(hasLinkToken(stored)).toBe(false);
    expect(hasLinkToken(message)).toBe(true);
  });

  it('removes URL-encoded forms of a secret and contact details alike', () => {
    const stored = withoutSecrets(
      {
        body: 'Guest: ana+party@example.com, (510) 555-0142, ?t=a%2Bb',
        html: null,
        attachments: [],
      },
      ['ana+party@example.com', '(510) 555-0142', 'a+b'],
    );
    expect(stored.body).toBe(`Guest: ${SECRET_REMOVED}, ${SECRET_REMOVED}, ?t=${SECRET_REMOVED}`);
  });

  it('strips any link token from old rows, saying whether there was one', () => {
    const { content, found } = withoutLinkTokens(message);
    expect(found).toBe(true);
    expect(everything(content)).not.toContain(token);
    expect(content.html).toBe(
      `<a href="https://teppan.test/manage/2f1c?token=${SECRET_REMOVED}">Manage</a>`,
    );
    const plain = { body: 'See you at 18:00.', html: '<p>See you</p>', attachments: [] };
    expect(withoutLinkTokens(plain)).toEqual({ content: plain, found: false });
    expect(hasLinkToken({ ...plain, html: '<a href="/x?a=1&amp;token=abcdef12">' })).toBe(true);
  });

  it('seals the original so only the key ring opens it, bound to its column', () => {
    const sealed = sealOutboxContent(crypto, message);
    expect(sealed).toMatch(/^enc:v1:k1:/);
    expect(sealed).not.toContain(token);
    expect(openOutboxContent(crypto, sealed)).toEqual(message);
    // The same ciphertext read as another column's fails to authenticate.
    expect(() => crypto.decrypt(sealed, 'marketing.outbox.body')).toThrow(FieldCryptoError);
  });
});
