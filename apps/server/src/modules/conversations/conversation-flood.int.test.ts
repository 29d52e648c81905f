import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createContainer } from '../../container.ts';
import { openAppDatabase } from '../../lib/app-database.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { createMetrics } from '../../lib/metrics.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { sendChat, startChat, type ChatConversation } from './conversations.test-helper.ts';
import { contactIndex } from '@teppan/db/pii';

/*
 * Issue F5 point 1: a burst of chat or SMS turns must never freeze the API. Before the fix a
 * turn held the conversation's row lock in a transaction while its tools checked out further
 * pool connections; 25 messages at once into one conversation (or 20 conversations at once)
 * left every connection waiting and /readyz, quotes and every other database route hung.
 * Each turn here calls tools (a quote with a date also checks that day's availability).
 */

const SMS_TOKEN = 'rc-verification-token-flood-0123456789';
const PROBE_LIMIT_MS = 2_000;
// A frozen API never answers: give the burst a generous bound instead of hanging the run.
const BURST_LIMIT_MS = 60_000;

let t: TestApp;
beforeAll(async () => {
  // With the job queue running a healthy app's /readyz answers 200, so 503 means trouble.
  t = await createTestApp({
    withJobs: true,
    env: { RINGCENTRAL_VERIFICATION_TOKEN: SMS_TOKEN },
  });
  await newStation(t.database.db, { chefs: 2 });
  // Warm the caches and the code paths once, so a probe measures load, not a cold start.
  expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  const warm = await startConversation();
  expect((await say(warm, question(0))).statusCode).toBe(200);
  expect((await deliverSms('+14085550199', question(0))).statusCode).toBe(200);
});
afterAll(async () => t.close());

interface Probe {
  what: 'readyz' | 'quote';
  status: number | null;
  ms: number;
  error?: string;
}

async function probeOnce(what: Probe['what']): Promise<Probe> {
  const started = performance.now();
  try {
    const res = await withDeadline(
      PROBE_LIMIT_MS,
      what === 'readyz'
        ? t.app.inject({ method: 'GET', url: '/readyz' })
        : t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() }),
    );
    return { what, status: res.statusCode, ms: performance.now() - started };
  } catch (error) {
    return { what, status: null, ms: performance.now() - started, error: String(error) };
  }
}

/**
 * Runs `burst` while probing /readyz and a quote every 200 ms, then probes once more after
 * it. Every probe must answer (200 and 201) within 2 s, and the burst must finish.
 */
