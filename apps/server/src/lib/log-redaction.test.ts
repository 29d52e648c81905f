import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createLogRedaction,
  idFingerprint,
  loggerOptions,
  scrubContactDetails,
} from './log-redaction.ts';

const hasher = {
  keyedHash: (purpose: string, value: string) =>
    Buffer.from(`${purpose}:${value}`).toString('hex').split('').reverse().join(''),
};
const redaction = createLogRedaction(idFingerprint(hasher));
const HOLD = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('request URLs', () => {
  it('replace every id with the same keyed fingerprint, and drop tokens and search terms', () => {
    const url = redaction.url(
      `/api/v1/holds/${HOLD}/sign?token=abc&q=ann%40example.com&limit=25&status=confirmed`,
    );
    expect(url).toMatch(
      /^\/api\/v1\/holds\/\[id:[0-9a-f]{12}\]\/sign\?token=\[redacted\]&q=\[redacted\]&limit=25&status=confirmed$/,
    );
    expect(url).not.toContain(HOLD);
    expect(redaction.url(`/manage/${HOLD.toUpperCase()}`)).toBe(
      url.replace(/\/sign\?.*$/, '').replace('/api/v1/holds', '/manage'),
    );
  });

  it('scrub contact details left in any other parameter or in the path', () => {
    expect(
      redaction.url(
        '/x/ann@example.com/y?note=call%20(510)%20555-0100&to=%2B14085550199&b=ann%2Bx%40example.com',
      ),
    ).toBe('/x/[email]/y?note=call%20[phone]&to=[phone]&b=[email]');
    expect(
      scrubContactDetails('call 510-555-0100 or +14085550199, mail ann.lee+x@mail.example.org'),
    ).toBe('call [phone] or [phone], mail [email]');
  });

  it('leave dates, times, money and counts alone', () => {
    const text = 'on 2026-05-02 at 18:00 for $1,234.50, 12 guests, booking TP-000123';
    expect(scrubContactDetails(text)).toBe(text);
  });
});

describe('error serializer', () => {
  it('scrubs message, stack and properties, and drops recipient lists and row values', () => {
    const error = Object.assign(
      new Error(`duplicate key for hold ${HOLD}: Key (email)=(ann@example.com) already exists`),
      {
        code: '23505',
        detail: 'Key (phone)=(5105550100) already exists.',
        parameters: ['ann@example.com', '5105550100'],
        rejected: ['ann@example.com'],
        response: '550 5.1.1 <ann@example.com>: Recipient address rejected',
      },
    );
    const serialized = JSON.stringify(redaction.serializers.err(error));
    for (const secret of ['ann@example.com', '5105550100', HOLD])
      expect(serialized).not.toContain(secret);
    expect(serialized).toContain('23505');
    expect(serialized).toContain('Recipient address rejected');
    expect(serialized).toContain('"type":"Error"');
    expect(serialized).not.toContain('"parameters"');
  });

  it('is what a logger built from loggerOptions writes', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino(loggerOptions({ level: 'info', hasher }), sink);
    const error = new Error('no mailbox ann@example.com');
    logger.error({ err: error, email: 'ann@example.com' }, error.message);
    logger.warn(`hold ${HOLD} of 510-555-0100`);
    const text = lines.join('');
    for (const secret of ['ann@example.com', HOLD, '555-0100']) expect(text).not.toContain(secret);
    expect(text).toContain('"msg":"no mailbox [email]"');
    expect(text).toMatch(/"msg":"hold \[id:[0-9a-f]{12}\] of \[phone\]"/);
  });
});
