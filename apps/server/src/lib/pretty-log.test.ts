import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './log-redaction.ts';
import { formatLogLine, logDestination, prettyLogStream } from './pretty-log.ts';

const hasher = {
  keyedHash: (_purpose: string, value: string) => `h${value.length}`.padEnd(16, 'x'),
};

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  return { stream, lines };
}

describe('development logs', () => {
  it('prints a readable line with the level, message and fields', () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 40,
        time: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
        msg: 'slow query',
        ms: 812,
        req: { method: 'GET' },
      }),
      { color: false },
    );
    expect(line).toBe('03:04:05.006 WARN  slow query  ms=812 req.method=GET');
  });

  it('keeps the redaction: contact details and secrets never reach the readable line', async () => {
    const { stream, lines } = sink();
    const logger = pino(
      loggerOptions({ level: 'info', hasher }),
      prettyLogStream(stream, { color: false }),
    );
    logger.info(
      { email: 'ana@example.com', token: 'secret-token', stationId: 's1' },
      'mail to ana@example.com failed, call +1 415 555 0134',
    );
    logger.error({ err: new Error('refused by bob@example.org') }, 'send failed');
    await new Promise((resolve) => setImmediate(resolve));
    const text = lines.join('\n');
    expect(text).toContain('INFO  mail to');
    expect(text).toContain('email=[redacted]');
    expect(text).toContain('token=[redacted]');
    expect(text).toContain('stationId=s1');
    expect(text).toContain('ERROR send failed');
    expect(text).not.toMatch(/ana@example\.com|bob@example\.org|555 0134|secret-token/);
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('plain text', { color: false })).toBe('plain text');
  });

  it('is used in development only: production and tests keep JSON lines', () => {
    expect(logDestination('development')).toBeInstanceOf(Writable);
    expect(logDestination('production')).toBeUndefined();
    expect(logDestination('test')).toBeUndefined();
  });
});
