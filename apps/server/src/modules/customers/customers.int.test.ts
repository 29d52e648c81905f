import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { ConsentsRepository } from '../conversations/consents.repository.ts';
import { LeadsRepository } from '../leads/leads.repository.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

let t: TestApp;
let stationA: string;
let stationB: string;
let adminA: SignedIn;
let supportA: SignedIn;
let superAdmin: SignedIn;

let sequence = 0;
/** A booking through the public API on a fresh (date, slot) of the station. */
async function book(stationId: string, customer: Record<string, unknown>) {
  const n = sequence;
  sequence += 1;
  const made = await bookViaApi(t.app, {
    stationId,
    daysAhead: 20 + Math.floor(n / 4),
    slot: ['12:00', '15:00', '18:00', '21:00'][n % 4],
    customer,
  });
  const row = await t.database.db
    .selectFrom('core.bookings')
    .select(['customer_id', 'total_cents', 'deposit_cents'])
    .where('id', '=', made.id)
    .executeTakeFirstOrThrow();
  return {
    ...made,
    customerId: row.customer_id,
    total: row.total_cents,
    deposit: row.deposit_cents,
  };
}

type CustomerPage = {
  items: {
    id: string;
    name: string;
    bookingCount: number;
    netReceivedCents: number;
    lastBookingAt: string | null;
  }[];
  nextCursor: string | null;
};

type CustomerDetail = {
  id: string;
  stats: {
    bookingCount: number;
    completedCount: number;
    firstBookingDate: string | null;
    lastBookingDate: string | null;
    lifetimeValue: Record<string, number>;
  };
  bookings: { id: string; number: string; status: string; totalCents: number; paidCents: number }[];
  consents: {
    inForce: { channel: string; purpose: string; state: string; source: string | null }[];
    history: { channel: string; purpose: string; status: string; source: string }[];
  };
  leads: { id: string; status: string }[];
};

async function listCustomers(session: SignedIn, query = '') {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/customers${query}`,
    headers: session.headers,
  });
  return {
    status: response.statusCode,
    body: response.json<CustomerPage & { error?: { code: string } }>(),
  };
}

async function customerDetail(session: SignedIn, id: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/customers/${id}`,
    headers: session.headers,
  });
  return {
    status: response.statusCode,
    body: response.json<CustomerDetail & { error?: { code: string } }>(),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  stationA = (await newStation(t.database.db, { code: 'CA-CRM-A' })).stationId;
  stationB = (await newStation(t.database.db, { code: 'CA-CRM-B' })).stationId;
  adminA = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] }),
  );
  supportA = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationA] }),
  );
  superAdmin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'super_admin', stationIds: [] }),
  );
});
afterAll(async () => t.close());

