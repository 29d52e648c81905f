import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { contactIndex } from '@teppan/db/pii';

const TOKEN = 'rc-verification-token-0123456789';
const URL = '/api/v1/sms/ringcentral/webhook';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { RINGCENTRAL_VERIFICATION_TOKEN: TOKEN } });
  await newStation(t.database.db, { chefs: 2 });
});
afterAll(async () => t.close());

let seq = 0;
function notification(options: { from: string; text: string; id?: string }) {
  seq += 1;
  return {
    uuid: `uuid-${seq}`,
    event: '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS',
    timestamp: new Date().toISOString(),
    subscriptionId: 'sub-1',
    ownerId: '123',
    body: {
      id: options.id ?? `msg-${seq}-${Math.floor(Math.random() * 1e9)}`,
      to: [{ phoneNumber: '+15105550142', name: 'Teppan', location: 'Fremont, CA' }],
      from: { phoneNumber: options.from, location: 'San Jose, CA' },
      type: 'SMS',
      creationTime: new Date().toISOString(),
      lastModifiedTime: new Date().toISOString(),
      readStatus: 'Unread',
      priority: 'Normal',
      attachments: [{ id: '1', type: 'Text', contentType: 'text/plain' }],
      direction: 'Inbound',
      availability: 'Alive',
      subject: options.text,
      messageStatus: 'Received',
      conversationId: '999',
    },
  };
}

function deliver(body: unknown, token: string | null = TOKEN) {
  return t.app.inject({
    method: 'POST',
    url: URL,
    headers: token === null ? {} : { 'verification-token': token },
    payload: body as Record<string, unknown>,
  });
}

/** Numbers are stored encrypted; rows are found by the number's blind index (ADR 0016). */
const indexOf = (phone: string) => contactIndex(t.container.fieldCrypto, 'phone', phone) ?? '';

function outboxFor(phone: string) {
  return t.database.db
    .selectFrom('marketing.outbox')
    .select(['channel', 'body', 'template', 'data'])
    .where('recipient_index', '=', indexOf(phone))
    .orderBy('id')
    .execute();
}

describe('RingCentral SMS webhook', () => {
  it('echoes the Validation-Token of the subscription handshake', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { 'validation-token': 'abc-123-handshake' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['validation-token']).toBe('abc-123-handshake');
  });

  it('refuses a notification with a wrong or missing verification token', async () => {
    const phone = '+14085550100';
    const wrong = await deliver(notification({ from: phone, text: 'hi' }), 'not-the-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('SMS_WEBHOOK_TOKEN_INVALID');
    const missing = await deliver(notification({ from: phone, text: 'hi' }), null);
    expect(missing.statusCode).toBe(401);
    expect(await outboxFor(phone)).toEqual([]);
  });

  it('STOP opts the number out with one confirmation and no assistant reply', async () => {
    const phone = '+14085550101';
    const res = await deliver(notification({ from: phone, text: 'STOP' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'keyword', keyword: 'stop' });
    const consent = await t.database.db
      .selectFrom('marketing.consents')
      .selectAll()
      .where('phone_index', '=', indexOf(phone))
      .execute();
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({ channel: 'sms', status: 'opted_out', purpose: 'all' });
    expect(consent[0]?.text_shown).toContain('unsubscribed');
    const sent = await outboxFor(phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'sms', template: 'sms_keyword_stop' });
    expect(
      await t.database.db
        .selectFrom('ai.messages as m')
        .innerJoin('ai.conversations as c', 'c.id', 'm.conversation_id')
        .select('m.id')
        .where('m.role', '=', 'assistant')
        .where('c.phone_index', '=', indexOf(phone))
        .execute(),
    ).toEqual([]);

    // An opted-out number's question is kept for staff but never answered by text.
    const after = await deliver(notification({ from: phone, text: 'How much for 10 adults?' }));
    expect(after.json<{ status: string }>().status).toBe('opted_out');
    expect(await outboxFor(phone)).toHaveLength(1);

    // START opts back in; the ledger keeps both rows and the newest is in force.
    const start = await deliver(notification({ from: phone, text: 'start' }));
    expect(start.json()).toEqual({ status: 'keyword', keyword: 'start' });
    const ledger = await t.database.db
      .selectFrom('marketing.consents')
      .select('status')
      .where('phone_index', '=', indexOf(phone))
      .orderBy('id')
      .execute();
    expect(ledger.map((r) => r.status)).toEqual(['opted_out', 'opted_in']);
    await expect(
      t.database.db
        .deleteFrom('marketing.consents')
        .where('phone_index', '=', indexOf(phone))
        .execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('HELP answers with the business contact', async () => {
    const phone = '+14085550102';
    await deliver(notification({ from: phone, text: 'help' }));
    const sent = await outboxFor(phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toContain(t.config.sms.businessPhone);
  });

  it('answers a question within 3 segments of 160 characters, in one conversation per number', async () => {
    const phone = '+14085550103';
    const res = await deliver(
      notification({ from: '(408) 555-0103', text: 'How much for 15 adults and 2 kids in 95112?' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const outcome = res.json<{ status: string; conversationId: string; segments: number }>();
    expect(outcome.status).toBe('answered');
    const sent = await outboxFor(phone);
    expect(sent).toHaveLength(1);
    const segments = (sent[0]?.data as { segments: string[] }).segments;
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.length).toBeLessThanOrEqual(3);
    for (const segment of segments) expect(segment.length).toBeLessThanOrEqual(160);
    expect(sent[0]?.body).toMatch(/\$\d/);

    const second = await deliver(notification({ from: phone, text: 'thanks!' }));
    expect(second.json<{ conversationId: string }>().conversationId).toBe(outcome.conversationId);
    const conversations = await t.database.db
      .selectFrom('ai.conversations')
      .select(['channel', 'phone'])
      .where('phone_index', '=', indexOf(phone))
      .execute();
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.channel).toBe('sms');
    expect(
      t.container.fieldCrypto.decrypt(conversations[0]?.phone ?? '', 'ai.conversations.phone'),
    ).toBe(phone);
  });

  it('processes a redelivered message id once', async () => {
    const phone = '+14085550104';
    const body = notification({ from: phone, text: 'Do you have a vegetarian menu?', id: 'dup-1' });
    expect((await deliver(body)).json<{ status: string }>().status).toBe('answered');
    const again = await deliver({ ...body, uuid: 'another-uuid' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'duplicate' });
    expect(await outboxFor(phone)).toHaveLength(1);
    const messages = await t.database.db
      .selectFrom('ai.messages as m')
      .innerJoin('ai.conversations as c', 'c.id', 'm.conversation_id')
      .select('m.role')
      .where('c.phone_index', '=', indexOf(phone))
      .execute();
    expect(messages.map((m) => m.role)).toEqual(['customer', 'assistant']);
  });

  it('an alphanumeric sender gets its own conversation, not a 500', async () => {
    const res = await deliver(notification({ from: 'TEPPAN-ALERTS', text: 'hello' }));
    expect(res.statusCode, res.body).toBe(200);
    const again = await deliver(notification({ from: 'TEPPAN-ALERTS', text: 'hello again' }));
    expect(again.json<{ conversationId: string }>().conversationId).toBe(
      res.json<{ conversationId: string }>().conversationId,
    );
  });

  it('ignores outbound copies', async () => {
    const body = notification({ from: '+14085550105', text: 'hello' });
    const res = await deliver({ ...body, body: { ...body.body, direction: 'Outbound' } });
    expect(res.json()).toEqual({ status: 'ignored' });
  });
});
