/**
 * bench/availability: GET /api/v1/availability for 92 days (zod-validated query, settings,
 * capacity per slot from rosters, time off and overrides, occupancy, zod-serialised answer
 * of 368 slot cells) against a bare GET on the same server that reads the station row by
 * its primary key. First on a demo-sized calendar, then with 100,000 bookings in the table.
 * Run alone with `npx tsx bench/availability.bench.ts`.
 */
import { sql } from 'kysely';
import { dateAhead } from '../apps/server/src/test/factories.ts';
import {
  BASELINE_AVAILABILITY_PATH,
  BenchFailure,
  assertStatuses,
  benchRounds,
  benchSeconds,
  createQuote,
  fmtMs,
  isMain,
  mergeSummaries,
  percentile,
  positiveIntFromEnv,
  printTable,
  warmupSeconds,
  withBenchEnv,
  type BenchEnv,
  type LoadSummary,
} from './lib.ts';
import { QUOTE_BODIES } from './quote.bench.ts';

export const AVAILABILITY_DAYS = 92;
export const AVAILABILITY_CONNECTIONS = 20;
/** Issue F6: single-client p95 at most 5 ms. */
export const AVAILABILITY_P95_TARGET_MS = 5;

export interface AvailabilityStage {
  label: string;
  single: LoadSummary;
  concurrent: LoadSummary;
  baseline: LoadSummary;
  p95: number;
  ratio: number;
}

export interface AvailabilityBenchResult {
  stages: AvailabilityStage[];
  ratioLine: string;
}

const p95Of = (summary: LoadSummary) =>
  percentile(
    [...summary.latencies].sort((a, b) => a - b),
    95,
  );

/**
 * A calendar like the demo seed's: bookings and running holds on about half the slots of
 * the range, approved time off for one chef, a blackout and a cap.
 */
async function seedDemoCalendar(env: BenchEnv): Promise<void> {
  const quote = await createQuote({ container: env.container, db: env.db }, QUOTE_BODIES[0] ?? {});
  const customer = await env.db.selectFrom('core.customers').select('id').executeTakeFirstOrThrow();
  await sql`
    insert into core.bookings (number, station_id, customer_id, quote_id, status, date, slot,
      event_starts_at, adults, children, toddlers, menu, venue_zip, venue_lat, venue_lng,
      total_cents, deposit_cents, access_token_hash)
    select 'AV-' || i, ${env.stationId}, ${customer.id}, ${quote.id},
           (array['pending_deposit','confirmed','confirmed','cancelled'])[1 + i % 4],
           current_date + 3 + (i % 90), (array['12:00','15:00','18:00','21:00'])[1 + i % 4],
           (current_date + 3 + (i % 90))::timestamptz + interval '18 hours', 12, 2, 0, '{}'::jsonb,
           '95112', 37.3, -121.9, 80000, 10000, md5('av' || i)
      from generate_series(1, 180) i`.execute(env.db);
  await sql`
    insert into core.holds (station_id, quote_id, customer_id, date, slot, status,
      sign_deadline, expires_at, idempotency_key, request_hash)
    select ${env.stationId}, ${quote.id}, ${customer.id}, current_date + 5 + (i % 80),
           (array['12:00','15:00','18:00','21:00'])[1 + i % 4], 'awaiting_signature',
           now() + interval '1 hour', now() + interval '1 hour', 'av-hold-' || i, md5('h' || i)
      from generate_series(1, 40) i`.execute(env.db);
  const chef = await env.db
    .selectFrom('ops.chefs')
    .select('id')
    .where('station_id', '=', env.stationId)
    .executeTakeFirstOrThrow();
  await env.db
    .insertInto('ops.chef_time_off')
    .values({
      chef_id: chef.id,
      from_date: dateAhead(7),
      to_date: dateAhead(9),
      status: 'approved',
    })
    .execute();
  await env.db
    .insertInto('core.date_overrides')
    .values([
      { station_id: env.stationId, date: dateAhead(40), is_blackout: true, reason: 'Closed' },
      { station_id: env.stationId, date: dateAhead(41), slot: '21:00', max_capacity: 1 },
    ])
    .execute();
}

/** 100,000 bookings over 455 days around today (as bench/admin-lists inserts them). */
async function seedManyBookings(env: BenchEnv, count: number): Promise<void> {
  const quote = await env.db.selectFrom('core.quotes').select('id').executeTakeFirstOrThrow();
  const customer = await env.db.selectFrom('core.customers').select('id').executeTakeFirstOrThrow();
  await sql`
    insert into core.bookings (number, station_id, customer_id, quote_id, status, date, slot,
      event_starts_at, adults, children, toddlers, menu, venue_zip, venue_lat, venue_lng,
      total_cents, deposit_cents, access_token_hash)
    select 'AVX-' || i, ${env.stationId}, ${customer.id}, ${quote.id},
           (array['pending_deposit','confirmed','completed','cancelled','no_show'])[1 + i % 5],
           d::date, (array['12:00','15:00','18:00','21:00'])[1 + i % 4],
           d + make_interval(hours => 12 + 3 * (i % 4)), 12, 2, 0, '{}'::jsonb, '95112', 37.3,
           -121.9, 70000 + i % 50000, 10000, md5('avx' || i)
      from generate_series(1, ${count}) i
     cross join lateral (select (current_date - 365 + (i % 455))::timestamptz as d) dd`.execute(
    env.db,
  );
  await sql`analyze core.bookings`.execute(env.db);
}

