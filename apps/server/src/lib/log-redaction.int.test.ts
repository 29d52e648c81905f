import { Writable } from 'node:stream';
import { FieldCrypto } from '@teppan/db/field-crypto';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createContainer, type Container } from '../container.ts';
import {
  startLocalHttpServer,
  type LocalHttpServer,
} from '../modules/distance/local-http-server.test-helper.ts';
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from '../modules/notifications/smtp-server.test-helper.ts';
import { dateAhead, newStation, SIGN_BODY } from '../test/factories.ts';
import { STAFF_KEY } from '../test/harness.ts';
import { loggerOptions } from './log-redaction.ts';
import { createMetrics } from './metrics.ts';
import { OutboxRepository } from '../modules/messaging/outbox.repository.ts';

// One visitor's whole journey — quote to a street address, hold, sign, deposit, the manage
// link, the assistant — plus staff searching for her and an SMTP server refusing her
// address, all logged at the most verbose level into one stream. Nothing that identifies
// her or opens her records may appear in it.
const EMAIL = 'dana.whitfield@example.com';
const PHONE_DIGITS = '4085550199';
const STREET = '200 E Santa Clara St';

let database: TestDatabase;
let smtp: TestSmtpServer;
let osrm: LocalHttpServer;
let container: Container;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  // A routing provider is configured, so the street address reaches the distance cache.
  osrm = await startLocalHttpServer(() => ({
    status: 200,
    json: { code: 'Ok', routes: [{ distance: 30_086.4, duration: 1380.5 }] },
  }));
  database = await createTestDatabase(inject('adminUrl'));
  await newStation(database.db);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    STAFF_API_KEY: STAFF_KEY,
    SMTP_URL: smtp.url,
    OSRM_BASE_URL: osrm.baseUrl,
    STAFF_RATE_LIMIT_PER_MINUTE: '1000000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  // The process logger as runtime.ts builds it, for the services (mail relay, jobs, distance).
  const logger = pino(
    loggerOptions({ level: 'trace', hasher: FieldCrypto.fromConfig(config.fieldCrypto) }),
    sink,
  );
  container = createContainer({ config, db: database.db, metrics: createMetrics(), logger });
  app = await buildApp(container, { logger: true, logStream: sink, logLevel: 'trace' });
});

afterAll(async () => {
  await app.close();
  container.notifications.close();
  await database.drop();
  await smtp.close();
  await osrm.close();
});

async function call<T>(options: {
  method: 'GET' | 'POST';
  url: string;
  payload?: Record<string, unknown>;
  headers?: Record<string, string>;
}): Promise<T> {
  const res = await app.inject(options);
  expect(res.statusCode, `${options.method} ${options.url}: ${res.body}`).toBeLessThan(400);
  return res.json<T>();
}

