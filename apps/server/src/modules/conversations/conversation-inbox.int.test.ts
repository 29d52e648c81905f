import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIndex } from '@teppan/db/pii';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';
import { sendChat, startChat, type ChatConversation } from './conversations.test-helper.ts';

let t: TestApp;
let support: SignedIn;
let chef: SignedIn;
let stationA: string;
let stationB: string;
let supportOfB: SignedIn;
let superAdmin: SignedIn;
beforeAll(async () => {
  t = await createTestApp({ env: { RINGCENTRAL_VERIFICATION_TOKEN: 'rc-token-0123456789abcdef' } });
  // Station A has the default code: new conversations start there.
  const { stationId } = await newStation(t.database.db, { chefs: 2 });
  stationA = stationId;
  stationB = (await newStation(t.database.db, { chefs: 2, code: 'CA-INBOX-B' })).stationId;
  support = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationId] }),
  );
  supportOfB = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationB] }),
  );
  superAdmin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'super_admin', stationIds: [] }),
  );
  chef = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] }),
  );
});
afterAll(async () => t.close());

interface Turn {
  reply: { text: string };
  handoff: { active: boolean; reason?: string };
}

const start = () => startChat(t.app);

async function say(c: ChatConversation, text: string) {
  const res = await sendChat(t.app, c, text);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Turn>();
}

function staffGet(session: SignedIn, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
}

function staffPost(session: SignedIn, url: string, payload?: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: session.headers,
    ...(payload ? { payload } : {}),
  });
}

