// Outbound SMS through RingCentral: a real @ringcentral/sdk against a loopback platform.
import { smsSegmentsOf } from '@teppan/core';
import { contactIndex } from '@teppan/db/pii';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { ConsentsRepository } from '../conversations/consents.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { RingCentralSmsProvider } from './ringcentral.provider.ts';
import { startTestRingCentral, type TestRingCentral } from './ringcentral-server.test-helper.ts';
import { SmsRelay } from './sms-relay.service.ts';

let rc: TestRingCentral;
let t: TestApp;
beforeAll(async () => {
  rc = await startTestRingCentral();
  t = await createTestApp({ env: rc.env });
});
afterAll(async () => {
  await t.close();
  await rc.close();
});
beforeEach(() => {
  rc.sent.length = 0;
});

let seq = 0;
async function queueText(options: { phone: string; body: string; template?: string }) {
  seq += 1;
  await new OutboxRepository(t.database.db, t.container.fieldCrypto).record({
    channel: 'sms',
    recipient: options.phone,
    subject: null,
    body: options.body,
    template: options.template ?? 'assistant_reply',
    dedupeKey: `sms:test-${seq}:${options.phone}`,
  });
  return rowFor(options.phone);
}

async function rowFor(phone: string) {
  return t.database.db
    .selectFrom('marketing.outbox')
    .selectAll()
    .where('recipient_index', '=', contactIndex(t.container.fieldCrypto, 'phone', phone))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

const makeDue = (id: number) =>
  sql`update marketing.outbox set next_attempt_at = now() where id = ${id}`.execute(t.database.db);

function recordingLogger() {
  const lines: { level: 'warn' | 'error'; obj: object; msg?: string }[] = [];
  return {
    lines,
    warn: (obj: object, msg?: string) => lines.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg?: string) => lines.push({ level: 'error', obj, msg }),
  };
}

