import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

let t: TestApp;
let stationId: string;
let alex: SignedIn;
let blair: SignedIn;
let alexName: string;
let day = 30;

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId } = await newStation(t.database.db, { code: 'CA-EDIT-1', chefs: 2 }));
  const a = await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationId] });
  const b = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
  alex = await signIn(t.app, a);
  blair = await signIn(t.app, b);
  alexName = (
    await t.database.db
      .selectFrom('identity.staff')
      .select('name')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow()
  ).name;
});
afterAll(async () => t.close());

async function booking() {
  day += 1;
  return bookViaApi(t.app, { stationId, daysAhead: day });
}

function patch(session: SignedIn, id: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'PATCH',
    url: `/api/v1/admin/bookings/${id}`,
    headers: session.headers,
    payload,
  });
}

function pay(session: SignedIn, id: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/bookings/${id}/payments`,
    headers: session.headers,
    payload: { idempotencyKey: randomUUID(), method: 'zelle', ...payload },
  });
}

async function count(table: 'core.quotes' | 'core.payments' | 'audit.log') {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('editing a booking from the panel', () => {
  it('reprices the edit; a save on the old version is refused with who saved first, and stores nothing', async () => {
    const b = await booking();
    // 14 adults + 2 children need 32 protein picks (two each; toddlers eat from the grill).
    const edit = { adults: 14, proteins: { chicken: 16, ny_strip: 16 } };
    const first = await patch(alex, b.id, { version: b.version, ...edit });
    expect(first.statusCode, first.body).toBe(200);
    const saved = first.json<{ version: number; totalCents: number; guests: { adults: number } }>();
    expect(saved.version).toBe(b.version + 1);
    expect(saved.guests.adults).toBe(14);
    // The same price a fresh quote gives for the new party.
    const fresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody({ ...edit, stationId }),
    });
    expect(saved.totalCents).toBe(fresh.json<{ totalCents: number }>().totalCents);
    expect(saved.totalCents).toBeGreaterThan(b.totalCents);

    const quotesBefore = await count('core.quotes');
    const auditBefore = await count('audit.log');
    const stale = await patch(blair, b.id, { version: b.version, adults: 9, specialRequests: 'x' });
    expect(stale.statusCode).toBe(409);
    const error = stale.json<{
      error: {
        code: string;
        message: string;
        details: { currentVersion: number; lastChange: { actorName: string; data: unknown } };
      };
    }>().error;
    expect(error.code).toBe('BOOKING_VERSION_CONFLICT');
    expect(error.details.currentVersion).toBe(saved.version);
    expect(error.details.lastChange.actorName).toBe(alexName);
    expect(error.message).toContain(alexName);
    expect(error.details.lastChange.data).toMatchObject({ fields: ['adults', 'proteins'] });
    expect(await count('core.quotes')).toBe(quotesBefore);
    expect(await count('audit.log')).toBe(auditBefore);

    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/bookings/${b.id}`,
      headers: { cookie: blair.cookie },
    });
    expect(
      detail.json<{ guests: { adults: number }; specialRequests: string | null }>(),
    ).toMatchObject({ guests: { adults: 14 }, specialRequests: null });
  });

  it('two saves of the same version at once: exactly one wins', async () => {
    const b = await booking();
    const results = await Promise.all([
      patch(alex, b.id, { version: b.version, specialRequests: 'Gluten-free soy sauce' }),
      patch(blair, b.id, { version: b.version, specialRequests: 'Extra onion volcano' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const events = await t.database.db
      .selectFrom('core.booking_events')
      .select('type')
      .where('booking_id', '=', b.id)
      .where('type', '=', 'updated')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('holds staff to the final-count cut-off unless they override it, and audits the override', async () => {
    const b = await booking();
    // The event is now 10 hours away: past the 24 h final guest count.
    await t.database.db
      .updateTable('core.bookings')
      .set({ event_starts_at: new Date(Date.now() + 10 * 3_600_000) })
      .where('id', '=', b.id)
      .execute();
    const edit = { adults: 12, proteins: { chicken: 14, ny_strip: 14 } };
    const closed = await patch(alex, b.id, { version: b.version, ...edit });
    expect(closed.statusCode).toBe(409);
    expect(closed.json<{ error: { code: string } }>().error.code).toBe('GUEST_CHANGE_CLOSED');
    const forced = await patch(alex, b.id, {
      version: b.version,
      ...edit,
      overrideCutoffs: true,
    });
    expect(forced.statusCode, forced.body).toBe(200);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['after', 'actor'])
      .where('entity_id', '=', b.id)
      .where('action', '=', 'booking.update')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ adults: 12, overrideCutoffs: true });
  });
});

describe('recording a manual payment', () => {
  it('a Zelle deposit confirms the booking once; a replay records nothing; a wrong amount is refused', async () => {
    const b = await booking();
    const wrong = await pay(alex, b.id, { kind: 'deposit', amountCents: 5_000 });
    expect(wrong.statusCode).toBe(409);
    expect(
      wrong.json<{ error: { code: string; details: { expectedCents: number } } }>().error,
    ).toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH', details: { expectedCents: 10_000 } });

    const key = randomUUID();
    const first = await pay(alex, b.id, {
      kind: 'deposit',
      amountCents: 10_000,
      idempotencyKey: key,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ booking: { status: string; paidCents: number } }>().booking).toMatchObject({
      status: 'confirmed',
      paidCents: 10_000,
    });
    const payments = await count('core.payments');
    const replay = await pay(alex, b.id, {
      kind: 'deposit',
      amountCents: 10_000,
      idempotencyKey: key,
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.json<{ isReplay: boolean; paymentId: string }>()).toMatchObject({
      isReplay: true,
      paymentId: first.json<{ paymentId: string }>().paymentId,
    });
    expect(await count('core.payments')).toBe(payments);

    // The confirmation it triggered is listed on the booking (no body, just what and to whom).
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/bookings/${b.id}`,
      headers: { cookie: alex.cookie },
    });
    const sent = detail.json<{
      sentMessages: { template: string; channel: string; body?: string }[];
    }>().sentMessages;
    expect(sent.map((m) => m.template)).toContain('booking.confirmation');
    expect(sent.every((m) => m.body === undefined)).toBe(true);
  });

  it('balance payments never exceed the balance, even when two staff record it at once', async () => {
    const b = await booking();
    const deposit = await pay(alex, b.id, { kind: 'deposit', amountCents: 10_000 });
    const { totalCents } = deposit.json<{ booking: { totalCents: number } }>().booking;
    const owed = totalCents - 10_000;
    const both = await Promise.all([
      pay(alex, b.id, { kind: 'balance', method: 'cash', amountCents: owed }),
      pay(blair, b.id, { kind: 'balance', method: 'venmo', amountCents: owed }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = both.find((r) => r.statusCode === 409);
    expect(
      refused?.json<{ error: { code: string; details: { maxCents: number } } }>().error,
    ).toEqual(
      expect.objectContaining({ code: 'PAYMENT_EXCEEDS_BALANCE', details: { maxCents: 0 } }),
    );
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/bookings/${b.id}`,
      headers: { cookie: blair.cookie },
    });
    expect(detail.json<{ paidCents: number; balanceCents: number }>()).toMatchObject({
      paidCents: totalCents,
      balanceCents: 0,
    });

    const tooMuch = await pay(blair, b.id, { kind: 'refund', amountCents: totalCents + 1 });
    expect(tooMuch.json<{ error: { code: string } }>().error.code).toBe('PAYMENT_EXCEEDS_BALANCE');
    const refund = await pay(blair, b.id, { kind: 'refund', amountCents: 2_500 });
    expect(refund.statusCode, refund.body).toBe(201);
    const rows = await t.database.db
      .selectFrom('core.payments')
      .select(['kind', 'status', 'amount_cents', 'confirmed_by'])
      .where('booking_id', '=', b.id)
      .where('kind', '=', 'refund')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'refund', status: 'succeeded', amount_cents: 2_500 });
    expect(rows[0]?.confirmed_by).toMatch(/^staff:/);
  });

  it('a balance on a booking still waiting for its deposit is refused', async () => {
    const b = await booking();
    const res = await pay(alex, b.id, { kind: 'balance', amountCents: 1_000 });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('INVALID_TRANSITION');
  });
});

