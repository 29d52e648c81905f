import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import { customer, dateAhead, newStation, quoteBody } from './factories.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { STAFF_KEY } from './harness.ts';

// Two real server processes on one database: a race between them is the same as in
// production with two app instances behind a load balancer.
let database: TestDatabase;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  await newStation(database.db, { chefs: 2 });
  const env = {
    DATABASE_URL: database.url,
    RUN_WORKER: 'false',
    DB_POOL_MAX: '30',
    STAFF_API_KEY: STAFF_KEY,
  };
  servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database.drop();
});

const json = { 'content-type': 'application/json' };
const signBody = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
};

async function post(
  server: ServerProcess,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { error?: { code: string } },
  };
}

async function newQuoteId(): Promise<string> {
  const res = await post(servers[0]!, '/api/v1/quotes', quoteBody());
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function occupancy(date: string, slot: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select (select count(*) from core.bookings where date = ${date} and slot = ${slot} and status <> 'cancelled')
         + (select count(*) from core.holds where date = ${date} and slot = ${slot}
              and status in ('awaiting_signature','awaiting_deposit') and expires_at > clock_timestamp()) as n`.execute(
    database.db,
  );
  return Number(rows[0]?.n);
}

async function newBooking(date: string, slot: string) {
  const quoteId = await newQuoteId();
  const hold = await post(servers[0]!, '/api/v1/holds', {
    quoteId,
    date,
    slot,
    customer: customer(),
  });
  expect(hold.status).toBe(201);
  const id = hold.body.id as string;
  expect((await post(servers[1]!, `/api/v1/holds/${id}/sign`, signBody)).status).toBe(200);
  const booking = await post(servers[0]!, `/api/v1/holds/${id}/deposit`, { method: 'zelle' });
  expect(booking.status).toBe(201);
  return booking.body as { id: string; manageToken: string; payments: { id: string }[] };
}

describe('capacity under concurrency across two processes', () => {
  it('50 simultaneous holds for a slot with 2 places: exactly 2 × 201 and 48 × 409 SLOT_FULL, 20 times', async () => {
    const quoteId = await newQuoteId();
    for (let round = 0; round < 20; round += 1) {
      const date = dateAhead(20 + round);
      const attempts = Array.from({ length: 50 }, (_, i) =>
        post(servers[i % 2]!, '/api/v1/holds', {
          quoteId,
          date,
          slot: '18:00',
          customer: customer(),
        }),
      );
      const results = await Promise.all(attempts);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(2);
      expect(
        results.filter((r) => r.status === 409 && r.body.error?.code === 'SLOT_FULL'),
      ).toHaveLength(48);
      expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
      expect(await occupancy(date, '18:00')).toBe(2);
    }
    const leads = await database.db
      .selectFrom('crm.leads')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('source', '=', 'slot_full')
      .executeTakeFirstOrThrow();
    expect(leads.n).toBe(20 * 48);
  });

  it('reschedules racing into the last place of a slot: exactly one wins, capacity moves atomically', async () => {
    for (let round = 0; round < 5; round += 1) {
      const target = { date: dateAhead(60 + round), slot: '12:00' };
      await newBooking(target.date, target.slot); // target now has 1 of 2 places left
      const movers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          newBooking(
            dateAhead(70 + round),
            i < 2 ? '15:00' : i < 4 ? '18:00' : i < 6 ? '21:00' : '12:00',
          ),
        ),
      );
      const results = await Promise.all(
        movers.map((b, i) =>
          post(servers[i % 2]!, `/api/v1/bookings/${b.id}/reschedule`, target, {
            'x-booking-token': b.manageToken,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 409 && r.body.error?.code === 'SLOT_FULL'),
      ).toHaveLength(7);
      expect(await occupancy(target.date, target.slot)).toBe(2);
      // The winner's old place was released; the losers kept theirs.
      const source = await database.db
        .selectFrom('core.bookings')
        .select(['slot', sql<number>`count(*)::int`.as('n')])
        .where('date', '=', dateAhead(70 + round))
        .where('status', '<>', 'cancelled')
        .groupBy('slot')
        .execute();
      expect(source.reduce((sum, r) => sum + r.n, 0)).toBe(7);
    }
  });

  it('hold expiry racing deposit and a competing hold leaves exactly one consistent outcome', async () => {
    let converted = 0;
    let expired = 0;
    for (let round = 0; round < 20; round += 1) {
      const date = dateAhead(100 + round);
      const slot = '21:00';
      const quoteId = await newQuoteId();
      // One place is taken by a filler hold; the racing hold has the other.
      expect(
        (await post(servers[0]!, '/api/v1/holds', { quoteId, date, slot, customer: customer() }))
          .status,
      ).toBe(201);
      const racing = await post(servers[0]!, '/api/v1/holds', {
        quoteId,
        date,
        slot,
        customer: customer(),
      });
      const holdId = racing.body.id as string;
      expect((await post(servers[1]!, `/api/v1/holds/${holdId}/sign`, signBody)).status).toBe(200);
      // One round in five the deadline has clearly passed, one in five it is far away, and
      // the rest put it a few milliseconds around the requests so expiry and payment collide.
      const offsetMs = [-5000, 60_000, -5, 5, 15][round % 5]!;
      await sql`update core.holds set deposit_deadline = clock_timestamp() + make_interval(secs => ${offsetMs / 1000}),
                expires_at = clock_timestamp() + make_interval(secs => ${offsetMs / 1000}) where id = ${holdId}`.execute(
        database.db,
      );
      await new Promise((r) => setTimeout(r, 25));
      const [deposit, competitor] = await Promise.all([
        post(servers[round % 2]!, `/api/v1/holds/${holdId}/deposit`, { method: 'venmo' }),
        post(servers[(round + 1) % 2]!, '/api/v1/holds', {
          quoteId,
          date,
          slot,
          customer: customer(),
        }),
      ]);
      expect([deposit.status, competitor.status].every((s) => s < 500)).toBe(true);
      const hold = await database.db
        .selectFrom('core.holds')
        .selectAll()
        .where('id', '=', holdId)
        .executeTakeFirstOrThrow();
      if (deposit.status === 201) {
        converted += 1;
        expect(hold.status).toBe('converted');
        expect(competitor.status).toBe(409);
      } else {
        expired += 1;
        expect(deposit.body.error?.code).toBe('HOLD_EXPIRED');
        expect(['expired', 'awaiting_deposit']).toContain(hold.status);
        expect(hold.booking_id).toBeNull();
        // The competitor may have looked just before the deadline (full) or after it (free).
        expect([201, 409]).toContain(competitor.status);
        if (competitor.status === 409) expect(competitor.body.error?.code).toBe('SLOT_FULL');
      }
      expect(await occupancy(date, slot)).toBeLessThanOrEqual(2);
    }
    expect(converted + expired).toBe(20);
    // The clear-cut rounds guarantee both outcomes happen in every run.
    expect(converted).toBeGreaterThan(0);
    expect(expired).toBeGreaterThan(0);
  });

  it('staff confirming a deposit while the customer cancels: one order wins, money stays consistent', async () => {
    const outcomes = { confirmedFirst: 0, cancelledFirst: 0 };
    for (let round = 0; round < 10; round += 1) {
      const booking = await newBooking(dateAhead(130 + round), '18:00');
      const [confirm, cancel] = await Promise.all([
        post(
          servers[round % 2]!,
          `/api/v1/payments/${booking.payments[0]!.id}/confirm`,
          {},
          { authorization: `Bearer ${STAFF_KEY}` },
        ),
        post(
          servers[(round + 1) % 2]!,
          `/api/v1/bookings/${booking.id}/cancel`,
          {},
          { 'x-booking-token': booking.manageToken },
        ),
      ]);
      expect(cancel.status).toBe(200);
      const payments = await database.db
        .selectFrom('core.payments')
        .select(['kind', 'status', 'amount_cents'])
        .where('booking_id', '=', booking.id)
        .orderBy('created_at')
        .execute();
      const final = await database.db
        .selectFrom('core.bookings')
        .select('status')
        .where('id', '=', booking.id)
        .executeTakeFirstOrThrow();
      expect(final.status).toBe('cancelled');
      if (confirm.status === 200) {
        // Paid, then cancelled ≥ 4 days ahead: the deposit is owed back.
        outcomes.confirmedFirst += 1;
        expect(payments).toEqual([
          { kind: 'deposit', status: 'succeeded', amount_cents: 10000 },
          { kind: 'refund', status: 'pending', amount_cents: 10000 },
        ]);
      } else {
        outcomes.cancelledFirst += 1;
        expect(confirm.status).toBe(409);
        expect(payments).toEqual([{ kind: 'deposit', status: 'cancelled', amount_cents: 10000 }]);
      }
    }
    expect(outcomes.confirmedFirst + outcomes.cancelledFirst).toBe(10);
  });

  it('releasing a hold while paying its deposit: exactly one of them happens', async () => {
    for (let round = 0; round < 10; round += 1) {
      const quoteId = await newQuoteId();
      const hold = await post(servers[0]!, '/api/v1/holds', {
        quoteId,
        date: dateAhead(150 + round),
        slot: '15:00',
        customer: customer(),
      });
      const holdId = hold.body.id as string;
      await post(servers[1]!, `/api/v1/holds/${holdId}/sign`, signBody);
      const [deposit, release] = await Promise.all([
        post(servers[round % 2]!, `/api/v1/holds/${holdId}/deposit`, { method: 'cash' }),
        post(servers[(round + 1) % 2]!, `/api/v1/holds/${holdId}/release`, {}),
      ]);
      const row = await database.db
        .selectFrom('core.holds')
        .select(['status', 'booking_id'])
        .where('id', '=', holdId)
        .executeTakeFirstOrThrow();
      if (deposit.status === 201) {
        expect(release.status).toBe(409);
        expect(release.body.error?.code).toBe('HOLD_ALREADY_CONVERTED');
        expect(row.status).toBe('converted');
      } else {
        expect(release.status).toBe(200);
        expect(deposit.body.error?.code).toBe('HOLD_RELEASED');
        expect(row).toEqual({ status: 'released', booking_id: null });
      }
    }
  });
});