describe('customers list', () => {
  it('finds a customer by part of the name, the full email or the full phone (ADR 0016)', async () => {
    const marisol = await book(stationA, {
      name: 'Marisol Quintero',
      email: 'Marisol.Q@Example.com',
      phone: '(408) 555-7731',
    });
    await book(stationA, {
      name: 'Bert Lindqvist',
      email: 'bert@example.com',
      phone: '650-555-2288',
    });
    // Any spelling of the full email or number: the blind index is of the normalised value.
    for (const q of [
      'quinter',
      'marisol.q@example.com',
      ' MARISOL.Q@EXAMPLE.COM ',
      '(408) 555-7731',
      '+1 408 555 7731',
      '4085557731',
    ]) {
      const { status, body } = await listCustomers(supportA, `?q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
      expect(
        body.items.map((c) => c.id),
        q,
      ).toEqual([marisol.customerId]);
    }
    // Fragments of an email or a number cannot match: those are stored encrypted.
    for (const q of ['nobody-like-this', 'marisol.q@example', '7731', '408555', 'example.com']) {
      const none = await listCustomers(supportA, `?q=${encodeURIComponent(q)}`);
      expect(none.body.items, q).toEqual([]);
    }
  });

  it('pages with a cursor, latest event first, without repeats', async () => {
    const seen: CustomerPage['items'] = [];
    let cursor: string | null = null;
    do {
      const { body } = await listCustomers(adminA, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    const full = await listCustomers(adminA, '?limit=100');
    expect(seen.map((c) => c.id)).toEqual(full.body.items.map((c) => c.id));
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    const times = seen.map((c) => c.lastBookingAt ?? '');
    expect(times).toEqual([...times].sort().reverse());
    const bad = await listCustomers(adminA, '?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
  });
});

describe('customer lifetime value', () => {
  it('is the money received minus refunds paid out, to the cent, and apart the completed value', async () => {
    const email = 'ltv.customer@example.com';
    const first = await book(stationA, { name: 'Lena Value', email, phone: '510-555-4040' });
    const second = await book(stationA, { name: 'Lena Value', email, phone: '510-555-4040' });
    const db = t.database.db;
    const payments = new PaymentsRepository(db);
    const setDepositStatus = (bookingIds: string[], status: 'succeeded' | 'refunded') =>
      db
        .updateTable('core.payments')
        .set({ status })
        .where('booking_id', 'in', bookingIds)
        .where('kind', '=', 'deposit')
        .execute();
    const setBookingStatus = (bookingId: string, status: 'completed' | 'cancelled') =>
      db.updateTable('core.bookings').set({ status }).where('id', '=', bookingId).execute();
    // First event: deposit arrived, balance paid, a reschedule fee, a partial refund paid
    // out, another refund still owed, a failed card attempt.
    await setDepositStatus([first.id, second.id], 'succeeded');
    await setBookingStatus(first.id, 'completed');
    const add = (
      bookingId: string,
      kind: 'balance' | 'reschedule_fee' | 'refund',
      status: 'succeeded' | 'pending' | 'failed' | 'refunded',
      amountCents: number,
    ) =>
      payments.insert({
        bookingId,
        holdId: null,
        kind,
        method: 'zelle',
        provider: 'manual',
        status,
        amountCents,
        reference: `T-${kind}-${status}-${amountCents}-${Math.random()}`,
      });
    await add(first.id, 'balance', 'succeeded', 54_321);
    await add(first.id, 'reschedule_fee', 'succeeded', 10_000);
    await add(first.id, 'refund', 'succeeded', 1_234);
    await add(first.id, 'refund', 'pending', 500);
    await add(first.id, 'balance', 'failed', 99_999);
    // Second event: cancelled, its deposit refunded in full (the deposit row says
    // 'refunded', the money out is the refund row).
    await setDepositStatus([second.id], 'refunded');
    await setBookingStatus(second.id, 'cancelled');
    await add(second.id, 'refund', 'succeeded', second.deposit);

    const { status, body } = await customerDetail(adminA, first.customerId);
    expect(status).toBe(200);
    const net = first.deposit + 54_321 + 10_000 - 1_234;
    expect(body.stats.lifetimeValue).toEqual({
      receivedCents: first.deposit + 54_321 + 10_000 + second.deposit,
      depositsCents: first.deposit + second.deposit,
      balancesCents: 54_321,
      feesCents: 10_000,
      refundedCents: 1_234 + second.deposit,
      refundsOwedCents: 500,
      netReceivedCents: net,
      completedValueCents: first.total,
    });
    expect(body.stats).toMatchObject({ bookingCount: 2, completedCount: 1 });
    const byId = new Map(body.bookings.map((b) => [b.id, b]));
    expect(byId.get(first.id)).toMatchObject({
      number: first.number,
      status: 'completed',
      totalCents: first.total,
      paidCents: net,
    });
    expect(byId.get(second.id)).toMatchObject({ status: 'cancelled', paidCents: 0 });
    // The list shows the same figure.
    const listed = await listCustomers(adminA, `?q=${encodeURIComponent(email)}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: first.customerId, bookingCount: 2, netReceivedCents: net }),
    ]);
  });
});

