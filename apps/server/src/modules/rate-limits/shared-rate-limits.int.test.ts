import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import { newStation, quoteBody } from '../../test/factories.ts';
import { STAFF_KEY } from '../../test/harness.ts';
import { startServerProcess, type ServerProcess } from '../../test/server-process.ts';

// Two real server processes on one database, as two instances behind a load balancer: a
// client gets each limit once across both, not once per instance. Every request of this
// file comes from 127.0.0.1, so each test uses its own scope (writes, reads, chat, staff).
const WRITE_LIMIT = 4;
const READ_LIMIT = 6;
const CHAT_LIMIT = 4;
const STAFF_LIMIT = 5;

let database: TestDatabase;
let servers: [ServerProcess, ServerProcess];

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  await newStation(database.db, { chefs: 1 });
  const env = {
    DATABASE_URL: database.url,
    RUN_WORKER: 'false',
    STAFF_API_KEY: STAFF_KEY,
    PUBLIC_RATE_LIMIT_PER_MINUTE: String(WRITE_LIMIT),
    PUBLIC_READ_RATE_LIMIT_PER_MINUTE: String(READ_LIMIT),
    CHAT_RATE_LIMIT_PER_MINUTE: String(CHAT_LIMIT),
    STAFF_RATE_LIMIT_PER_MINUTE: String(STAFF_LIMIT),
  };
  servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all((servers ?? []).map((server) => server.stop()));
  await database?.drop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

async function call(
  server: ServerProcess,
  path: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      // Without TRUST_PROXY a spoofed X-Forwarded-For must not give a fresh bucket.
      'x-forwarded-for': `100.64.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as Answer['body'];
  return { status: res.status, headers: res.headers, body };
}

/** Alternates between the two instances, as a round-robin load balancer would. */
const instance = (i: number) => servers[i % 2]!;

function expectRateLimited(answer: Answer) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(429);
  expect(answer.body.error?.code).toBe('RATE_LIMITED');
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

async function countRows(table: 'core.quotes' | 'ai.conversations' | 'ai.messages') {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
    database.db,
  );
  return Number(rows[0]?.n);
}

describe('one limit across two instances', () => {
  it('public writes: the limit once, even sent all at once to both; refused requests write nothing', async () => {
    const before = await countRows('core.quotes');
    const answers = await Promise.all(
      Array.from({ length: WRITE_LIMIT * 3 }, (_, i) =>
        call(instance(i), '/api/v1/quotes', { body: quoteBody() }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(WRITE_LIMIT);
    for (const answer of answers.filter((a) => a.status !== 201)) expectRateLimited(answer);
    // Each instance had half the requests, more than the limit's half: both refused some.
    for (const half of [0, 1])
      expect(answers.some((a, i) => i % 2 === half && a.status === 429)).toBe(true);
    expect(await countRows('core.quotes')).toBe(before + WRITE_LIMIT);
    // Still refused on either instance afterwards.
    expectRateLimited(await call(servers[0], '/api/v1/quotes', { body: quoteBody() }));
    expectRateLimited(await call(servers[1], '/api/v1/quotes', { body: quoteBody() }));
    expect(await countRows('core.quotes')).toBe(before + WRITE_LIMIT);
  });

  it('public reads: the read limit once across both', async () => {
    const { rows } = await sql<{ id: string }>`select id from core.quotes limit 1`.execute(
      database.db,
    );
    const path = rows[0] ? `/api/v1/quotes/${rows[0].id}` : `/api/v1/quotes/${randomUUID()}`;
    for (let i = 0; i < READ_LIMIT; i += 1) {
      const answer = await call(instance(i), path);
      expect(answer.status).not.toBe(429);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe(String(READ_LIMIT - i - 1));
    }
    expectRateLimited(await call(servers[0], path));
    expectRateLimited(await call(servers[1], '/api/v1/availability?from=2030-01-01&to=2030-01-07'));
    // Health stays reachable from the same address.
    expect((await call(servers[0], '/readyz')).status).toBe(200);
  });

  it('chat: starts and messages share the per-IP limit across conversations and instances; refused turns write nothing', async () => {
    const started = await call(servers[0], '/api/v1/conversations', { body: { channel: 'web' } });
    expect(started.status).toBe(201);
    const chat = started.body as { id: string; token: string };
    const say = (server: ServerProcess, text: string) =>
      call(server, `/api/v1/conversations/${chat.id}/messages`, {
        body: { text },
        headers: { 'x-conversation-token': chat.token },
      });
    for (let i = 1; i < CHAT_LIMIT; i += 1)
      expect((await say(instance(i), `hello ${i}`)).status).toBe(200);
    const conversations = await countRows('ai.conversations');
    const messages = await countRows('ai.messages');
    expectRateLimited(await say(servers[0], 'how much for 10 adults in 94539?'));
    expectRateLimited(await say(servers[1], 'how much for 10 adults in 94539?'));
    expectRateLimited(
      await call(servers[1], '/api/v1/conversations', { body: { channel: 'web' } }),
    );
    expect(await countRows('ai.conversations')).toBe(conversations);
    expect(await countRows('ai.messages')).toBe(messages);
  });

  it('staff: the limit once per API key across both', async () => {
    const status = (server: ServerProcess) =>
      call(server, `/api/v1/bookings/${randomUUID()}/status`, {
        body: { status: 'completed' },
        headers: { authorization: `Bearer ${STAFF_KEY}` },
      });
    for (let i = 0; i < STAFF_LIMIT; i += 1) expect((await status(instance(i))).status).toBe(404);
    expectRateLimited(await status(servers[0]));
    expectRateLimited(await status(servers[1]));
  });
});
