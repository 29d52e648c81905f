import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import { JobQueue } from '../lib/jobs.ts';
import { customer, dateAhead, newStation, quoteBody } from './factories.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

let database: TestDatabase;
let server: ServerProcess | null = null;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  await newStation(database.db, { chefs: 2 });
});

afterAll(async () => {
  await server?.stop();
  await database.drop();
});

const env = () => ({ DATABASE_URL: database.url, RUN_WORKER: 'true', JOBS_SWEEP_SECONDS: '1' });
const signBody = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
};

async function post(path: string, body: unknown) {
  const res = await fetch(`${server!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { id: string };
}

async function outboxCount(): Promise<number> {
  const row = await database.db
    .selectFrom('marketing.outbox')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe('durable reminders across a crash', () => {
  it('delivers every due message exactly once after kill -9 and a restart', async () => {
    server = await startServerProcess(env());
    // Real bookings through the API.
    const bookingIds: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const quote = await post('/api/v1/quotes', quoteBody());
      const hold = await post('/api/v1/holds', {
        quoteId: quote.id,
        date: dateAhead(20 + i),
        slot: '18:00',
        customer: customer(),
      });
      await post(`/api/v1/holds/${hold.id}/sign`, signBody);
      bookingIds.push((await post(`/api/v1/holds/${hold.id}/deposit`, { method: 'zelle' })).id);
    }
    // Reminders falling due over the next few seconds, woken through pg-boss like real ones.
    const now = Date.now();
    const rows = await database.db
      .insertInto('core.scheduled_messages')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          booking_id: bookingIds[i % bookingIds.length]!,
          kind: i % 2 ? 'booking.reminder_24h' : 'booking.reminder_48h',
          due_at: new Date(now + 300 + i * 60),
        })),
      )
      .returning(['id', 'due_at'])
      .execute();
    const queue = new JobQueue({
      connectionString: database.url,
      logger: pino({ level: 'silent' }),
      sweepSeconds: 60,
    });
    await queue.start();
    await queue.enqueueScheduledMessages(rows);
    await queue.stop();

    // Kill the server as soon as it has delivered some, mid-run.
    const before = Date.now();
    while ((await outboxCount()) === 0 && Date.now() - before < 30_000)
      await new Promise((r) => setTimeout(r, 20));
    await server.kill9();
    const atKill = await outboxCount();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(60);

    // A fresh process starts cleanly with the queue full of half-done jobs and finishes them.
    server = await startServerProcess(env());
    const ids = rows.map((r) => r.id);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pending = await database.db
        .selectFrom('core.scheduled_messages')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('id', 'in', ids)
        .where('status', '=', 'planned')
        .executeTakeFirstOrThrow();
      if (pending.n === 0) break;
      if (Date.now() > deadline)
        throw new Error(`still ${pending.n} planned after restart\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const delivered = await database.db
      .selectFrom('marketing.outbox')
      .select(['dedupe_key', sql<number>`count(*)::int`.as('n')])
      .where(
        'dedupe_key',
        'in',
        ids.map((id) => `scheduled:${id}`),
      )
      .groupBy('dedupe_key')
      .execute();
    expect(delivered).toHaveLength(60);
    expect(delivered.every((d) => d.n === 1)).toBe(true);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('cancels every unpaid booking whose deadline passed exactly once across kill -9 and a restart', async () => {
    await server?.stop();
    server = await startServerProcess(env());
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const quote = await post('/api/v1/quotes', quoteBody());
      const hold = await post('/api/v1/holds', {
        quoteId: quote.id,
        date: dateAhead(60 + i),
        slot: '12:00',
        customer: customer(),
      });
      await post(`/api/v1/holds/${hold.id}/sign`, signBody);
      ids.push((await post(`/api/v1/holds/${hold.id}/deposit`, { method: 'venmo' })).id);
    }
    // Their deposit deadlines pass one second apart from now on; the wake-ups planned for
    // four hours ahead are too late, so the worker's sweeper is what finds them.
    for (const [i, id] of ids.entries()) {
      const due = sql`clock_timestamp() + make_interval(secs => ${i + 1})`;
      await sql`update core.bookings set deposit_due_at = ${due} where id = ${id}`.execute(
        database.db,
      );
      await sql`update core.scheduled_messages set due_at = ${due}
                 where booking_id = ${id} and kind = 'booking.deposit_deadline'
                   and status = 'planned'`.execute(database.db);
    }
    const cancelledCount = async () =>
      (
        await database.db
          .selectFrom('core.bookings')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('id', 'in', ids)
          .where('status', '=', 'cancelled')
          .executeTakeFirstOrThrow()
      ).n;
    const before = Date.now();
    while ((await cancelledCount()) === 0 && Date.now() - before < 60_000)
      await new Promise((r) => setTimeout(r, 20));
    await server.kill9();
    const atKill = await cancelledCount();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(8);

    server = await startServerProcess(env());
    const until = Date.now() + 60_000;
    while ((await cancelledCount()) < 8) {
      if (Date.now() > until)
        throw new Error(`only ${await cancelledCount()} of 8 cancelled\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Exactly once: one cancellation on each timeline, one email to each customer.
    const events = await database.db
      .selectFrom('core.booking_events')
      .select(['booking_id', sql<number>`count(*)::int`.as('n')])
      .where('booking_id', 'in', ids)
      .where('type', '=', 'cancelled')
      .groupBy('booking_id')
      .execute();
    expect(events).toHaveLength(8);
    expect(events.every((e) => e.n === 1)).toBe(true);
    const emails = await database.db
      .selectFrom('marketing.outbox')
      .select(['booking_id', sql<number>`count(*)::int`.as('n')])
      .where('booking_id', 'in', ids)
      .where('template', '=', 'booking.deposit_deadline')
      .groupBy('booking_id')
      .execute();
    expect(emails).toHaveLength(8);
    expect(emails.every((e) => e.n === 1)).toBe(true);
  });
});
