/**
 * bench/holds: POST /api/v1/holds under 50-way contention (the requests in flight race for
 * the same few slots: each slot gets `attemptsPerSlot` consecutive attempts, capacity 2, so
 * most attempts lose with 409 SLOT_FULL) against a route on the same server that does one
 * plain INSERT into core.holds (no slot lock, no capacity count, no customer upsert), same
 * concurrency. Afterwards checks that no slot holds more active holds than its capacity.
 * Run alone with `npx tsx bench/holds.bench.ts`.
 */
import { slotTimes } from '@teppan/core';
import { sql } from 'kysely';
import { dateAhead } from '../apps/server/src/test/factories.ts';
import { QUOTE_BODIES } from './quote.bench.ts';
import {
  BASELINE_HOLD_PATH,
  BenchFailure,
  assertStatuses,
  benchRounds,
  benchSeconds,
  fmtMs,
  mergeSummaries,
  createQuote,
  isMain,
  positiveIntFromEnv,
  printTable,
  sleep,
  warmupSeconds,
  withBenchEnv,
  type BenchEnv,
  type HoldPlan,
  type LoadSummary,
} from './lib.ts';

export const HOLDS_PATH = '/api/v1/holds';
export const HOLDS_CONCURRENCY = 50;
const HOLD_KEY_PREFIX = 'benchhold';
const QUOTES_TO_PRECREATE = 20;
/** Beyond 14 days ahead the capacity is the default: 2 per slot. */
const FIRST_DAY_AHEAD = 15;
const LAST_DAY_AHEAD = 360;

export interface HoldsBenchResult {
  holds: LoadSummary;
  baseline: LoadSummary;
  holdsPerSecond: number;
  placedPerSecond: number;
  baselinePerSecond: number;
  ratio: number;
  ratioLine: string;
}

const completed = (s: LoadSummary) => (s.statusCounts['201'] ?? 0) + (s.statusCounts['409'] ?? 0);

async function slotFullCount(env: BenchEnv): Promise<number> {
  const metric = await env.container.metrics.slotFull.get();
  return metric.values[0]?.value ?? 0;
}

/** No (station, date, slot) may hold more active holds than its capacity. */
async function checkInvariant(
  env: BenchEnv,
  capacity: number,
): Promise<{ slotsUsed: number; slotsFull: number; maxActive: number }> {
  const rows = await env.db
    .selectFrom('core.holds')
    .select(['station_id', 'date', 'slot', sql<number>`count(*)::int`.as('n')])
    .where('status', 'in', ['awaiting_signature', 'awaiting_deposit'])
    .where('idempotency_key', 'like', `${HOLD_KEY_PREFIX}-%`)
    .groupBy(['station_id', 'date', 'slot'])
    .execute();
  const over = rows.filter((r) => r.n > capacity);
  if (over.length) {
    const sample = over
      .slice(0, 5)
      .map((r) => `${r.date} ${r.slot}: ${r.n}`)
      .join(', ');
    throw new BenchFailure(
      `capacity invariant broken: ${over.length} slots hold more than ${capacity} active holds (${sample})`,
    );
  }
  return {
    slotsUsed: rows.length,
    slotsFull: rows.filter((r) => r.n === capacity).length,
    maxActive: Math.max(0, ...rows.map((r) => r.n)),
  };
}

