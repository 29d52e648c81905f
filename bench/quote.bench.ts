/**
 * bench/quote: POST /api/v1/quotes (zod validation, settings, distance cache, pricing
 * engine, INSERT, zod-serialised response) against a route on the same server that parses
 * the same JSON body, validates nothing and does one plain INSERT of a quote row of the same
 * size. Run alone with `npx tsx bench/quote.bench.ts`.
 */
import { dateAhead, quoteBody } from '../apps/server/src/test/factories.ts';
import {
  BASELINE_QUOTE_PATH,
  BenchFailure,
  assertStatuses,
  benchRounds,
  benchSeconds,
  fmtMs,
  mergeSummaries,
  isMain,
  printTable,
  warmupSeconds,
  withBenchEnv,
  type BenchEnv,
  type LoadSummary,
} from './lib.ts';

export const QUOTE_PATH = '/api/v1/quotes';
export const QUOTE_CONNECTIONS = 20;
export const QUOTE_TARGET_RATIO = 0.5;

/** A few realistic requests: different parties, menus and venues (so distance-cache keys differ). */
export const QUOTE_BODIES: Record<string, unknown>[] = [
  quoteBody(),
  quoteBody({
    adults: 20,
    children: 4,
    toddlers: 0,
    proteins: { chicken: 16, filet_mignon: 16, shrimp: 16 },
    addons: { gyoza: 4, edamame: 2 },
    venue: { zip: '94539' },
    eventDate: dateAhead(30),
  }),
  quoteBody({
    adults: 12,
    children: 0,
    toddlers: 2,
    proteins: { salmon: 12, lobster_tail: 6, tofu: 6 },
    extraProteins: { scallops: 3 },
    venue: { zip: '94103', address: '1 Market St, San Francisco, CA' },
  }),
  quoteBody({
    adults: 30,
    children: 6,
    proteins: { chicken: 36, ny_strip: 36 },
    venue: { zip: '95050' },
  }),
];

export interface QuoteBenchResult {
  quote: LoadSummary;
  baseline: LoadSummary;
  ratio: number;
  ratioLine: string;
}

export async function run(env: BenchEnv): Promise<QuoteBenchResult> {
  const seconds = benchSeconds();
  const warmup = warmupSeconds();
  const rounds = benchRounds();
  console.log(
    `\nbench/quote: POST ${QUOTE_PATH} vs POST ${BASELINE_QUOTE_PATH} (one plain INSERT, no validation)` +
      `\n  ${QUOTE_CONNECTIONS} connections, ${warmup} s warm-up then ${seconds} s each in ${rounds} interleaved rounds, ${QUOTE_BODIES.length} request bodies in rotation`,
  );

  // Every body must be a valid quote, or the bench would measure error handling.
  for (const body of QUOTE_BODIES) {
    const res = await env.app.inject({ method: 'POST', url: QUOTE_PATH, payload: body });
    if (res.statusCode !== 201)
      throw new BenchFailure(`quote body refused (${res.statusCode}): ${res.body}`);
  }
  const bodies = QUOTE_BODIES.map((body) => JSON.stringify(body));
  const job = (title: string, path: string, secs: number) =>
    env.load.run({
      title,
      url: env.url,
      path,
      connections: QUOTE_CONNECTIONS,
      seconds: secs,
      bodies,
    });

  assertStatuses(await job('quote warm-up', QUOTE_PATH, warmup), [201]);
  assertStatuses(await job('baseline warm-up', BASELINE_QUOTE_PATH, warmup), [201]);
  // Interleaved rounds, so drift (autovacuum, checkpoints, a noisy neighbour) hits both sides.
  const quoteRounds: LoadSummary[] = [];
  const baselineRounds: LoadSummary[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    quoteRounds.push(await job(`quote round ${round}`, QUOTE_PATH, seconds / rounds));
    baselineRounds.push(
      await job(`baseline round ${round}`, BASELINE_QUOTE_PATH, seconds / rounds),
    );
  }
  const quote = mergeSummaries('quote', quoteRounds);
  const baseline = mergeSummaries('baseline', baselineRounds);
  printTable([
    { label: `POST ${QUOTE_PATH}`, summary: quote },
    { label: `POST ${BASELINE_QUOTE_PATH}`, summary: baseline },
  ]);
  assertStatuses(quote, [201]);
  assertStatuses(baseline, [201]);

  const ratio = quote.requestsPerSecond / baseline.requestsPerSecond;
  const verdict = ratio >= QUOTE_TARGET_RATIO ? '' : ' BELOW TARGET';
  const ratioLine = `quote/baseline throughput ratio: ${ratio.toFixed(2)} (target ≥ ${QUOTE_TARGET_RATIO.toFixed(2)})${verdict}`;
  console.log(
    `  quote p99 ${fmtMs(quote.latency.p99)} ms, baseline p99 ${fmtMs(baseline.latency.p99)} ms`,
  );
  console.log(ratioLine);
  return { quote, baseline, ratio, ratioLine };
}

if (isMain(import.meta.url)) {
  await withBenchEnv({ quoteBodies: QUOTE_BODIES }, run);
}
