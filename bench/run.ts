/**
 * `npm run bench`: bench/quote, bench/holds, bench/chat-flood, bench/admin-lists (100,000
 * bookings), then bench/availability (its calendar, then 100,000 more bookings) on one
 * throw-away environment, then a summary whose last lines are the ratios, the quote ratio
 * last.
 * BENCH_SECONDS (default 10) sets each measured run; see bench/README.md.
 */
import { run as runAdminLists } from './admin-lists.bench.ts';
import { run as runAvailability } from './availability.bench.ts';
import { run as runChatFlood } from './chat-flood.bench.ts';
import { run as runHolds } from './holds.bench.ts';
import { benchSeconds, fmtMs, withBenchEnv } from './lib.ts';
import { QUOTE_BODIES, run as runQuote } from './quote.bench.ts';

const ms = (value: number) => `${fmtMs(value)} ms`;

const started = Date.now();
console.log(
  `teppan bench: BENCH_SECONDS=${benchSeconds()}, node ${process.version}, starting a throw-away PostgreSQL…`,
);
await withBenchEnv({ quoteBodies: QUOTE_BODIES }, async (env) => {
  const quote = await runQuote(env);
  const holds = await runHolds(env);
  const chat = await runChatFlood(env);
  const admin = await runAdminLists(env);
  const availability = await runAvailability(env);
  console.log(`\nsummary (${((Date.now() - started) / 1000).toFixed(0)} s):`);
  console.log(
    `  bench/quote   POST /api/v1/quotes      ${quote.quote.requestsPerSecond.toFixed(1)} req/s, p99 ${ms(quote.quote.latency.p99)}` +
      ` | baseline insert ${quote.baseline.requestsPerSecond.toFixed(1)} req/s, p99 ${ms(quote.baseline.latency.p99)}`,
  );
  console.log(
    `  bench/holds   POST /api/v1/holds       ${holds.holdsPerSecond.toFixed(1)} holds/s (${holds.placedPerSecond.toFixed(1)} placed, rest SLOT_FULL), p99 ${ms(holds.holds.latency.p99)}` +
      ` | baseline insert ${holds.baselinePerSecond.toFixed(1)} inserts/s, p99 ${ms(holds.baseline.latency.p99)}`,
  );
  console.log(admin.ratioLine);
  console.log(availability.ratioLine);
  console.log(chat.ratioLine);
  console.log(holds.ratioLine);
  console.log(quote.ratioLine);
});