async function measure(env: BenchEnv, label: string, path: string): Promise<AvailabilityStage> {
  const seconds = benchSeconds();
  const warmup = warmupSeconds();
  const rounds = benchRounds();
  const job = (title: string, target: string, connections: number, secs: number) =>
    env.load.run({
      title,
      url: env.url,
      path: target,
      method: 'GET',
      connections,
      seconds: secs,
    });
  assertStatuses(await job('availability warm-up', path, AVAILABILITY_CONNECTIONS, warmup), [200]);
  assertStatuses(
    await job('baseline warm-up', BASELINE_AVAILABILITY_PATH, AVAILABILITY_CONNECTIONS, warmup),
    [200],
  );
  const singles: LoadSummary[] = [];
  const concurrents: LoadSummary[] = [];
  const baselines: LoadSummary[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    singles.push(await job(`single round ${round}`, path, 1, seconds / rounds));
    concurrents.push(
      await job(`concurrent round ${round}`, path, AVAILABILITY_CONNECTIONS, seconds / rounds),
    );
    baselines.push(
      await job(
        `baseline round ${round}`,
        BASELINE_AVAILABILITY_PATH,
        AVAILABILITY_CONNECTIONS,
        seconds / rounds,
      ),
    );
  }
  const single = mergeSummaries('single', singles);
  const concurrent = mergeSummaries('concurrent', concurrents);
  const baseline = mergeSummaries('baseline', baselines);
  for (const summary of [single, concurrent, baseline]) assertStatuses(summary, [200]);
  printTable([
    { label: `GET availability, 1 client (${label})`, summary: single },
    { label: `GET availability, ${AVAILABILITY_CONNECTIONS} connections`, summary: concurrent },
    { label: `GET ${BASELINE_AVAILABILITY_PATH}`, summary: baseline },
  ]);
  const p95 = p95Of(single);
  const verdict = p95 <= AVAILABILITY_P95_TARGET_MS ? '' : ' ABOVE TARGET';
  console.log(
    `  ${label}: single client p50 ${fmtMs(single.latency.p50)} / p95 ${fmtMs(p95)} / p99 ${fmtMs(single.latency.p99)} ms (target p95 ≤ ${AVAILABILITY_P95_TARGET_MS} ms)${verdict}`,
  );
  return {
    label,
    single,
    concurrent,
    baseline,
    p95,
    ratio: concurrent.requestsPerSecond / baseline.requestsPerSecond,
  };
}

export async function run(env: BenchEnv): Promise<AvailabilityBenchResult> {
  const from = dateAhead(0);
  const to = dateAhead(AVAILABILITY_DAYS - 1);
  const path = `/api/v1/availability?from=${from}&to=${to}`;
  const many = positiveIntFromEnv('BENCH_AVAILABILITY_BOOKINGS', 100_000);
  console.log(
    `\nbench/availability: GET ${path} (${AVAILABILITY_DAYS} days) vs GET ${BASELINE_AVAILABILITY_PATH} (one primary-key read)` +
      `\n  1 client, then ${AVAILABILITY_CONNECTIONS} connections, ${benchSeconds()} s each in ${benchRounds()} interleaved rounds; demo calendar, then ${many} bookings`,
  );
  await seedDemoCalendar(env);
  const first = await env.app.inject({ method: 'GET', url: path });
  if (first.statusCode !== 200)
    throw new BenchFailure(`availability refused (${first.statusCode}): ${first.body}`);
  const cells = first
    .json<{ days: { slots: unknown[] }[] }>()
    .days.reduce((n, day) => n + day.slots.length, 0);
  console.log(`  ${cells} slot cells per answer`);
  const stages = [await measure(env, 'demo calendar', path)];
  await seedManyBookings(env, many);
  stages.push(await measure(env, `${many} bookings`, path));
  const ratioLine = `availability/baseline throughput ratio: ${stages
    .map((s) => `${s.ratio.toFixed(2)} (${s.label}, p95 ${fmtMs(s.p95)} ms)`)
    .join(', ')}`;
  console.log(ratioLine);
  return { stages, ratioLine };
}

if (isMain(import.meta.url)) {
  await withBenchEnv({ quoteBodies: QUOTE_BODIES }, run);
}