describe('log hygiene', () => {
  it('logs a whole booking journey and a refused email without personal data or bearer ids', async () => {
    const quote = await call<{ id: string }>({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: {
        adults: 10,
        proteins: { chicken: 10, ny_strip: 10 },
        venue: { zip: '95112', address: STREET },
      },
    });
    const hold = await call<{ id: string }>({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.id,
        date: dateAhead(30),
        slot: '18:00',
        customer: { name: 'Dana Whitfield', email: EMAIL, phone: '(408) 555-0199' },
      },
    });
    await call({ method: 'GET', url: `/api/v1/holds/${hold.id}` });
    await call({ method: 'POST', url: `/api/v1/holds/${hold.id}/sign`, payload: SIGN_BODY });
    const booking = await call<{ id: string; manageToken: string }>({
      method: 'POST',
      url: `/api/v1/holds/${hold.id}/deposit`,
      payload: { method: 'zelle' },
    });
    const token = encodeURIComponent(booking.manageToken);
    await call({ method: 'GET', url: `/api/v1/bookings/${booking.id}?token=${token}` });
    await app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}/calendar.ics?token=${token}`,
    });
    await app.inject({ method: 'GET', url: `/manage/${booking.id}?token=${token}` });
    // A wrong token and an unknown hold: error answers are logged too.
    await app.inject({ method: 'GET', url: `/api/v1/bookings/${booking.id}?token=wrong-${token}` });
    await app.inject({ method: 'GET', url: `/api/v1/holds/${hold.id.replace(/.$/, '0')}/nope` });

    const chat = await call<{ id: string; token: string }>({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: { channel: 'web' },
    });
    await call({
      method: 'POST',
      url: `/api/v1/conversations/${chat.id}/messages`,
      headers: { 'x-conversation-token': chat.token },
      payload: { text: `I am Dana, ${EMAIL}, call (408) 555-0199, venue ${STREET}` },
    });
    await call({
      method: 'GET',
      url: `/api/v1/conversations/${chat.id}/messages?after=0`,
      headers: { 'x-conversation-token': chat.token },
    });
    // A staff search for her by email and by phone (logged whether or not it is allowed).
    const staff = { authorization: `Bearer ${STAFF_KEY}` };
    await app.inject({
      method: 'GET',
      url: `/api/v1/admin/bookings?q=${encodeURIComponent(EMAIL)}`,
      headers: staff,
    });
    await app.inject({
      method: 'GET',
      url: `/api/v1/admin/customers?q=408-555-0199`,
      headers: staff,
    });

    // Her confirmation-to-be email: the server refuses the address and echoes it back.
    smtp.isRejecting = true;
    await new OutboxRepository(container.db, container.fieldCrypto).record({
      channel: 'email',
      recipient: EMAIL,
      subject: 'Your booking',
      body: 'Hello',
      template: 'booking.deposit_nudge',
      data: {},
      dedupeKey: `log-hygiene:${booking.id}`,
      bookingId: booking.id,
    });
    const relayed = await container.notifications.relayOnce(10);
    // Every email of her journey waiting in the outbox is refused (the booking-received
    // email among them), this one included.
    expect(relayed).toMatchObject({ mode: 'smtp', sent: 0 });
    expect(relayed.retrying).toBeGreaterThanOrEqual(1);
    const failed = await container.db
      .selectFrom('marketing.outbox')
      .select('last_error')
      .where('dedupe_key', '=', `log-hygiene:${booking.id}`)
      .executeTakeFirstOrThrow();
    // The reason stays useful; the address is gone from it.
    expect(failed.last_error).toMatch(/550|Recipient address rejected/);
    expect(failed.last_error).not.toContain('dana');

    const cacheKeys = await container.db.selectFrom('core.distance_cache').select('key').execute();
    expect(cacheKeys.length).toBeGreaterThan(0);
    for (const { key } of cacheKeys) expect(key.toLowerCase()).not.toContain('santa clara');

    const log = lines.join('');
    // The log is not empty: every request and the failed delivery are there, ids marked.
    expect(log).toContain('incoming request');
    expect(log).toContain('email delivery failed; will retry');
    expect(log).toMatch(/\/api\/v1\/holds\/\[id:[^\]]+\]\/sign/);
    expect(log).toContain('/api/v1/admin/bookings?q=[redacted]');
    const forbidden = {
      email: EMAIL,
      'email, encoded': encodeURIComponent(EMAIL),
      'email, local part': 'dana.whitfield',
      'phone digits': PHONE_DIGITS,
      'phone, formatted': '555-0199',
      street: 'Santa Clara',
      'street, encoded': 'Santa%20Clara',
      'manage token': booking.manageToken,
      'manage token, encoded': token,
      'conversation token': chat.token,
      'hold id': hold.id,
      'booking id': booking.id,
      'conversation id': chat.id,
      'quote id': quote.id,
    };
    for (const [what, value] of Object.entries(forbidden))
      expect(log.toLowerCase().includes(value.toLowerCase()), `${what} in the log`).toBe(false);
  });
});
