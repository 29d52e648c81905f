/**
 * Shared bench harness: a throw-away embedded PostgreSQL, the real app (same container and
 * plugins as production, logging off) listening on 127.0.0.1, the baseline routes on that
 * same Fastify instance, and an autocannon load generator in a child process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defaultSettings, quoteRequestSchema, type QuoteRequest } from '@teppan/core';
import type { Database } from '@teppan/db';
import {
  createTestDatabase,
  startTestCluster,
  type TestCluster,
  type TestDatabase,
} from '@teppan/db/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContainer, type Container } from '../apps/server/src/container.ts';
import { openAppDatabase } from '../apps/server/src/lib/app-database.ts';
import { createMetrics } from '../apps/server/src/lib/metrics.ts';
import { BookingsRepository } from '../apps/server/src/modules/bookings/bookings.repository.ts';
import { CustomersRepository } from '../apps/server/src/modules/customers/customers.repository.ts';
import {
  QuotesRepository,
  type NewQuoteRow,
  type QuoteRow,
} from '../apps/server/src/modules/quotes/quotes.repository.ts';
import {
  TEST_HOLD_CAPS,
  customer,
  dateAhead,
  newStation,
} from '../apps/server/src/test/factories.ts';
import { HIGH_RATE_LIMITS } from '../apps/server/src/test/high-rate-limits.ts';

// ---------------------------------------------------------------------------------------
// Settings

function positiveNumberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

export function positiveIntFromEnv(name: string, fallback: number): number {
  const value = positiveNumberFromEnv(name, fallback);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, got ${value}`);
  return value;
}

/** Measured seconds per autocannon run (BENCH_SECONDS, default 10). */
export const benchSeconds = () => positiveNumberFromEnv('BENCH_SECONDS', 10);
/** Measured time is split into this many interleaved rounds per route (BENCH_ROUNDS, default 2). */
export const benchRounds = () => positiveIntFromEnv('BENCH_ROUNDS', 2);
/** Warm-up seconds before each measured run (BENCH_WARMUP_SECONDS, default 2). */
export const warmupSeconds = () => positiveNumberFromEnv('BENCH_WARMUP_SECONDS', 2);

export class BenchFailure extends Error {}

// ---------------------------------------------------------------------------------------
// Load generator protocol (see load-generator.ts)

export interface HoldPlan {
  slots: { date: string; slot: string }[];
  quoteIds: string[];
  /** Consecutive attempts aimed at one slot before moving on to the next. */
  attemptsPerSlot: number;
  /** Attempt number of the first request of this run (runs continue where the last stopped). */
  firstAttempt: number;
  keyPrefix: string;
}

export interface LoadJob {
  title: string;
  url: string;
  path: string;
  connections: number;
  seconds: number;
  /** POST (default) with `bodies`, or GET of `path` as is. */
  method?: 'GET' | 'POST';
  /** Static JSON bodies, cycled through by every connection. */
  bodies?: string[];
  /** Or hold requests generated per attempt. */
  holds?: HoldPlan;
}

export interface LoadSummary {
  title: string;
  seconds: number;
  requestsPerSecond: number;
  total: number;
  /** Milliseconds, from every response's own latency. */
  latency: { mean: number; p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  attemptsIssued: number;
  latencies: number[];
}

/** The p-th percentile (0–100) of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Derived figures (rate, latency percentiles) from the raw counts and latencies. */
export function summarize(raw: Omit<LoadSummary, 'requestsPerSecond' | 'latency'>): LoadSummary {
  const sorted = [...raw.latencies].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((sum, v) => sum + v, 0) / sorted.length : 0;
  return {
    ...raw,
    requestsPerSecond: raw.seconds > 0 ? raw.total / raw.seconds : 0,
    latency: {
      mean,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? 0,
    },
  };
}

/** One summary for several interleaved rounds of the same route. */
export function mergeSummaries(title: string, parts: LoadSummary[]): LoadSummary {
  const statusCounts: Record<string, number> = {};
  for (const part of parts)
    for (const [code, count] of Object.entries(part.statusCounts))
      statusCounts[code] = (statusCounts[code] ?? 0) + count;
  const sum = (pick: (s: LoadSummary) => number) => parts.reduce((acc, s) => acc + pick(s), 0);
  return summarize({
    title,
    seconds: sum((s) => s.seconds),
    total: sum((s) => s.total),
    non2xx: sum((s) => s.non2xx),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    statusCounts,
    attemptsIssued: sum((s) => s.attemptsIssued),
    latencies: parts.flatMap((s) => s.latencies),
  });
}

export type LoadReply = { id: number; summary: LoadSummary } | { id: number; error: string };

/** autocannon in a child process, so the client does not compete for the server's event loop. */
export class LoadGenerator {
  private child: ChildProcess | null = null;
  private seq = 0;
  private readonly pending = new Map<
    number,
    { resolve: (s: LoadSummary) => void; reject: (e: Error) => void }
  >();