describe('staff inbox', () => {
  it('a complaint hands off; staff take over, reply, the customer sees it; hand back and the assistant answers', async () => {
    const c = await start();
    const first = await say(
      c,
      'The chef was an hour late and the food was cold, I am very unhappy',
    );
    const handed = first.handoff.active
      ? first
      : await say(c, 'my email is upset.host@example.com');
    expect(handed.handoff).toMatchObject({ active: true, reason: 'complaint' });

    const list = await staffGet(support, '/api/v1/admin/conversations?status=handoff');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: { id: string; status: string }[] }>().items;
    expect(items.map((i) => i.id)).toContain(c.id);
    expect(items.every((i) => i.status === 'handoff')).toBe(true);

    const base = `/api/v1/admin/conversations/${c.id}`;
    const detail = await staffGet(support, base);
    expect(detail.statusCode).toBe(200);
    const messages = detail.json<{
      messages: { role: string; intent: string | null; agent: string | null; guardrail: unknown }[];
    }>().messages;
    const answer = messages.find((m) => m.role === 'assistant');
    expect(answer).toMatchObject({ intent: 'complaint', agent: 'Complaint Handler' });
    expect(answer?.guardrail).toMatchObject({ passed: true });

    expect((await staffPost(support, `${base}/take-over`)).statusCode).toBe(200);
    const reply = await staffPost(support, `${base}/reply`, {
      text: 'I am so sorry about the delay. I am looking into your booking now.',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ role: 'staff', queuedSms: false });

    // While staff own it, the assistant stays silent.
    expect((await say(c, 'thank you')).reply.text).toBe('');

    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${c.id}/messages?after=0`,
      headers: { 'x-conversation-token': c.token },
    });
    expect(seen.statusCode).toBe(200);
    const widget = seen.json<{
      messages: { id: number; role: string; text: string }[];
      handoff: { active: boolean };
    }>();
    expect(widget.handoff.active).toBe(true);
    const staffMessage = widget.messages.find((m) => m.role === 'staff');
    expect(staffMessage?.text).toContain('so sorry');
    const later = await t.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${c.id}/messages?after=${staffMessage?.id}`,
      headers: { 'x-conversation-token': c.token },
    });
    expect(later.json<{ messages: { role: string }[] }>().messages.map((m) => m.role)).toEqual([
      'customer',
    ]);
    const noToken = await t.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${c.id}/messages`,
    });
    expect(noToken.statusCode).toBe(401);

    expect((await staffPost(support, `${base}/hand-back`)).statusCode).toBe(200);
    const again = await say(c, 'What proteins can we choose?');
    expect(again.reply.text.length).toBeGreaterThan(0);
    expect(again.handoff.active).toBe(false);

    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['action', 'actor'])
      .where('entity', '=', 'conversation')
      .where('entity_id', '=', c.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'conversation.take_over',
      'conversation.reply',
      'conversation.hand_back',
    ]);
  });

  it('a take-over racing a burst of messages waits its turn: nothing is lost or overwritten', async () => {
    const c = await start();
    const texts = Array.from({ length: 6 }, (_, i) => `How much for ${12 + i} adults in 95112?`);
    const [takeOver, ...turns] = await Promise.all([
      staffPost(support, `/api/v1/admin/conversations/${c.id}/take-over`),
      ...texts.map((text) => sendChat(t.app, c, text)),
    ]);
    expect(takeOver?.statusCode, takeOver?.body).toBe(200);
    // No customer turn failed on a conflict: each waited for the one before it.
    expect(turns.map((res) => res.statusCode)).toEqual(texts.map(() => 200));
    const row = await t.database.db
      .selectFrom('ai.conversations')
      .select(['status', 'state'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const state = row.state as { turns: number; handoff: { active: boolean } };
    expect(row.status).toBe('handoff');
    expect(state.handoff.active).toBe(true);
    expect(state.turns).toBe(texts.length);
    // Answered until the take-over, silent after it: never an answer after a silent turn.
    const roles = (
      await t.database.db
        .selectFrom('ai.messages')
        .select('role')
        .where('conversation_id', '=', c.id)
        .orderBy('id')
        .execute()
    ).map((m) => m.role);
    expect(roles.filter((r) => r === 'customer')).toHaveLength(texts.length);
    const answered = roles.filter((r) => r === 'assistant').length;
    expect(roles).toEqual([
      ...Array.from({ length: answered }, () => ['customer', 'assistant']).flat(),
      ...Array.from({ length: texts.length - answered }, () => 'customer'),
    ]);
  });

  it('pages the inbox with a cursor', async () => {
    for (let i = 0; i < 3; i += 1) await start();
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { statusCode: number; json: <T>() => T } = await staffGet(
        support,
        `/api/v1/admin/conversations?status=assistant&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('a staff reply on an SMS conversation is queued as a text', async () => {
    const phone = '+14085550199';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sms/ringcentral/webhook',
      headers: { 'verification-token': 'rc-token-0123456789abcdef' },
      payload: {
        uuid: 'u1',
        event: '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS',
        body: {
          id: 'sms-inbox-1',
          from: { phoneNumber: phone },
          to: [{ phoneNumber: '+15105550142' }],
          subject: 'I want to talk to a human please',
          direction: 'Inbound',
          type: 'SMS',
        },
      },
    });
    const { conversationId } = res.json<{ conversationId: string }>();
    const base = `/api/v1/admin/conversations/${conversationId}`;
    expect((await staffPost(support, `${base}/take-over`)).statusCode).toBe(200);
    const reply = await staffPost(support, `${base}/reply`, {
      text: 'Hi, this is Amy from Teppan.',
    });
    expect(reply.json()).toMatchObject({ queuedSms: true });
    const sms = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['body', 'template'])
      .where('recipient_index', '=', contactIndex(t.container.fieldCrypto, 'phone', phone))
      .where('template', '=', 'staff_reply')
      .execute();
    expect(sms).toEqual([{ body: 'Hi, this is Amy from Teppan.', template: 'staff_reply' }]);
  });

  it('a chef gets 403 on every inbox route, and a reply needs a take-over first', async () => {
    const c = await start();
    const base = `/api/v1/admin/conversations/${c.id}`;
    const list = await staffGet(chef, '/api/v1/admin/conversations');
    expect(list.statusCode).toBe(403);
    const detail = await staffGet(chef, base);
    expect(detail.statusCode).toBe(403);
    for (const action of ['take-over', 'reply', 'hand-back'])
      expect((await staffPost(chef, `${base}/${action}`, { text: 'hi' })).statusCode).toBe(403);
    const early = await staffPost(support, `${base}/reply`, { text: 'hi' });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ error: { code: string } }>().error.code).toBe(
      'CONVERSATION_NOT_TAKEN_OVER',
    );
    const missing = await staffGet(
      support,
      '/api/v1/admin/conversations/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('inbox station scoping', () => {
  const stationOf = async (id: string) =>
    (
      await t.database.db
        .selectFrom('ai.conversations')
        .select('station_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).station_id;

  const listIds = async (session: SignedIn) => {
    const res = await staffGet(session, '/api/v1/admin/conversations?limit=100');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { id: string; stationId: string | null }[] }>().items;
  };

  /** What a refused staff action must leave as it was. */
  const stateOf = async (id: string) => {
    const db = t.database.db;
    const row = await db
      .selectFrom('ai.conversations')
      .select(['status', 'station_id', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const messages = await db
      .selectFrom('ai.messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();
    const audit = await db
      .selectFrom('audit.log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('entity_id', '=', id)
      .executeTakeFirstOrThrow();
    return JSON.stringify({ row, messages, audit });
  };

  it('a conversation starts at the default station, web and SMS alike', async () => {
    const web = await start();
    expect(await stationOf(web.id)).toBe(stationA);
    const { conversationId } = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/sms/ringcentral/webhook',
        headers: { 'verification-token': 'rc-token-0123456789abcdef' },
        payload: {
          uuid: 'u-station',
          event: '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS',
          body: {
            id: 'sms-station-1',
            from: { phoneNumber: '+14085550177' },
            to: [{ phoneNumber: '+15105550142' }],
            subject: 'How much for 20 people?',
            direction: 'Inbound',
            type: 'SMS',
          },
        },
      })
    ).json<{ conversationId: string }>();
    expect(await stationOf(conversationId)).toBe(stationA);
  });

  it("moves to the station of the booking it touches; only that station's staff see and act on it", async () => {
    const email = `station.b.${Date.now()}@example.com`;
    const booking = await bookViaApi(t.app, {
      stationId: stationB,
      daysAhead: 30,
      customer: { email },
    });
    const c = await start();
    const turn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/messages`,
      headers: { 'x-conversation-token': c.token },
      payload: { text: `payment status for ${booking.number}, email: ${email}` },
    });
    expect(turn.statusCode, turn.body).toBe(200);
    expect(turn.json<{ toolCalls: { name: string }[] }>().toolCalls.map((x) => x.name)).toContain(
      'findBooking',
    );
    expect(await stationOf(c.id)).toBe(stationB);
    await t.database.db
      .updateTable('ai.conversations')
      .set({ status: 'handoff' })
      .where('id', '=', c.id)
      .execute();

    // Station A's staff: not in their list, and it does not exist for them.
    expect((await listIds(support)).map((i) => i.id)).not.toContain(c.id);
    const base = `/api/v1/admin/conversations/${c.id}`;
    const before = await stateOf(c.id);
    const detail = await staffGet(support, base);
    expect(detail.statusCode).toBe(404);
    expect(detail.json<{ error: { code: string } }>().error.code).toBe('CONVERSATION_NOT_FOUND');
    for (const action of ['take-over', 'reply', 'hand-back']) {
      const refused = await staffPost(support, `${base}/${action}`, { text: 'Hello from A' });
      expect(refused.statusCode, `${action}: ${refused.body}`).toBe(404);
    }
    expect(await stateOf(c.id)).toBe(before);
    expect(
      await t.database.db
        .selectFrom('marketing.outbox')
        .select('id')
        .where('body', 'like', '%Hello from A%')
        .execute(),
    ).toEqual([]);

    // Station B's staff do; their entries are B's.
    const seen = (await listIds(supportOfB)).find((i) => i.id === c.id);
    expect(seen?.stationId).toBe(stationB);
    expect((await staffGet(supportOfB, base)).statusCode).toBe(200);
    expect(
      (await staffPost(supportOfB, `${base}/reply`, { text: 'Hello from B' })).statusCode,
    ).toBe(200);
    expect((await staffPost(supportOfB, `${base}/hand-back`)).statusCode).toBe(200);
    const entries = await t.database.db
      .selectFrom('audit.log')
      .select(['action', 'station_id'])
      .where('entity_id', '=', c.id)
      .orderBy('id')
      .execute();
    expect(entries).toEqual([
      { action: 'conversation.reply', station_id: stationB },
      { action: 'conversation.hand_back', station_id: stationB },
    ]);
  });

  it('a conversation with no station is for super admins only, on the list and the dashboard', async () => {
    const c = await start();
    await t.database.db
      .updateTable('ai.conversations')
      .set({ station_id: null, status: 'handoff' })
      .where('id', '=', c.id)
      .execute();
    expect((await listIds(support)).map((i) => i.id)).not.toContain(c.id);
    expect((await listIds(supportOfB)).map((i) => i.id)).not.toContain(c.id);
    const base = `/api/v1/admin/conversations/${c.id}`;
    const before = await stateOf(c.id);
    expect((await staffGet(support, base)).statusCode).toBe(404);
    expect((await staffPost(support, `${base}/take-over`)).statusCode).toBe(404);
    expect(await stateOf(c.id)).toBe(before);
    const dashboard = await staffGet(support, `/api/v1/admin/dashboard?stationId=${stationA}`);
    expect(dashboard.body).not.toContain(c.id);

    expect((await listIds(superAdmin)).find((i) => i.id === c.id)?.stationId).toBeNull();
    expect((await staffGet(superAdmin, base)).statusCode).toBe(200);
    expect((await staffPost(superAdmin, `${base}/take-over`)).statusCode).toBe(200);
  });

  it('a staff member asking for another station’s list is refused', async () => {
    const res = await staffGet(support, `/api/v1/admin/conversations?stationId=${stationB}`);
    expect(res.statusCode).toBe(403);
  });
});
