/**
 * The chat-flood client, forked by chat-flood.bench.ts so that its 50 conversations do not
 * share the server's event loop. One job over IPC, one answer: the latencies it measured.
 */

export interface ChatFloodJob {
  url: string;
  conversations: number;
  turns: number;
  /** Quotes timed one after another on the idle server before each flood. */
  idleQuotes: number;
  quoteBody: Record<string, unknown>;
  /** The customer's messages of one conversation, `{n}` replaced per conversation. */
  script: string[];
}

export interface ChatFloodRound {
  idleQuoteMs: number[];
  floodQuoteMs: number[];
  turnMs: number[];
  floodMs: number;
  /** `turn 200`, `quote 201`, … */
  statuses: Record<string, number>;
  errors: string[];
}

export type ChatFloodReply = { round: ChatFloodRound } | { error: string };

const JSON_HEADERS = { 'content-type': 'application/json' };

async function timed(
  statuses: Record<string, number>,
  what: string,
  request: () => Promise<Response>,
): Promise<number> {
  const started = performance.now();
  const res = await request();
  // The body is part of the answer: read it before the clock stops.
  await res.arrayBuffer();
  const ms = performance.now() - started;
  const key = `${what} ${res.status}`;
  statuses[key] = (statuses[key] ?? 0) + 1;
  return ms;
}

function postQuote(job: ChatFloodJob): Promise<Response> {
  return fetch(`${job.url}/api/v1/quotes`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(job.quoteBody),
  });
}

async function runRound(job: ChatFloodJob): Promise<ChatFloodRound> {
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  const idleQuoteMs: number[] = [];
  for (let i = 0; i < job.idleQuotes; i += 1)
    idleQuoteMs.push(await timed(statuses, 'idle quote', () => postQuote(job)));

  const conversations = await Promise.all(
    Array.from({ length: job.conversations }, async () => {
      const res = await fetch(`${job.url}/api/v1/conversations`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ channel: 'web' }),
      });
      if (res.status !== 201) throw new Error(`conversation not started: ${res.status}`);
      return (await res.json()) as { id: string; token: string };
    }),
  );

  const floodQuoteMs: number[] = [];
  const turnMs: number[] = [];
  let isFlooding = true;
  // One quote at a time, all through the flood: what a customer on the website would see.
  const prober = (async () => {
    while (isFlooding) floodQuoteMs.push(await timed(statuses, 'quote', () => postQuote(job)));
  })();
  const started = performance.now();
  await Promise.all(
    conversations.map(async (conversation, n) => {
      // A customer waits for each answer before the next message.
      for (const line of job.script.slice(0, job.turns)) {
        const text = line.replaceAll('{n}', String(12 + (n % 30)));
        try {
          const ms = await timed(statuses, 'turn', () =>
            fetch(`${job.url}/api/v1/conversations/${conversation.id}/messages`, {
              method: 'POST',
              headers: { ...JSON_HEADERS, 'x-conversation-token': conversation.token },
              body: JSON.stringify({ text }),
            }),
          );
          turnMs.push(ms);
        } catch (error) {
          errors.push(String(error));
        }
      }
    }),
  );
  const floodMs = performance.now() - started;
  isFlooding = false;
  await prober;
  return { idleQuoteMs, floodQuoteMs, turnMs, floodMs, statuses, errors };
}

process.once('message', (job: ChatFloodJob) => {
  runRound(job).then(
    (round) => process.send?.({ round } satisfies ChatFloodReply),
    (error: unknown) => process.send?.({ error: String(error) } satisfies ChatFloodReply),
  );
});
