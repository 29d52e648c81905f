// Money after a cancellation (SPEC §4 policies, §5): what the guest's manage view and the
// staff view say is due and comes back, and the manual payments staff may still record.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { ServerAgentTools } from '../conversations/server-agent-tools.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

interface Money {
  paidCents: number;
  balanceDueCents: number;
  keptCents: number;
  refundOwedCents: number;
  refundToRecordCents: number;
  refundSentCents: number;
  refundReceivedCents: number;
  refundReceivedAt: string | null;
  refundableCents: number;
}
interface View {
  status: string;
  balanceCents: number;
  money: Money;
  payments: { kind: string; status: string; amountCents: number; instructions?: string }[];
}

let t: TestApp;
let stationId: string;
let staff: SignedIn;
let day = 20;

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId } = await newStation(t.database.db, { code: 'CA-REFUND-1', chefs: 2 }));
  staff = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] }),
  );
});
afterAll(async () => t.close());

async function booking(options: { depositPaid: boolean }) {
  day += 1;
  const b = await bookViaApi(t.app, { stationId, daysAhead: day });
  if (options.depositPaid) {
    const paid = await pay(b.id, { kind: 'deposit', amountCents: 10_000 });
    expect(paid.statusCode, paid.body).toBe(201);
  }
  return b;
}

