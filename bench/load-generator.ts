/**
 * The load generator, run as a child process (forked by lib.ts) so that autocannon does not
 * share the server's event loop. It takes one job at a time over IPC and answers with the
 * figures the benches print.
 */
import autocannon from 'autocannon';
import { customer } from '../apps/server/src/test/factories.ts';
import { summarize, type HoldPlan, type LoadJob, type LoadReply, type LoadSummary } from './lib.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

type Request = autocannon.Request;

/**
 * Hold bodies in attempt order: attempt n goes to slot floor(n / attemptsPerSlot), so the
 * `connections` requests in flight at any moment race for the same few slots.
 */
function holdRequests(path: string, plan: HoldPlan, counter: { next: number }): Request[] {
  const setupRequest = (req: Request): Request => {
    const n = plan.firstAttempt + counter.next;
    counter.next += 1;
    const target = plan.slots[Math.floor(n / plan.attemptsPerSlot) % plan.slots.length];
    const quoteId = plan.quoteIds[n % plan.quoteIds.length];
    if (!target || !quoteId) throw new Error('empty hold plan');
    const body = {
      quoteId,
      date: target.date,
      slot: target.slot,
      customer: customer(),
      idempotencyKey: `${plan.keyPrefix}-${n}`,
    };
    return { ...req, body: JSON.stringify(body) };
  };
  return [{ method: 'POST', path, headers: JSON_HEADERS, setupRequest }];
}

async function runJob(job: LoadJob): Promise<LoadSummary> {
  const counter = { next: 0 };
  const requests: Request[] = job.holds
    ? holdRequests(job.path, job.holds, counter)
    : job.method === 'GET'
      ? [{ method: 'GET', path: job.path }]
      : (job.bodies ?? ['{}']).map((body) => ({
          method: 'POST',
          path: job.path,
          headers: JSON_HEADERS,
          body,
        }));
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: job.url, connections: job.connections, duration: job.seconds, requests, timeout: 30 },
      (error, res) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(res),
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTime) =>
      latencies.push(Math.round(responseTime * 100) / 100),
    );
  });
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statusCounts[code] = stat.count ?? 0;
  return summarize({
    title: job.title,
    seconds: result.duration,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    attemptsIssued: counter.next,
    latencies,
  });
}

process.on('message', (message: { id: number; job: LoadJob }) => {
  runJob(message.job).then(
    (summary) => process.send?.({ id: message.id, summary } satisfies LoadReply),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies LoadReply),
  );
});
process.on('disconnect', () => process.exit(0));
// The parent stops this process itself; a terminal Ctrl-C reaching the whole group is ignored here.
process.on('SIGINT', () => undefined);
