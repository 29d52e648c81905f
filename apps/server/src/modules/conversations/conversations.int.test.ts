import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { sendChat, startChat, type ChatConversation } from './conversations.test-helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db, { chefs: 2 });
});
afterAll(async () => t.close());

interface Turn {
  reply: { text: string };
  intent: string;
  agent: string;
  toolCalls: { name: string; input: unknown; output: unknown }[];
  handoff: { active: boolean; reason?: string };
}

const start = () => startChat(t.app);
const say = (conversation: ChatConversation, text: string) => sendChat(t.app, conversation, text);

describe('assistant conversations over HTTP', () => {
  it('quotes with the real quote service: the reply total is the stored quote’s, to the cent', async () => {
    const c = await start();
    const res = await say(c, 'How much for 15 adults and 2 kids in 95112?');
    expect(res.statusCode, res.body).toBe(200);
    const turn = res.json<Turn>();
    const quoteCall = turn.toolCalls.find((call) => call.name === 'quote');
    expect(quoteCall).toBeDefined();
    const output = quoteCall!.output as { id: string; totalCents: number };
    const stored = await t.database.db
      .selectFrom('core.quotes')
      .select('total_cents')
      .where('id', '=', output.id)
      .executeTakeFirstOrThrow();
    expect(stored.total_cents).toBe(output.totalCents);
    const dollars = `$${(output.totalCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(turn.reply.text).toContain(dollars);
    const recorded = await t.database.db
      .selectFrom('ai.messages')
      .select(['role', 'intent', 'agent', 'tool_calls', 'guardrail', 'latency_ms'])
      .where('conversation_id', '=', c.id)
      .orderBy('id')
      .execute();
    expect(recorded.map((m) => m.role)).toEqual(['customer', 'assistant']);
    expect(recorded[1]).toMatchObject({ intent: 'quote' });
    expect(recorded[1]?.latency_ms).toBeGreaterThan(0);
  });

  it('hands a complaint to staff after collecting contact details, then stays silent', async () => {
    const c = await start();
    const first = (
      await say(c, 'The chef was an hour late and the food was cold, I am very unhappy')
    ).json<Turn>();
    const contact = first.handoff.active
      ? first
      : (await say(c, 'my email is upset.host@example.com')).json<Turn>();
    expect(contact.handoff).toMatchObject({ active: true, reason: 'complaint' });
    const row = await t.database.db
      .selectFrom('ai.conversations')
      .select(['status', 'handoff_reason'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'handoff', handoff_reason: 'complaint' });
    const silent = (await say(c, 'hello? anyone?')).json<Turn>();
    expect(silent.reply.text).toBe('');
  });

  it('needs the token, and limits a conversation to 10 messages a minute', async () => {
    const c = await start();
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/messages`,
      payload: { text: 'hi' },
    });
    expect(noToken.statusCode).toBe(401);
    const wrong = await say({ id: c.id, token: 'nope' }, 'hi');
    expect(wrong.statusCode).toBe(403);
    for (let i = 0; i < 10; i += 1) expect((await say(c, `hello ${i}`)).statusCode).toBe(200);
    const limited = await say(c, 'one more');
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
  });
});
