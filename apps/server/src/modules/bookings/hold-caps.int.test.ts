import { defaultSettings } from '@teppan/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody, SIGN_BODY } from '../../test/factories.ts';

// SPEC §4: open holds plus unpaid bookings are capped per email, per phone (default 2) and
// per IP (default 5 a day), so nobody blocks the calendar with throw-away checkouts. This
// station has the real defaults (other test stations lift the caps: TEST_HOLD_CAPS).

let t: TestApp;
let quoteId: string;
let nextDay = 20;
let nextIp = 10;

beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db, { chefs: 2, settings: { holds: defaultSettings.holds } });
  const quote = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() });
  quoteId = quote.json<{ id: string }>().id;
});
afterAll(async () => t.close());

/** A fresh address per test, so the per-IP cap of one test does not touch the others. */
const freshIp = () => `198.51.100.${(nextIp += 1)}`;

interface ErrorBody {
  error: { code: string; message: string; details?: { scope: string; limit: number } };
}

function hold(who: Record<string, unknown>, ip: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    remoteAddress: ip,
    payload: { quoteId, date: dateAhead((nextDay += 1)), slot: '18:00', customer: customer(who) },
  });
}

async function expectRefused(
  response: Awaited<ReturnType<typeof hold>>,
  scope: 'contact' | 'ip',
): Promise<void> {
  expect(response.statusCode).toBe(409);
  const { error } = response.json<ErrorBody>();
  expect(error.code).toBe('HOLD_LIMIT_REACHED');
  expect(error.details).toEqual({ scope, limit: scope === 'ip' ? 5 : 2 });
  // It says what to do.
  expect(error.message).toMatch(/Finish or release one of them/);
  expect(error.message).toMatch(/call us at \(\d{3}\) \d{3}-\d{4} to book more\./);
}

describe('caps on open holds and unpaid bookings', () => {
  it('per email: two open, the third refused; a released hold frees a place', async () => {
    const ip = freshIp();
    const email = `cap-email-${Date.now()}@example.com`;
    const first = await hold({ email }, ip);
    const second = await hold({ email }, ip);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    await expectRefused(await hold({ email: email.toUpperCase() }, ip), 'contact');
    const released = await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${first.json<{ id: string }>().id}/release`,
    });
    expect(released.statusCode).toBe(200);
    expect((await hold({ email }, ip)).statusCode).toBe(201);
  });

  it('per phone, whatever the email; an expired hold frees a place', async () => {
    const ip = freshIp();
    const phone = `(415) 555-${String(1000 + nextIp).slice(-4)}`;
    const first = await hold({ phone }, ip);
    expect(first.statusCode).toBe(201);
    expect((await hold({ phone: phone.replace(/\D/g, '') }, ip)).statusCode).toBe(201);
    await expectRefused(await hold({ phone: `+1 ${phone}` }, ip), 'contact');
    await sql`update core.holds set expires_at = clock_timestamp() - interval '1 second'
               where id = ${first.json<{ id: string }>().id}`.execute(t.database.db);
    expect((await hold({ phone }, ip)).statusCode).toBe(201);
  });

  it('an unpaid booking counts until its deposit is confirmed', async () => {
    const ip = freshIp();
    const email = `cap-unpaid-${Date.now()}@example.com`;
    const first = await hold({ email }, ip);
    const holdId = first.json<{ id: string }>().id;
    await t.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/sign`, payload: SIGN_BODY });
    const booking = await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${holdId}/deposit`,
      payload: { method: 'zelle' },
    });
    expect(booking.json<{ status: string }>().status).toBe('pending_deposit');
    expect((await hold({ email }, ip)).statusCode).toBe(201);
    await expectRefused(await hold({ email }, ip), 'contact');
    const paymentId = booking.json<{ payments: { id: string }[] }>().payments[0]!.id;
    const confirmed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${paymentId}/confirm`,
      headers: { authorization: `Bearer ${STAFF_KEY}` },
    });
    expect(confirmed.statusCode).toBe(200);
    expect((await hold({ email }, ip)).statusCode).toBe(201);
  });

  it('per IP: five open a day, whoever they are for; another address is not affected', async () => {
    const ip = freshIp();
    const holds = [];
    for (let i = 0; i < 5; i += 1) holds.push(await hold({}, ip));
    expect(holds.map((h) => h.statusCode)).toEqual([201, 201, 201, 201, 201]);
    await expectRefused(await hold({}, ip), 'ip');
    expect((await hold({}, freshIp())).statusCode).toBe(201);
    // Expired and released holds free their places.
    await sql`update core.holds set expires_at = clock_timestamp() - interval '1 second'
               where id = ${holds[0]!.json<{ id: string }>().id}`.execute(t.database.db);
    expect((await hold({}, ip)).statusCode).toBe(201);
    await expectRefused(await hold({}, ip), 'ip');
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${holds[1]!.json<{ id: string }>().id}/release`,
    });
    expect((await hold({}, ip)).statusCode).toBe(201);
    // Holds started more than a day ago no longer count against the address.
    await sql`update core.holds set created_at = now() - interval '25 hours'
               where id = ${holds[2]!.json<{ id: string }>().id}`.execute(t.database.db);
    expect((await hold({}, ip)).statusCode).toBe(201);
  });

  it('stores only a keyed hash of the address, never the address', async () => {
    const ip = freshIp();
    const created = await hold({}, ip);
    const row = await t.database.db
      .selectFrom('core.holds')
      .selectAll()
      .where('id', '=', created.json<{ id: string }>().id)
      .executeTakeFirstOrThrow();
    expect(row.ip_hash).toBe(t.container.fieldCrypto.keyedHash('ip', ip));
    expect(JSON.stringify(row)).not.toContain(ip);
  });

  it('holds the caps under concurrency: ten requests at once for one email, exactly two win', async () => {
    const email = `cap-race-${Date.now()}@example.com`;
    const results = await Promise.all(Array.from({ length: 10 }, () => hold({ email }, freshIp())));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(
      results.filter(
        (r) => r.statusCode === 409 && r.json<ErrorBody>().error.code === 'HOLD_LIMIT_REACHED',
      ),
    ).toHaveLength(8);
  });

  it('does not cap holds staff place for a customer', async () => {
    const email = `cap-staff-${Date.now()}@example.com`;
    const ip = freshIp();
    for (let i = 0; i < 3; i += 1) {
      const { hold: placed } = await t.container.holds.create(
        {
          quoteId,
          date: dateAhead((nextDay += 1)),
          slot: '12:00',
          customer: customer({ email }),
        },
        { channel: 'staff', ip },
      );
      expect(placed.status).toBe('awaiting_signature');
    }
    await expectRefused(await hold({ email }, ip), 'contact');
  });
});