export async function run(env: BenchEnv): Promise<HoldsBenchResult> {
  const seconds = benchSeconds();
  const warmup = warmupSeconds();
  const rounds = benchRounds();
  const attemptsPerSlot = positiveIntFromEnv('BENCH_HOLD_ATTEMPTS_PER_SLOT', 10);

  const slots: HoldPlan['slots'] = [];
  for (let day = FIRST_DAY_AHEAD; day <= LAST_DAY_AHEAD; day += 1) {
    const date = dateAhead(day);
    for (const slot of slotTimes) slots.push({ date, slot });
  }
  const first = slots[0];
  if (!first) throw new Error('no slots');
  const { capacity } = await env.container.availability.capacityFor({
    stationId: env.stationId,
    date: first.date,
    slot: first.slot as (typeof slotTimes)[number],
  });
  if (capacity < 1)
    throw new BenchFailure(`slot ${first.date} ${first.slot} has capacity ${capacity}`);

  const quoteIds: string[] = [];
  for (let i = 0; i < QUOTES_TO_PRECREATE; i += 1) {
    const body = QUOTE_BODIES[i % QUOTE_BODIES.length];
    if (body) quoteIds.push((await createQuote(env, body)).id);
  }

  console.log(
    `\nbench/holds: POST ${HOLDS_PATH} vs POST ${BASELINE_HOLD_PATH} (one plain INSERT into core.holds)` +
      `\n  ${HOLDS_CONCURRENCY} in flight, ${warmup} s warm-up then ${seconds} s each in ${rounds} interleaved rounds; ${attemptsPerSlot} consecutive attempts per slot,` +
      ` capacity ${capacity}, ${slots.length} slots (${FIRST_DAY_AHEAD}–${LAST_DAY_AHEAD} days ahead), ${quoteIds.length} quotes`,
  );

  let nextAttempt = 0;
  const holdJob = async (title: string, path: string, secs: number, keyPrefix: string) => {
    const holds: HoldPlan = {
      slots,
      quoteIds,
      attemptsPerSlot,
      firstAttempt: nextAttempt,
      keyPrefix,
    };
    const summary = await env.load.run({
      title,
      url: env.url,
      path,
      connections: HOLDS_CONCURRENCY,
      seconds: secs,
      holds,
    });
    if (path === HOLDS_PATH) nextAttempt += summary.attemptsIssued; // baseline bodies do not use up slots
    return summary;
  };

  const slotFullBefore = await slotFullCount(env);
  const holdsWarmUp = await holdJob('holds warm-up', HOLDS_PATH, warmup, HOLD_KEY_PREFIX);
  assertStatuses(holdsWarmUp, [201, 409]);
  // The baseline gets hold bodies generated the same way and ignores them.
  assertStatuses(await holdJob('baseline warm-up', BASELINE_HOLD_PATH, warmup, 'ignored'), [201]);
  // Interleaved rounds, so drift (autovacuum, checkpoints, a noisy neighbour) hits both sides.
  const holdRounds: LoadSummary[] = [];
  const baselineRounds: LoadSummary[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    if (round === 1)
      assertStatuses(
        await holdJob('baseline warm-up', BASELINE_HOLD_PATH, warmup, 'ignored'),
        [201],
      );
    holdRounds.push(
      await holdJob(`holds round ${round}`, HOLDS_PATH, seconds / rounds, HOLD_KEY_PREFIX),
    );
    baselineRounds.push(
      await holdJob(`baseline round ${round}`, BASELINE_HOLD_PATH, seconds / rounds, 'ignored'),
    );
  }
  const holds = mergeSummaries('holds', holdRounds);
  const baseline = mergeSummaries('baseline', baselineRounds);
  const wrapped = nextAttempt > slots.length * attemptsPerSlot;
  const slotsTouched = Math.ceil(holds.attemptsIssued / attemptsPerSlot);
  await sleep(500); // requests still in flight when autocannon stopped
  const invariant = await checkInvariant(env, capacity);
  const slotFullServer = (await slotFullCount(env)) - slotFullBefore;
  // Every 409 must be the race for the slot, not a cap: the server counts at least as many
  // SLOT_FULL as 409s were seen (more when requests were still in flight as a run stopped).
  const refused = [holdsWarmUp, ...holdRounds].reduce(
    (n, summary) => n + (summary.statusCounts['409'] ?? 0),
    0,
  );
  if (slotFullServer < refused)
    throw new BenchFailure(
      `${refused} holds were refused with 409 but the server counted only ${slotFullServer} SLOT_FULL: the rest were refused for something else (a cap?)`,
    );

  const holdsPerSecond = completed(holds) / holds.seconds;
  const placedPerSecond = (holds.statusCounts['201'] ?? 0) / holds.seconds;
  const baselinePerSecond = (baseline.statusCounts['201'] ?? 0) / baseline.seconds;
  printTable([
    { label: `POST ${HOLDS_PATH}`, summary: holds, opsPerSecond: holdsPerSecond },
    { label: `POST ${BASELINE_HOLD_PATH}`, summary: baseline, opsPerSecond: baselinePerSecond },
  ]);
  assertStatuses(holds, [201, 409]);
  assertStatuses(baseline, [201]);

  console.log(
    `  holds: ${holdsPerSecond.toFixed(1)} completed/s (${placedPerSecond.toFixed(1)} placed/s + ${(holdsPerSecond - placedPerSecond).toFixed(1)} SLOT_FULL/s),` +
      ` p99 ${fmtMs(holds.latency.p99)} ms; baseline: ${baselinePerSecond.toFixed(1)} inserts/s, p99 ${fmtMs(baseline.latency.p99)} ms`,
  );
  console.log(
    `  server counted ${slotFullServer} SLOT_FULL refusals over warm-up and run; ~${slotsTouched} slots contended in the measured run` +
      (wrapped
        ? ' (WARNING: ran out of fresh slots and wrapped around; lower BENCH_SECONDS or raise BENCH_HOLD_ATTEMPTS_PER_SLOT)'
        : ''),
  );
  console.log(
    `  invariant held: no (station, date, slot) has more than ${capacity} active holds` +
      ` (${invariant.slotsUsed} slots used, ${invariant.slotsFull} full, max ${invariant.maxActive})`,
  );

  const ratio = holdsPerSecond / baselinePerSecond;
  const ratioLine = `holds/baseline throughput ratio: ${ratio.toFixed(2)}`;
  console.log(ratioLine);
  return { holds, baseline, holdsPerSecond, placedPerSecond, baselinePerSecond, ratio, ratioLine };
}

if (isMain(import.meta.url)) {
  await withBenchEnv({ quoteBodies: QUOTE_BODIES }, run);
}
