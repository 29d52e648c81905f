import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';

type Mode = 'friendly' | 'wrong_price' | 'slow';
let mode: Mode = 'friendly';
let requests = 0;
let server: Server;
let t: TestApp;

/** A stand-in for OpenAI/Ollama/vLLM answering in the chat-completions format. */
function completion(content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'test-model',
    choices: [
      { index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      requests += 1;
      const body = JSON.parse(raw) as { messages: { role: string; content: string }[] };
      const original = body.messages.at(-1)?.content ?? '';
      const answer = (content: string) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(completion(content)));
      };
      if (mode === 'friendly') answer(`Great question! ${original}`);
      else if (mode === 'wrong_price')
        answer(original.replace(/\$[\d,]+\.\d{2}/, '$99.00') + ' Ask about our discount!');
      else setTimeout(() => answer(`Too late: ${original}`), 1500);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  t = await createTestApp({
    env: {
      LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
      LLM_MODEL: 'test-model',
      LLM_TIMEOUT_MS: '300',
    },
  });
  await newStation(t.database.db, { chefs: 2 });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Turn {
  reply: { text: string };
  toolCalls: { name: string; output: unknown }[];
}

async function ask(text: string): Promise<{ turn: Turn; conversationId: string }> {
  const c = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: { channel: 'web' },
    })
  ).json<{ id: string; token: string }>();
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${c.id}/messages`,
    headers: { 'x-conversation-token': c.token },
    payload: { text },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { turn: res.json<Turn>(), conversationId: c.id };
}

function dollarsOf(turn: Turn): string {
  const quote = turn.toolCalls.find((call) => call.name === 'quote');
  const cents = (quote?.output as { totalCents: number }).totalCents;
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
}

async function rephraseVerdict(conversationId: string) {
  const row = await t.database.db
    .selectFrom('ai.messages')
    .select('guardrail')
    .where('conversation_id', '=', conversationId)
    .where('role', '=', 'assistant')
    .executeTakeFirstOrThrow();
  return (row.guardrail as { rephrase?: { used: boolean } }).rephrase;
}

const QUESTION = 'How much for 15 adults and 2 kids in 95112?';

describe('OpenAI-compatible rephraser', () => {
  it('uses the reworded reply when it keeps every figure', async () => {
    mode = 'friendly';
    const { turn, conversationId } = await ask(QUESTION);
    expect(turn.reply.text.startsWith('Great question!')).toBe(true);
    expect(turn.reply.text).toContain(dollarsOf(turn));
    expect(await rephraseVerdict(conversationId)).toEqual({ used: true });
  });

  it('rejects a reworded reply with an invented price and keeps the template', async () => {
    mode = 'wrong_price';
    const { turn, conversationId } = await ask(QUESTION);
    expect(turn.reply.text).not.toContain('$99.00');
    expect(turn.reply.text).not.toContain('discount');
    expect(turn.reply.text).toContain(dollarsOf(turn));
    expect(await rephraseVerdict(conversationId)).toMatchObject({ used: false });
  });

  it('falls back to the template when the model is too slow', async () => {
    mode = 'slow';
    const before = requests;
    const { turn, conversationId } = await ask(QUESTION);
    expect(requests).toBeGreaterThan(before);
    expect(turn.reply.text).not.toContain('Too late');
    expect(turn.reply.text).toContain(dollarsOf(turn));
    expect(await rephraseVerdict(conversationId)).toEqual({ used: false });
  });
});