describe('SMS relay through RingCentral', () => {
  it('signs in with the JWT, sends from the configured number and records the message id', async () => {
    expect(t.container.sms.deliveryLabel).toBe('ringcentral');
    const row = await queueText({ phone: '+15105550101', body: 'Your party of 12 is confirmed.' });
    const result = await t.container.sms.relayOnce(50);
    expect(result).toEqual({ mode: 'ringcentral', sent: 1, retrying: 0, failed: 0, skipped: 0 });
    expect(rc.tokenRequests).toBe(1);
    expect(rc.sent).toEqual([
      {
        from: { phoneNumber: '+15105550142' },
        to: [{ phoneNumber: '+15105550101' }],
        text: 'Your party of 12 is confirmed.',
      },
    ]);
    const after = await rowFor('+15105550101');
    expect(after).toMatchObject({
      id: row.id,
      status: 'sent',
      provider: 'ringcentral',
      provider_status: 'Queued',
      attempts: 1,
      last_error: null,
    });
    expect(after.provider_message_id).toMatch(/^\d+$/);
    expect(after.status_check_at).not.toBeNull();
    // Sent once: the next pass finds nothing, and the token is reused.
    expect((await t.container.sms.relayOnce(50)).sent).toBe(0);

    // Delivery status from the message store: still Queued, then Delivered (checks end).
    const id = after.provider_message_id ?? '';
    await sql`update marketing.outbox set status_check_at = now() where id = ${row.id}`.execute(
      t.database.db,
    );
    rc.setMessageStatus(id, 'Delivered');
    expect(await t.container.sms.checkStatusesOnce(50)).toEqual({
      checked: 1,
      delivered: 1,
      failed: 0,
    });
    expect(await rowFor('+15105550101')).toMatchObject({
      status: 'sent',
      provider_status: 'Delivered',
      status_check_at: null,
    });
    expect(rc.tokenRequests).toBe(1);
  });

  it('marks a text the carrier could not deliver as failed, from the message store', async () => {
    const row = await queueText({ phone: '+15105550102', body: 'See you Saturday at 6 pm.' });
    await t.container.sms.relayOnce(50);
    const sent = await rowFor('+15105550102');
    rc.setMessageStatus(sent.provider_message_id ?? '', 'DeliveryFailed');
    await sql`update marketing.outbox set status_check_at = now() where id = ${row.id}`.execute(
      t.database.db,
    );
    expect((await t.container.sms.checkStatusesOnce(50)).failed).toBe(1);
    expect(await rowFor('+15105550102')).toMatchObject({
      status: 'failed',
      provider_status: 'DeliveryFailed',
      status_check_at: null,
      last_error: 'not delivered: RingCentral says DeliveryFailed',
    });
  });

  it('does not send a reply to a number that said STOP after it was queued, but confirms the STOP', async () => {
    const phone = '+15105550103';
    const reply = await queueText({ phone, body: 'A party of 10 on June 6 comes to $650.' });
    // The customer texts STOP before the relay runs: the ledger and the confirmation.
    await new ConsentsRepository(t.database.db, t.container.fieldCrypto).record({
      phone,
      channel: 'sms',
      purpose: 'all',
      status: 'opted_out',
      source: 'sms_keyword:STOP',
    });
    const confirmation = await queueText({
      phone,
      body: 'Teppan Hibachi: You are unsubscribed.',
      template: 'sms_keyword_stop',
    });
    const result = await t.container.sms.relayOnce(50);
    expect(result).toMatchObject({ sent: 1, skipped: 1 });
    expect(rc.sent.map((m) => m.text)).toEqual(['Teppan Hibachi: You are unsubscribed.']);
    const rows = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['id', 'status', 'last_error', 'provider_message_id'])
      .where('id', 'in', [reply.id, confirmation.id])
      .orderBy('id')
      .execute();
    expect(rows[0]).toMatchObject({ status: 'skipped', provider_message_id: null });
    expect(rows[0]?.last_error).toMatch(/consent withdrawn.*sms_keyword:STOP/);
    expect(rows[1]?.status).toBe('sent');
    // Skipped for good: a later pass does not send it either.
    await makeDue(reply.id);
    expect((await t.container.sms.relayOnce(50)).sent).toBe(0);
  });

  it('retries 503 and 429 with backoff and Retry-After, then reports the text failed', async () => {
    const logger = recordingLogger();
    const relay = new SmsRelay(t.database.db, {
      provider: new RingCentralSmsProvider(t.config.sms.ringCentral ?? fail()),
      fieldCrypto: t.container.fieldCrypto,
      logger,
      maxAttempts: 3,
      baseDelaySeconds: 60,
    });
    const phone = '+15105550104';
    const row = await queueText({ phone, body: 'Your chef is on the way.' });
    rc.failNextSends({ status: 503 }, { status: 429, retryAfter: '7200' }, { status: 503 });
    const waitOf = async () => {
      const r = await sql<{
        wait: number;
      }>`select extract(epoch from next_attempt_at - now())::int as wait
        from marketing.outbox where id = ${row.id}`.execute(t.database.db);
      return r.rows[0]?.wait ?? 0;
    };

    expect((await relay.relayOnce(10)).retrying).toBe(1);
    expect(await waitOf()).toBeGreaterThan(55); // the first backoff: 60 s
    expect(await waitOf()).toBeLessThanOrEqual(60);
    await makeDue(row.id);
    expect((await relay.relayOnce(10)).retrying).toBe(1);
    // Backoff says 120 s, RingCentral said 7200: the longer wins.
    expect(await waitOf()).toBeGreaterThan(7100);
    await makeDue(row.id);
    expect(await relay.relayOnce(10)).toMatchObject({ failed: 1, retrying: 0, sent: 0 });

    const failed = await rowFor(phone);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, provider_message_id: null });
    expect(failed.last_error).toMatch(/503/);
    expect(rc.sent).toEqual([]);
    expect(logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'text delivery failed; will retry'],
      ['warn', 'text delivery failed; will retry'],
      ['error', 'text delivery failed for good'],
    ]);
    expect(logger.lines[1]?.obj).toMatchObject({ httpStatus: 429 });
    // Never again, and no number or secret in what was logged.
    await makeDue(row.id);
    expect((await relay.relayOnce(10)).failed).toBe(0);
    expect(JSON.stringify(logger.lines)).not.toMatch(/5550104|test-client-secret|test-jwt/);
  });

  it('gives up at once on a 4xx about the message itself', async () => {
    const row = await queueText({ phone: '+15105550105', body: 'Hello' });
    rc.failNextSends({ status: 400 });
    expect((await t.container.sms.relayOnce(10)).failed).toBe(1);
    expect(await rowFor('+15105550105')).toMatchObject({
      id: row.id,
      status: 'failed',
      attempts: 1,
    });
  });

  it('never sends more than three segments: a four-segment text is cut at a word end', async () => {
    const body = 'Thank you for booking your hibachi party with us this summer. '.repeat(9).trim();
    expect(smsSegmentsOf(body).segments).toBe(4);
    await queueText({ phone: '+15105550106', body });
    expect((await t.container.sms.relayOnce(10)).sent).toBe(1);
    const text = rc.sent[0]?.text ?? '';
    expect(smsSegmentsOf(text)).toMatchObject({ encoding: 'gsm7', segments: 3 });
    expect(body.startsWith(text.replace(/\.\.\.$/, ''))).toBe(true);
    expect(text.length).toBeGreaterThan(400);
  });

  it('says which provider sends texts in the development outbox', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/dev/outbox?limit=200' });
    const body = res.json<{
      delivery: { email: string; sms: string };
      messages: { channel: string; status: string; lastError: string | null }[];
    }>();
    expect(body.delivery.sms).toBe('ringcentral');
    expect(body.messages.some((m) => m.status === 'skipped' && m.lastError)).toBe(true);
  });
});

function fail(): never {
  throw new Error('RingCentral is configured in this file');
}