describe('customer consents', () => {
  it('shows the consent in force per channel and purpose, and the history newest first', async () => {
    const made = await book(stationA, {
      name: 'Cora Sent',
      email: 'Cora.Sent@example.com',
      phone: '(415) 555-6161',
    });
    const consents = new ConsentsRepository(t.database.db, t.container.fieldCrypto);
    await consents.record({
      email: 'cora.sent@example.com',
      channel: 'email',
      purpose: 'transactional',
      status: 'opted_in',
      source: 'booking_form',
      textShown: 'Email me about my event',
    });
    await consents.record({
      phone: '+14155556161',
      channel: 'sms',
      purpose: 'transactional',
      status: 'opted_in',
      source: 'booking_form',
    });
    await consents.record({
      phone: '+14155556161',
      channel: 'sms',
      purpose: 'all',
      status: 'opted_out',
      source: 'sms_keyword:STOP',
    });
    // Someone else's number: not this customer's.
    await consents.record({
      phone: '+14155550000',
      channel: 'sms',
      purpose: 'all',
      status: 'opted_in',
      source: 'sms_keyword:START',
    });

    const { body } = await customerDetail(supportA, made.customerId);
    expect(body.consents.inForce.map((c) => [c.channel, c.purpose, c.state, c.source])).toEqual([
      ['sms', 'marketing', 'opted_out', 'sms_keyword:STOP'],
      ['sms', 'transactional', 'opted_out', 'sms_keyword:STOP'],
      ['email', 'marketing', 'unknown', null],
      ['email', 'transactional', 'opted_in', 'booking_form'],
    ]);
    expect(body.consents.history.map((c) => [c.channel, c.status, c.source])).toEqual([
      ['sms', 'opted_out', 'sms_keyword:STOP'],
      ['sms', 'opted_in', 'booking_form'],
      ['email', 'opted_in', 'booking_form'],
    ]);
  });
});

describe('customer station scoping', () => {
  it('shows a customer only where they have a booking or a lead, and only those stations’ data', async () => {
    const onlyB = await book(stationB, {
      name: 'Bea Elsewhere',
      email: 'bea.b@example.com',
      phone: '(707) 555-1010',
    });
    const both = await book(stationA, {
      name: 'Tomas Twice',
      email: 'tomas.2@example.com',
      phone: '(707) 555-2020',
    });
    const bothInB = await book(stationB, {
      name: 'Tomas Twice',
      email: 'tomas.2@example.com',
      phone: '(707) 555-2020',
    });
    expect(bothInB.customerId).toBe(both.customerId);

    const hidden = await customerDetail(adminA, onlyB.customerId);
    expect({ status: hidden.status, code: hidden.body.error?.code }).toEqual({
      status: 404,
      code: 'CUSTOMER_NOT_FOUND',
    });
    const listA = await listCustomers(adminA, '?q=elsewhere');
    expect(listA.body.items).toEqual([]);
    const asSuper = await customerDetail(superAdmin, onlyB.customerId);
    expect(asSuper.status).toBe(200);

    const twice = await customerDetail(adminA, both.customerId);
    expect(twice.body.bookings.map((b) => b.number)).toEqual([both.number]);
    const twiceSuper = await customerDetail(superAdmin, both.customerId);
    expect(twiceSuper.body.bookings.map((b) => b.number).sort()).toEqual(
      [both.number, bothInB.number].sort(),
    );

    // A lead in station A with the same email makes the B-only customer visible to A,
    // with no bookings of B.
    const lead = await new LeadsRepository(t.database.db, t.container.fieldCrypto).insert({
      stationId: stationA,
      source: 'phone',
      score: 60,
      name: 'Bea Elsewhere',
      email: 'BEA.B@example.com',
      phone: null,
      details: {},
    });
    const viaLead = await customerDetail(adminA, onlyB.customerId);
    expect(viaLead.status).toBe(200);
    expect(viaLead.body.bookings).toEqual([]);
    expect(viaLead.body.leads.map((l) => l.id)).toEqual([lead.id]);
    expect((await listCustomers(adminA, '?q=elsewhere')).body.items.map((c) => c.id)).toEqual([
      onlyB.customerId,
    ]);

    const explicitB = await listCustomers(adminA, `?stationId=${stationB}`);
    expect(explicitB.status).toBe(403);
  });

  it('refuses chefs and anonymous callers', async () => {
    const chef = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'chef', stationIds: [stationA] }),
    );
    expect((await listCustomers(chef)).status).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/admin/customers' });
    expect(anonymous.statusCode).toBe(401);
  });
});