  private start(): ChildProcess {
    if (this.child) return this.child;
    const script = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (reply: LoadReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiter.reject(new Error(`load generator: ${reply.error}`));
      else waiter.resolve(reply.summary);
    });
    child.on('exit', (code, signal) => {
      this.child = null;
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`load generator exited (${signal ?? `code ${code}`})`));
      this.pending.clear();
    });
    this.child = child;
    return child;
  }

  run(job: LoadJob): Promise<LoadSummary> {
    const child = this.start();
    const id = (this.seq += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ id, job });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(3_000)]);
  }
}

// ---------------------------------------------------------------------------------------
// Environment

export const BASELINE_QUOTE_PATH = '/bench/baseline-quote-insert';
export const BASELINE_HOLD_PATH = '/bench/baseline-hold-insert';
export const BASELINE_AVAILABILITY_PATH = '/bench/baseline-station-read';
export const BASELINE_HOLD_KEY_PREFIX = 'baseline';

export interface BenchEnv {
  url: string;
  app: FastifyInstance;
  /** The test database's own pool, without the app's statement timeout: seeding and checks. */
  db: Database;
  container: Container;
  stationId: string;
  load: LoadGenerator;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The columns QuotesService.create stores, read back from a stored row. */
function newQuoteRowOf(row: QuoteRow): NewQuoteRow {
  return {
    stationId: row.station_id,
    settingsVersion: row.settings_version,
    adults: row.adults,
    children: row.children,
    toddlers: row.toddlers,
    menu: row.menu,
    lines: row.lines,
    foodSubtotalCents: row.food_subtotal_cents,
    minimumApplied: row.minimum_applied,
    travelMiles: row.travel_miles,
    travelFeeCents: row.travel_fee_cents,
    travelSource: row.travel_source,
    withinServiceArea: row.within_service_area,
    taxCents: row.tax_cents,
    totalCents: row.total_cents,
    depositCents: row.deposit_cents,
    balanceCents: row.balance_cents,
    gratuitySuggestions: row.gratuity_suggestions,
    proteinSelection: row.protein_selection,
    venueZip: row.venue_zip,
    venueAddress: row.venue_address,
    venueLat: row.venue_lat,
    venueLng: row.venue_lng,
    eventDate: row.event_date,
  };
}

/** Stores a quote through the real service (no HTTP) and returns its row. */
export async function createQuote(
  env: Pick<BenchEnv, 'container' | 'db'>,
  body: Record<string, unknown>,
): Promise<QuoteRow> {
  const request: QuoteRequest = quoteRequestSchema.parse(body);
  const view = await env.container.quotes.create(request);
  const row = await new QuotesRepository(env.db).findById(view.id);
  if (!row) throw new Error(`quote ${view.id} vanished`);
  return row;
}

export interface BaselineRows {
  /** Rows as the quote route would store them for the bench bodies, used round-robin. */
  quotes: NewQuoteRow[];
}

/**
 * Starts PostgreSQL, a migrated database, a station with 3 chefs and the app with the
 * baseline routes, listening on 127.0.0.1 on a free port.
 * `quoteBodies` are stored once through the service to get baseline rows of the same size.
 */
export async function startBenchEnv(options: {
  quoteBodies: Record<string, unknown>[];
}): Promise<BenchEnv & { stop: () => Promise<void> }> {
  const steps: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (steps.length) {
      const step = steps.pop();
      try {
        await step?.();
      } catch (error) {
        console.error('bench cleanup:', error instanceof Error ? error.message : error);
      }
    }
  };
  try {
    const cluster: TestCluster = await startTestCluster();
    steps.push(() => cluster.stop());
    const database: TestDatabase = await createTestDatabase(cluster.adminUrl);
    steps.push(() => database.drop());
    // Every request comes from loopback: a per-address cap would turn the holds bench into a
    // count of cap refusals (bench/holds checks that each 409 it saw was SLOT_FULL).
    const { stationId } = await newStation(database.db, {
      chefs: 3,
      settings: {
        holds: { ...defaultSettings.holds, ...TEST_HOLD_CAPS, maxOpenPerIpPerDay: 1_000_000 },
      },
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      // The load generator hits the public routes from one address; measure the routes, not the limit.
      ...HIGH_RATE_LIMITS,
    });
    // The app's pool with the production bounds (the baseline routes share it); `db`, the
    // test database's own pool, seeds and checks without a statement timeout.
    const { db: appDb } = openAppDatabase(config, { url: database.url });
    steps.push(() => appDb.destroy());
    const { db } = database;
    const container = createContainer({
      config,
      db: appDb,
      metrics: createMetrics(),
      logger: pino({ level: 'silent' }),
      jobs: null,
    });

    // Baseline rows, computed once by the real service.
    const quoteRows = await Promise.all(
      options.quoteBodies.map((body) => createQuote({ container, db }, body)),
    );
    const baselineQuotes = quoteRows.map(newQuoteRowOf);
    const holdQuote = quoteRows[0];
    if (!holdQuote) throw new Error('at least one quote body is needed');
    const holdCustomer = await new CustomersRepository(db, container.fieldCrypto).upsert(
      customer(),
    );
    const holdDeadline = new Date(Date.now() + 60 * 60_000);
    const holdDate = dateAhead(15);

    const app = await buildApp(container, { logger: false });
    steps.push(() => app.close());

    let quoteTurn = 0;
    // Parses the JSON body like any route, validates nothing, one plain INSERT.
    app.post(BASELINE_QUOTE_PATH, async (_request, reply) => {
      const row = baselineQuotes[quoteTurn++ % baselineQuotes.length];
      if (!row) throw new Error('no baseline quote rows');
      const stored = await new QuotesRepository(appDb).insert(row);
      return reply.code(201).send({ id: stored.id, number: stored.number });
    });
    // One plain INSERT into core.holds: no slot lock, no capacity count, no customer upsert.
    app.post(BASELINE_HOLD_PATH, async (_request, reply) => {
      const hold = await new BookingsRepository(appDb).insertHold({
        stationId,
        quoteId: holdQuote.id,
        customerId: holdCustomer.id,
        date: holdDate,
        slot: '12:00',
        requestedTime: null,
        signDeadline: holdDeadline,
        idempotencyKey: `${BASELINE_HOLD_KEY_PREFIX}-${randomUUID()}`,
        requestHash: 'b'.repeat(64),
        sourceChannel: 'web',
        ipHash: null,
      });
      return reply.code(201).send({ id: hold.id });
    });

    // A bare GET: one primary-key read of the station, a small JSON answer, no validation.
    app.get(BASELINE_AVAILABILITY_PATH, async () => {
      const station = await appDb
        .selectFrom('core.stations')
        .select(['id', 'code', 'time_zone'])
        .where('id', '=', stationId)
        .executeTakeFirstOrThrow();
      return { id: station.id, code: station.code, timeZone: station.time_zone };
    });

    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address !== 'object') throw new Error('server has no port');
    const load = new LoadGenerator();
    steps.push(() => load.stop());
    return { url: `http://127.0.0.1:${address.port}`, app, db, container, stationId, load, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs `body` against a fresh environment and always tears it down (also on Ctrl-C).
 * Sets process.exitCode to 1 when the bench fails.
 */
export async function withBenchEnv<T>(
  options: { quoteBodies: Record<string, unknown>[] },
  body: (env: BenchEnv) => Promise<T>,
): Promise<T | undefined> {
  let env: Awaited<ReturnType<typeof startBenchEnv>> | null = null;
  let stopping: Promise<void> | null = null;
  const stopOnce = () => (stopping ??= env ? env.stop() : Promise.resolve());
  let interrupted = false;
  const stopAndExit = async (code: number): Promise<never> => {
    await stopOnce();
    process.exit(code);
  };
  const interrupt = (why: string, code: number) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${why}: stopping the bench environment…`);
    // During start-up the environment is not there yet: the start-up path below stops it.
    if (env) void stopAndExit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => interrupt(signal, 130);
  // Ctrl-C also reaches the embedded PostgreSQL (and its exit hook stops it), so a pooled
  // connection may die with 57P01 before our SIGINT handler runs: that is an interruption
  // too. Any other stray error fails the bench, still stopping everything.
  const onFatal = (error: unknown) => {
    if (interrupted) return;
    if ((error as { code?: unknown } | null)?.code === '57P01')
      return interrupt('PostgreSQL is shutting down', 130);
    console.error(error);
    interrupt('unexpected error', 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  try {
    env = await startBenchEnv(options);
    if (interrupted) return await stopAndExit(130);
    return await body(env);
  } catch (error) {
    if (interrupted) return await stopAndExit(130);
    process.exitCode = 1;
    console.error(error instanceof BenchFailure ? `\nBENCH FAILED: ${error.message}` : error);
    return undefined;
  } finally {
    if (!interrupted) {
      await stopOnce();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('uncaughtException', onFatal);
      process.off('unhandledRejection', onFatal);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Reporting

export const fmtMs = (ms: number) => ms.toFixed(1);
const pad = (value: string, width: number) => value.padEnd(width);
const padLeft = (value: string, width: number) => value.padStart(width);

export function printTable(
  rows: { label: string; summary: LoadSummary; opsPerSecond?: number }[],
): void {
  const width = Math.max(...rows.map((r) => r.label.length), 5) + 2;
  console.log(
    `  ${pad('route', width)}${padLeft('req/s', 10)}${padLeft('p50 ms', 9)}${padLeft('p99 ms', 9)}${padLeft('max ms', 9)}${padLeft('requests', 10)}  statuses`,
  );
  for (const { label, summary, opsPerSecond } of rows) {
    const statuses = Object.entries(summary.statusCounts)
      .map(([code, count]) => `${code}×${count}`)
      .join(' ');
    const extras =
      summary.errors || summary.timeouts
        ? ` errors×${summary.errors} timeouts×${summary.timeouts}`
        : '';
    console.log(
      `  ${pad(label, width)}${padLeft((opsPerSecond ?? summary.requestsPerSecond).toFixed(1), 10)}${padLeft(fmtMs(summary.latency.p50), 9)}${padLeft(fmtMs(summary.latency.p99), 9)}${padLeft(fmtMs(summary.latency.max), 9)}${padLeft(String(summary.total), 10)}  ${statuses}${extras}`,
    );
  }
}

/** Fails the bench unless every response had one of the `allowed` statuses and none errored. */
export function assertStatuses(summary: LoadSummary, allowed: number[]): void {
  const unexpected = Object.entries(summary.statusCounts).filter(
    ([code]) => !allowed.includes(Number(code)),
  );
  if (unexpected.length || summary.errors || summary.timeouts) {
    const detail = unexpected.map(([code, count]) => `${code}×${count}`).join(', ');
    throw new BenchFailure(
      `${summary.title}: unexpected responses (${detail || 'none'}), socket errors ${summary.errors}, timeouts ${summary.timeouts}`,
    );
  }
  if (summary.total === 0) throw new BenchFailure(`${summary.title}: no responses at all`);
}

export const isMain = (metaUrl: string) =>
  process.argv[1] !== undefined && fileURLToPath(metaUrl) === process.argv[1];
