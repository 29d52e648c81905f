import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { chooseDeposit, requestHold, signHold } from './hold-flow.test-helper.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db, { chefs: 2 });
});
afterAll(async () => t.close());

async function newQuote(overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/quotes',
    payload: quoteBody(overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; totalCents: number; depositCents: number }>();
}

const newHold = (date: string, slot = '18:00', extra: Record<string, unknown> = {}) =>
  requestHold(t.app, { date, slot, extra });

async function newBooking(date: string, slot = '18:00') {
  const hold = (await newHold(date, slot)).json<{ id: string }>();
  const signed = await signHold(t.app, hold.id);
  expect(signed.statusCode, signed.body).toBe(200);
  const deposit = await chooseDeposit(t.app, hold.id, 'zelle');
  expect(deposit.statusCode, deposit.body).toBe(201);
  return deposit.json<{
    id: string;
    manageToken: string;
    status: string;
    payments: { id: string }[];
    version: number;
    totalCents: number;
  }>();
}

describe('hold → sign → deposit → confirm', () => {
  it('creates a pending booking with instructions, then staff confirmation makes it confirmed', async () => {
    const date = dateAhead(30);
    const booking = await newBooking(date);
    expect(booking.status).toBe('pending_deposit');
    expect(booking.manageToken).toMatch(/^[\w-]{20,}$/);

    const unauthorized = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
    });
    expect(unauthorized.statusCode).toBe(401);
    const confirmed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
      headers: { authorization: `Bearer ${STAFF_KEY}` },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<{ status: string; paidCents: number }>()).toMatchObject({
      status: 'confirmed',
      paidCents: 10000,
    });

    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}?token=${booking.manageToken}`,
    });
    expect(view.statusCode).toBe(200);
    expect(view.json<{ status: string; balanceCents: number }>().balanceCents).toBe(
      booking.totalCents - 10000,
    );

    const wrongToken = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}?token=nope`,
    });
    expect(wrongToken.statusCode).toBe(403);
    const noToken = await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${booking.id}` });
    expect(noToken.statusCode).toBe(401);
  });

  it('refuses the third hold on a slot of capacity 2 and stores a hot lead', async () => {
    const date = dateAhead(40);
    expect((await newHold(date, '12:00')).statusCode).toBe(201);
    expect((await newHold(date, '12:00')).statusCode).toBe(201);
    const third = await newHold(date, '12:00', { customer: customer({ name: 'Late Larry' }) });
    expect(third.statusCode).toBe(409);
    expect(third.json<{ error: { code: string } }>().error.code).toBe('SLOT_FULL');
    const leads = await t.database.db
      .selectFrom('crm.leads')
      .selectAll()
      .where('source', '=', 'slot_full')
      .execute();
    expect(leads.some((l) => l.name === 'Late Larry' && l.score === 90)).toBe(true);

    const availability = await t.app.inject({
      method: 'GET',
      url: `/api/v1/availability?from=${date}&to=${date}`,
    });
    const slot = availability
      .json<{ days: { slots: { slot: string; remaining: number; bookable: boolean }[] }[] }>()
      .days[0]?.slots.find((s) => s.slot === '12:00');
    expect(slot).toMatchObject({ remaining: 0, bookable: false });
  });

  it('replays an idempotent hold and rejects the key with another body', async () => {
    const quote = await newQuote();
    const body = {
      quoteId: quote.id,
      date: dateAhead(50),
      slot: '15:00',
      customer: customer(),
      idempotencyKey: 'idem-key-123456',
    };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/holds', payload: body });
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/holds', payload: body });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: { ...body, slot: '18:00' },
    });
    expect(other.statusCode).toBe(422);
    expect(other.json<{ error: { code: string } }>().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('rejects holds too soon, in a blackout, with a requested time outside the slot', async () => {
    expect((await newHold(dateAhead(1))).json<{ error: { code: string } }>().error.code).toBe(
      'TOO_SOON',
    );
    const far = await newHold(dateAhead(400));
    expect(far.json<{ error: { code: string } }>().error.code).toBe('TOO_FAR');
    const off = await newHold(dateAhead(60), '18:00', { requestedTime: '19:30' });
    expect(off.statusCode).toBe(422);
    expect(off.json<{ error: { code: string } }>().error.code).toBe('REQUESTED_TIME_OUTSIDE_SLOT');
    const within = await newHold(dateAhead(60), '18:00', { requestedTime: '19:00' });
    expect(within.statusCode).toBe(201);
  });

  it('reschedules free once, then asks to accept the fee; cancels with the policy outcome', async () => {
    const booking = await newBooking(dateAhead(70));
    const auth = { 'x-booking-token': booking.manageToken };
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/reschedule`,
      headers: auth,
      payload: { date: dateAhead(71), slot: '21:00' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<{ feeCents: number; slot: string }>()).toMatchObject({
      feeCents: 0,
      slot: '21:00',
    });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/reschedule`,
      headers: auth,
      payload: { date: dateAhead(72), slot: '21:00' },
    });
    expect(again.statusCode).toBe(409);
    expect(
      again.json<{ error: { code: string; details: { feeCents: number } } }>().error,
    ).toMatchObject({
      code: 'RESCHEDULE_FEE_NOT_ACCEPTED',
      details: { feeCents: 10000 },
    });
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/cancel`,
      headers: auth,
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // The deposit was never confirmed, so nothing was paid and nothing is refunded.
    expect(cancelled.json<{ status: string; outcome: { refundCents: number } }>()).toMatchObject({
      status: 'cancelled',
      outcome: { refundCents: 0 },
    });
  });

  it('patches guests with the optimistic lock and reprices through a new quote', async () => {
    const booking = await newBooking(dateAhead(80));
    const auth = { 'x-booking-token': booking.manageToken };
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/bookings/${booking.id}`,
      headers: auth,
      payload: { version: booking.version, adults: 14, proteins: { chicken: 16, shrimp: 16 } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const body = patched.json<{
      totalCents: number;
      version: number;
      guests: { adults: number };
    }>();
    expect(body.guests.adults).toBe(14);
    expect(body.totalCents).toBeGreaterThan(booking.totalCents);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/bookings/${booking.id}`,
      headers: auth,
      payload: { version: booking.version, specialRequests: 'Birthday' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('BOOKING_VERSION_CONFLICT');
  });
});
