/**
 * bench/assistant: p95 latency of one assistant turn, offline, through the real services
 * (classification, orchestration, a stored quote, recording the turn), beside a bare
 * quote-service call in the same run. Target p95 ≤ 50 ms. Prints the ratio last.
 */
import { quoteRequestSchema } from '@teppan/core';
import { QUOTE_BODIES } from './quote.bench.ts';
import { fmtMs, isMain, positiveIntFromEnv, withBenchEnv, type BenchEnv } from './lib.ts';

const TURNS = () => positiveIntFromEnv('BENCH_ASSISTANT_TURNS', 300);

const QUESTIONS = [
  'How much for 15 adults and 2 kids in 95112?',
  'what would 20 adults cost in 94539',
  'price for 12 adults, 4 children and 1 toddler, zip 95050',
  'Which meats can guests pick from?',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function timeMany(count: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i += 1) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    await work(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

export async function run(env: BenchEnv): Promise<{ ratioLine: string }> {
  const turns = TURNS();
  console.log(
    `\nbench/assistant: ${turns} turns, each in a new web conversation (the 10/min limit is per conversation)`,
  );
  const request = quoteRequestSchema.parse(QUOTE_BODIES[0]);
  const bare = await timeMany(turns, () => env.container.quotes.create(request));
  const turn = await timeMany(turns, async (i) => {
    const conversation = await env.container.conversations.start('web');
    return env.container.conversations.send({
      id: conversation.id,
      token: conversation.token,
      text: QUESTIONS[i % QUESTIONS.length]!,
    });
  });
  const line = (label: string, s: number[]) =>
    console.log(
      `  ${label.padEnd(40)} p50 ${fmtMs(percentile(s, 0.5)).padStart(6)} ms   p95 ${fmtMs(percentile(s, 0.95)).padStart(6)} ms`,
    );
  line('bare quote service call (stored quote)', bare);
  line('new conversation + one turn, recorded', turn);
  const p95 = percentile(turn, 0.95);
  const ratioLine = `assistant turn p95 ${fmtMs(p95)} ms (target ≤ 50 ms${p95 <= 50 ? '' : ', ABOVE TARGET'}); turn/bare-quote p95 ratio: ${(p95 / percentile(bare, 0.95)).toFixed(1)}×`;
  console.log(ratioLine);
  return { ratioLine };
}

if (isMain(import.meta.url)) await withBenchEnv({ quoteBodies: QUOTE_BODIES }, run);
