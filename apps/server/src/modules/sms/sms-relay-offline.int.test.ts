// The offline default (no RINGCENTRAL_*): texts stay in the outbox, labelled as not sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { OFFLINE_SMS_DELIVERY_LABEL } from './sms.module.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('SMS relay offline', () => {
  it('leaves texts recorded in the outbox and says so', async () => {
    await new OutboxRepository(t.database.db, t.container.fieldCrypto).record({
      channel: 'sms',
      recipient: '+15105550199',
      subject: null,
      body: 'Your party is confirmed.',
      template: 'assistant_reply',
      dedupeKey: 'sms:offline-test',
    });
    expect(t.container.sms.isDelivering).toBe(false);
    expect(await t.container.sms.relayOnce(50)).toEqual({
      mode: 'offline',
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    });
    const row = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['status', 'attempts', 'provider', 'provider_message_id'])
      .where('dedupe_key', '=', 'sms:offline-test')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'recorded',
      attempts: 0,
      provider: 'outbox',
      provider_message_id: null,
    });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/dev/outbox' });
    const body = res.json<{ provider: string; delivery: { sms: string }; messages: unknown[] }>();
    expect(body.delivery.sms).toBe(OFFLINE_SMS_DELIVERY_LABEL);
    expect(body.provider).toContain(`sms: ${OFFLINE_SMS_DELIVERY_LABEL}`);
    expect(body.messages).toHaveLength(1);
  });
});