describe('what a chef sees', () => {
  it('only the events they are assigned to, and never an amount', async () => {
    const mine = await booking();
    const other = await booking();
    const chefStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const chef = await t.database.db
      .insertInto('ops.chefs')
      .values({ station_id: stationId, name: 'Chef Linked', staff_id: chefStaff.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('ops.booking_chefs')
      .values({ booking_id: mine.id, chef_id: chef.id, assigned_by: 'test' })
      .execute();
    // Confirmed, so a confirmation email about it sits in the outbox.
    await pay(alex, mine.id, { kind: 'deposit', amountCents: 10_000 });
    const session = await signIn(t.app, chefStaff);
    const get = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

    const list = (await get('/api/v1/admin/bookings?limit=100')).json<{
      items: { id: string }[];
    }>();
    expect(list.items.map((i) => i.id)).toEqual([mine.id]);
    expect(list.items[0]).not.toHaveProperty('totalCents');

    const detail = await get(`/api/v1/admin/bookings/${mine.id}`);
    expect(detail.statusCode).toBe(200);
    const body = detail.json<Record<string, unknown>>();
    // The chef's view declares none of these: they are absent, not blanked.
    for (const key of [
      'totalCents',
      'depositCents',
      'paidCents',
      'balanceCents',
      'quote',
      'payments',
      'policies',
      'sentMessages',
    ])
      expect(body).not.toHaveProperty(key);
    expect(JSON.stringify(body)).not.toMatch(/cents/i);
    expect((await get(`/api/v1/admin/bookings/${other.id}`)).statusCode).toBe(404);

    const csv = (await get('/api/v1/admin/bookings.csv')).body.trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]).not.toContain('total');
    expect(csv[1]).toContain(mine.number);
  });
});

describe('rescheduling and chef assignments', () => {
  it('moving the booking drops its chef assignment and says so on the timeline', async () => {
    const b = await booking();
    const chef = await t.database.db
      .insertInto('ops.chefs')
      .values({ station_id: stationId, name: 'Chef Moved' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('ops.booking_chefs')
      .values({ booking_id: b.id, chef_id: chef.id, assigned_by: 'test' })
      .execute();
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${b.id}/reschedule`,
      headers: { 'x-booking-token': b.manageToken },
      payload: { date: dateAhead(200), slot: '12:00' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const left = await t.database.db
      .selectFrom('ops.booking_chefs')
      .select('chef_id')
      .where('booking_id', '=', b.id)
      .execute();
    expect(left).toEqual([]);
    const event = await t.database.db
      .selectFrom('core.booking_events')
      .select('data')
      .where('booking_id', '=', b.id)
      .where('type', '=', 'rescheduled')
      .executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ chefsUnassigned: [chef.id] });
  });
});
