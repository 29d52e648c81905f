/**
 * bench/chat-flood: 50 web conversations × 5 turns at once against the real server, every
 * turn calling tools (quotes, availability, travel fee, knowledge), while a quote is sent one
 * at a time throughout. Prints the turn p95 and the p95 of those quotes beside the quote p95
 * on the idle server measured in the same run (before each flood), ratio last (target ≤ 3).
 * The client runs in a child process (chat-flood-client.ts). Alone: `npx tsx
 * bench/chat-flood.bench.ts`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dateAhead, quoteBody } from '../apps/server/src/test/factories.ts';
import type { ChatFloodJob, ChatFloodReply, ChatFloodRound } from './chat-flood-client.ts';
import {
  BenchFailure,
  fmtMs,
  isMain,
  percentile,
  positiveIntFromEnv,
  withBenchEnv,
  type BenchEnv,
} from './lib.ts';
import { QUOTE_BODIES } from './quote.bench.ts';

export const CHAT_FLOOD_TARGET_RATIO = 3;

const CONVERSATIONS = () => positiveIntFromEnv('BENCH_CHAT_CONVERSATIONS', 50);
const TURNS = () => positiveIntFromEnv('BENCH_CHAT_TURNS', 5);
const ROUNDS = () => positiveIntFromEnv('BENCH_CHAT_ROUNDS', 3);
const IDLE_QUOTES = () => positiveIntFromEnv('BENCH_CHAT_IDLE_QUOTES', 100);

/** One customer's messages; `{n}` differs per conversation so every party is a new quote. */
function script(): string[] {
  const date = dateAhead(30);
  return [
    `How much for {n} adults and 2 kids in 95112 on ${date}?`,
    `Do you have anything open on ${dateAhead(45)}?`,
    `What would {n} adults and 4 kids cost in 94539 on ${date}?`,
    'How far is 94103 from you and what is the travel fee?',
    'Do you have a vegetarian menu?',
  ];
}

function runClient(job: ChatFloodJob): Promise<ChatFloodRound> {
  const child = fork(fileURLToPath(new URL('./chat-flood-client.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<ChatFloodRound>((resolve, reject) => {
    child.once('message', (reply: ChatFloodReply) => {
      child.kill();
      if ('error' in reply) reject(new Error(`chat-flood client: ${reply.error}`));
      else resolve(reply.round);
    });
    child.once('exit', (code) => reject(new Error(`chat-flood client exited (${code})`)));
    child.send(job);
  });
}

/** Every line of the script must make the assistant call a tool, or this is no tool flood. */
async function checkScript(env: BenchEnv, lines: string[]): Promise<string[]> {
  const conversation = await env.container.conversations.start('web');
  const used: string[] = [];
  for (const text of lines) {
    const turn = await env.container.conversations.send({
      id: conversation.id,
      token: conversation.token,
      text: text.replaceAll('{n}', '12'),
    });
    const tools = turn.toolCalls.map((call) => call.name);
    if (tools.length === 0) throw new BenchFailure(`"${text}" called no tool`);
    used.push(`${tools.join('+')}`);
  }
  return used;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? 0,
  };
};

export interface ChatFloodResult {
  turnP95: number;
  floodQuoteP95: number;
  idleQuoteP95: number;
  ratio: number;
  ratioLine: string;
}

export async function run(env: BenchEnv): Promise<ChatFloodResult> {
  const conversations = CONVERSATIONS();
  const turns = TURNS();
  const rounds = ROUNDS();
  const idleQuotes = IDLE_QUOTES();
  const lines = script();
  if (turns > lines.length) throw new BenchFailure(`at most ${lines.length} turns are scripted`);
  console.log(
    `\nbench/chat-flood: ${conversations} conversations × ${turns} turns at once, ${rounds} rounds;` +
      `\n  each round: ${idleQuotes} quotes one at a time on the idle server, then the flood with one quote at a time throughout`,
  );
  const used = await checkScript(env, lines.slice(0, turns));
  console.log(`  tools per turn: ${used.join(', ')}`);

  const merged: ChatFloodRound = {
    idleQuoteMs: [],
    floodQuoteMs: [],
    turnMs: [],
    floodMs: 0,
    statuses: {},
    errors: [],
  };
  for (let round = 1; round <= rounds; round += 1) {
    const result = await runClient({
      url: env.url,
      conversations,
      turns,
      idleQuotes,
      quoteBody: QUOTE_BODIES[0] ?? quoteBody(),
      script: lines,
    });
    console.log(
      `  round ${round}: ${result.turnMs.length} turns in ${(result.floodMs / 1000).toFixed(1)} s, ${result.floodQuoteMs.length} quotes meanwhile`,
    );
    merged.idleQuoteMs.push(...result.idleQuoteMs);
    merged.floodQuoteMs.push(...result.floodQuoteMs);
    merged.turnMs.push(...result.turnMs);
    merged.floodMs += result.floodMs;
    merged.errors.push(...result.errors);
    for (const [key, count] of Object.entries(result.statuses))
      merged.statuses[key] = (merged.statuses[key] ?? 0) + count;
  }

  const turn = stats(merged.turnMs);
  const idle = stats(merged.idleQuoteMs);
  const flood = stats(merged.floodQuoteMs);
  const row = (label: string, s: ReturnType<typeof stats>) =>
    console.log(
      `  ${label.padEnd(38)}${String(s.count).padStart(6)}  p50 ${fmtMs(s.p50).padStart(7)} ms  p95 ${fmtMs(s.p95).padStart(7)} ms  max ${fmtMs(s.max).padStart(7)} ms`,
    );
  row('assistant turn, during the flood', turn);
  row('POST /api/v1/quotes, idle server', idle);
  row('POST /api/v1/quotes, during the flood', flood);
  console.log(
    `  statuses: ${Object.entries(merged.statuses)
      .map(([key, count]) => `${key}×${count}`)
      .join(', ')}`,
  );

  const expected = new Set(['turn 200', 'quote 201', 'idle quote 201']);
  const unexpected = Object.keys(merged.statuses).filter((key) => !expected.has(key));
  if (unexpected.length || merged.errors.length)
    throw new BenchFailure(
      `unexpected answers: ${unexpected.join(', ') || 'none'}; errors: ${merged.errors.slice(0, 3).join('; ') || 'none'}`,
    );
  if (turn.count !== conversations * turns * rounds)
    throw new BenchFailure(`${turn.count} turns answered, ${conversations * turns * rounds} sent`);
  if (flood.count === 0) throw new BenchFailure('no quote was measured during the flood');

  const ratio = flood.p95 / idle.p95;
  const ratioLine =
    `chat flood: turn p95 ${fmtMs(turn.p95)} ms; quote p95 ${fmtMs(flood.p95)} ms during it vs ${fmtMs(idle.p95)} ms idle;` +
    ` quote p95 flood/idle ratio: ${ratio.toFixed(2)} (target ≤ ${CHAT_FLOOD_TARGET_RATIO}${ratio <= CHAT_FLOOD_TARGET_RATIO ? '' : ', ABOVE TARGET'})`;
  console.log(ratioLine);
  return {
    turnP95: turn.p95,
    floodQuoteP95: flood.p95,
    idleQuoteP95: idle.p95,
    ratio,
    ratioLine,
  };
}

if (isMain(import.meta.url)) await withBenchEnv({ quoteBodies: QUOTE_BODIES }, run);