function pay(id: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/bookings/${id}/payments`,
    headers: staff.headers,
    payload: { idempotencyKey: randomUUID(), method: 'zelle', ...payload },
  });
}

/** Brings the event closer than the refund window (the policy reads event time vs now). */
async function moveEventIn(id: string, hours: number) {
  await t.database.db
    .updateTable('core.bookings')
    .set({ event_starts_at: new Date(Date.now() + hours * 3_600_000) })
    .where('id', '=', id)
    .execute();
}

async function cancelAsGuest(b: { id: string; manageToken: string }) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${b.id}/cancel`,
    headers: { 'x-booking-token': b.manageToken },
    payload: {},
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function views(b: { id: string; manageToken: string }) {
  const guest = await t.app.inject({
    method: 'GET',
    url: `/api/v1/bookings/${b.id}`,
    headers: { 'x-booking-token': b.manageToken },
  });
  const admin = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/bookings/${b.id}`,
    headers: { cookie: staff.cookie },
  });
  expect(guest.statusCode, guest.body).toBe(200);
  expect(admin.statusCode, admin.body).toBe(200);
  const g = guest.json<View>();
  // Staff and guest read the same figures from the same function.
  expect(admin.json<View>().money).toEqual(g.money);
  return g;
}

const errorOf = (res: { json: <T>() => T }) =>
  res.json<{ error: { code: string; details?: { maxCents?: number } } }>().error;

describe('the money of a cancelled booking', () => {
  it('paid deposit, cancelled ≥ 4 days before: the deposit is owed back, nothing is due, no payment is asked', async () => {
    const b = await booking({ depositPaid: true });
    await cancelAsGuest(b);
    const view = await views(b);
    expect(view.status).toBe('cancelled');
    expect(view.balanceCents).toBe(0);
    expect(view.money).toMatchObject({
      paidCents: 10_000,
      balanceDueCents: 0,
      keptCents: 0,
      refundOwedCents: 10_000,
      refundToRecordCents: 0,
      refundSentCents: 10_000,
      refundReceivedCents: 0,
      refundableCents: 10_000,
    });
    // The owed refund is money on its way to the guest, not a "pay $100 by Zelle".
    const refund = view.payments.find((p) => p.kind === 'refund');
    expect(refund).toMatchObject({ status: 'pending', amountCents: 10_000 });
    expect(view.payments.some((p) => p.instructions !== undefined)).toBe(false);
  });

  it('paid deposit, cancelled late: the deposit is kept, nothing owed either way', async () => {
    const b = await booking({ depositPaid: true });
    await moveEventIn(b.id, 72);
    await cancelAsGuest(b);
    const view = await views(b);
    expect(view.balanceCents).toBe(0);
    expect(view.money).toMatchObject({
      paidCents: 10_000,
      balanceDueCents: 0,
      keptCents: 10_000,
      refundOwedCents: 0,
      refundSentCents: 0,
      refundReceivedCents: 0,
    });
    expect(view.payments.filter((p) => p.kind === 'refund')).toEqual([]);
  });

  it('unpaid, cancelled: 0 owed and 0 due, no instructions left', async () => {
    const b = await booking({ depositPaid: false });
    await cancelAsGuest(b);
    const view = await views(b);
    expect(view.balanceCents).toBe(0);
    expect(view.money).toMatchObject({
      paidCents: 0,
      balanceDueCents: 0,
      keptCents: 0,
      refundOwedCents: 0,
      refundSentCents: 0,
      refundableCents: 0,
    });
    expect(view.payments.some((p) => p.instructions !== undefined)).toBe(false);
    // The assistant's payment tool answers from the same definition: nothing left to pay.
    const c = t.container;
    const tools = new ServerAgentTools({
      db: c.db,
      quotes: c.quotes,
      availability: c.availability,
      holds: c.holds,
      settings: c.settings,
      distance: c.distance,
      knowledge: c.knowledge,
      publicBaseUrl: t.config.publicBaseUrl,
      channel: 'chat',
      fieldCrypto: c.fieldCrypto,
    });
    expect(await tools.paymentStatus(b.id)).toMatchObject({
      bookingStatus: 'cancelled',
      paidCents: 0,
      balanceCents: 0,
    });
  });
});

describe('manual payments on a cancelled booking', () => {
  it('refuses a deposit, a balance or a fee; pays the owed refund out in parts, never above what was paid', async () => {
    const b = await booking({ depositPaid: true });
    await cancelAsGuest(b);
    for (const kind of ['deposit', 'balance', 'reschedule_fee']) {
      const res = await pay(b.id, { kind, amountCents: 10_000 });
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(409);
      expect(errorOf(res).code).toBe('INVALID_TRANSITION');
    }
    const tooMuch = await pay(b.id, { kind: 'refund', amountCents: 10_001 });
    expect(tooMuch.statusCode).toBe(409);
    expect(errorOf(tooMuch)).toMatchObject({
      code: 'PAYMENT_EXCEEDS_BALANCE',
      details: { maxCents: 10_000 },
    });

    // Part of the owed refund paid out: the rest stays on its way, the total stays 100.
    const part = await pay(b.id, { kind: 'refund', amountCents: 4_000 });
    expect(part.statusCode, part.body).toBe(201);
    expect((await views(b)).money).toMatchObject({
      refundOwedCents: 10_000,
      refundSentCents: 6_000,
      refundReceivedCents: 4_000,
      refundableCents: 6_000,
      keptCents: 0,
    });
    const over = await pay(b.id, { kind: 'refund', amountCents: 6_001 });
    expect(errorOf(over)).toMatchObject({
      code: 'PAYMENT_EXCEEDS_BALANCE',
      details: { maxCents: 6_000 },
    });
    const rest = await pay(b.id, { kind: 'refund', amountCents: 6_000 });
    expect(rest.statusCode, rest.body).toBe(201);
    const settled = await views(b);
    expect(settled.money).toMatchObject({
      refundOwedCents: 10_000,
      refundSentCents: 0,
      refundReceivedCents: 10_000,
      refundableCents: 0,
      balanceDueCents: 0,
    });
    expect(settled.money.refundReceivedAt).not.toBeNull();
    const rows = await t.database.db
      .selectFrom('core.payments')
      .select(['status', 'amount_cents'])
      .where('booking_id', '=', b.id)
      .where('kind', '=', 'refund')
      .orderBy('amount_cents')
      .execute();
    expect(rows).toEqual([
      { status: 'succeeded', amount_cents: 4_000 },
      { status: 'succeeded', amount_cents: 6_000 },
    ]);
    const none = await pay(b.id, { kind: 'refund', amountCents: 1 });
    expect(errorOf(none)).toMatchObject({
      code: 'PAYMENT_EXCEEDS_BALANCE',
      details: { maxCents: 0 },
    });
  });

  it('refuses any refund on an unpaid cancelled booking', async () => {
    const b = await booking({ depositPaid: false });
    await cancelAsGuest(b);
    const res = await pay(b.id, { kind: 'refund', amountCents: 1 });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({
      code: 'PAYMENT_EXCEEDS_BALANCE',
      details: { maxCents: 0 },
    });
  });
});