async function underProbes<T>(burst: () => Promise<T>): Promise<T> {
  const probes: Probe[] = [];
  let isRunning = true;
  const prober = (async () => {
    while (isRunning) {
      probes.push(...(await Promise.all([probeOnce('readyz'), probeOnce('quote')])));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  let result: T;
  try {
    result = await withDeadline(BURST_LIMIT_MS, burst());
  } finally {
    isRunning = false;
    await prober;
  }
  probes.push(...(await Promise.all([probeOnce('readyz'), probeOnce('quote')])));
  const bad = probes.filter(
    (p) => p.status !== (p.what === 'readyz' ? 200 : 201) || p.ms > PROBE_LIMIT_MS,
  );
  expect(bad, JSON.stringify(bad.slice(0, 5))).toEqual([]);
  expect(probes.length).toBeGreaterThanOrEqual(4);
  return result;
}

const eventDate = dateAhead(30);

/**
 * A distinct party per message (so each prices a new quote, and each answer can be matched
 * to its question), always under the 50-guest hand-off, and a date so it checks the day.
 */
const question = (i: number) =>
  `How much for ${12 + (i % 30)} adults and ${2 + Math.floor(i / 30)} kids in 95112 on ${eventDate}?`;

const startConversation = () => startChat(t.app);
const say = (conversation: ChatConversation, text: string) => sendChat(t.app, conversation, text);

interface Turn {
  reply: { text: string };
  toolCalls: { name: string }[];
}

function statusCounts(responses: LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
  return counts;
}

function transcript(conversationId: string) {
  return t.database.db
    .selectFrom('ai.messages')
    .select(['role', 'text'])
    .where('conversation_id', '=', conversationId)
    .orderBy('id')
    .execute();
}

async function storedState(conversationId: string) {
  const row = await t.database.db
    .selectFrom('ai.conversations')
    .select('state')
    .where('id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return row.state as { turns: number; history: { role: string; text: string }[] };
}

/**
 * Turns ran one after another: customer and assistant alternate, each answer follows the
 * question it answered, and the stored state saw every turn (no lost update).
 */
async function expectCoherent(
  conversationId: string,
  answered: { question: string; reply: string }[],
) {
  const rows = await transcript(conversationId);
  expect(rows.map((m) => m.role)).toEqual(
    answered.flatMap(() => ['customer', 'assistant'] as const),
  );
  for (const turn of answered) {
    const index = rows.findIndex((m) => m.role === 'customer' && m.text === turn.question);
    expect(index, turn.question).toBeGreaterThanOrEqual(0);
    expect(rows[index + 1]?.text).toBe(turn.reply);
  }
  const state = await storedState(conversationId);
  expect(state.turns).toBe(answered.length);
  expect(state.history.map((h) => h.text)).toEqual(rows.map((m) => m.text));
}

describe('a burst of chat turns', () => {
  it('50 messages at once into one conversation: 10 answered in turn, 40 refused with 429, no 5xx, the API stays up', async () => {
    const c = await startConversation();
    const texts = Array.from({ length: 50 }, (_, i) => question(i));
    const responses = await underProbes(() => Promise.all(texts.map((text) => say(c, text))));
    expect(statusCounts(responses)).toEqual({ 200: 10, 429: 40 });
    const answered: { question: string; reply: string }[] = [];
    responses.forEach((res, i) => {
      if (res.statusCode === 429) {
        expect(res.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
        return;
      }
      const turn = res.json<Turn>();
      expect(turn.toolCalls.map((call) => call.name)).toEqual(
        expect.arrayContaining(['quote', 'availability']),
      );
      answered.push({ question: texts[i]!, reply: turn.reply.text });
    });
    await expectCoherent(c.id, answered);
  });

  it('two server processes on one database: the lease, not process memory, keeps 10 answered and in order', async () => {
    // A second app with its own pool and its own in-memory lines, like another instance.
    const { db } = openAppDatabase(t.config, { url: t.database.url });
    const other = await buildApp(
      createContainer({
        config: t.config,
        db,
        metrics: createMetrics(),
        logger: pino({ level: 'silent' }),
      }),
      { logger: false },
    );
    try {
      const c = await startConversation();
      const texts = Array.from({ length: 50 }, (_, i) => question(i));
      const responses = await underProbes(() =>
        Promise.all(
          texts.map((text, i) => (i % 2 === 0 ? say(c, text) : sendChat(other, c, text))),
        ),
      );
      expect(statusCounts(responses)).toEqual({ 200: 10, 429: 40 });
      const answered = responses.flatMap((res, i) =>
        res.statusCode === 200 ? [{ question: texts[i]!, reply: res.json<Turn>().reply.text }] : [],
      );
      // With only in-process lines each app would run its own turns beside the other's:
      // more than 10 answered, or a lost update in the state.
      await expectCoherent(c.id, answered);
    } finally {
      await other.close();
      await db.destroy();
    }
  });

  it('50 conversations at once, each turn calling tools: all answered, the API stays up', async () => {
    const conversations = await Promise.all(Array.from({ length: 50 }, () => startConversation()));
    const responses = await underProbes(() =>
      Promise.all(conversations.map((c, i) => say(c, question(i)))),
    );
    expect(statusCounts(responses)).toEqual({ 200: 50 });
    for (const [i, res] of responses.entries()) {
      const turn = res.json<Turn>();
      expect(turn.toolCalls.map((call) => call.name)).toContain('quote');
      await expectCoherent(conversations[i]!.id, [
        { question: question(i), reply: turn.reply.text },
      ]);
    }
  });
});

// ---- SMS ------------------------------------------------------------------------------

let smsSeq = 0;
function deliverSms(from: string, text: string) {
  smsSeq += 1;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sms/ringcentral/webhook',
    headers: { 'verification-token': SMS_TOKEN },
    payload: {
      uuid: `flood-${smsSeq}`,
      event: '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS',
      body: {
        id: `flood-msg-${smsSeq}-${Math.floor(Math.random() * 1e9)}`,
        from: { phoneNumber: from },
        to: [{ phoneNumber: '+15105550142' }],
        subject: text,
        direction: 'Inbound',
        type: 'SMS',
      },
    },
  });
}

// Numbers are stored encrypted; rows are found by their blind index (ADR 0016).
const indexOf = (phone: string) => contactIndex(t.container.fieldCrypto, 'phone', phone) ?? '';

async function smsConversationId(phone: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('ai.conversations')
    .select('id')
    .where('channel', '=', 'sms')
    .where('phone_index', '=', indexOf(phone))
    .executeTakeFirstOrThrow();
  return row.id;
}

function repliesTo(phone: string) {
  return t.database.db
    .selectFrom('marketing.outbox')
    .select(['body', 'data'])
    .where('recipient_index', '=', indexOf(phone))
    .where('template', '=', 'assistant_reply')
    .orderBy('id')
    .execute();
}

describe('a burst of SMS turns', () => {
  it('50 texts at once from one number: 10 answered in turn, the rest recorded as rate limited, no 5xx, the API stays up', async () => {
    const phone = '+14085550190';
    const texts = Array.from({ length: 50 }, (_, i) => question(i));
    const responses = await underProbes(() =>
      Promise.all(texts.map((text) => deliverSms(phone, text))),
    );
    expect(statusCounts(responses)).toEqual({ 200: 50 });
    const outcomes = responses.map((res) => res.json<{ status: string }>().status);
    expect(outcomes.filter((s) => s === 'answered')).toHaveLength(10);
    expect(outcomes.filter((s) => s === 'rate_limited')).toHaveLength(40);
    const conversationId = await smsConversationId(phone);
    const rows = await transcript(conversationId);
    const answered = texts
      .filter((_, i) => outcomes[i] === 'answered')
      .map((text) => {
        const index = rows.findIndex((m) => m.role === 'customer' && m.text === text);
        return { question: text, reply: rows[index + 1]?.text ?? '' };
      });
    await expectCoherent(conversationId, answered);
    // One text back per answered turn, never for a refused one.
    expect(await repliesTo(phone)).toHaveLength(10);
  });

  it('texts from 50 numbers at once: every one answered, the API stays up', async () => {
    const phones = Array.from({ length: 50 }, (_, i) => `+1408556${String(i).padStart(4, '0')}`);
    const responses = await underProbes(() =>
      Promise.all(phones.map((phone, i) => deliverSms(phone, question(i)))),
    );
    expect(statusCounts(responses)).toEqual({ 200: 50 });
    expect(responses.map((res) => res.json<{ status: string }>().status)).toEqual(
      phones.map(() => 'answered'),
    );
    for (const phone of phones) expect(await repliesTo(phone)).toHaveLength(1);
  });
});
