import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { newStaff, signIn } from './staff.test-helper.ts';

// Staff actions outside the staff module (confirming an offline deposit, moving an event
// along) accept a staff session with the permission, a station-scoped API key, or the
// operator key — and nothing else.
let t: TestApp;
let stationA: string;
let stationB: string;

beforeAll(async () => {
  t = await createTestApp();
  stationA = (await newStation(t.database.db, { chefs: 2 })).stationId;
  stationB = (await newStation(t.database.db, { chefs: 2, code: 'CA-SACRAMENTO-002' })).stationId;
});
afterAll(async () => t.close());

const signBody = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
};

async function pendingBooking(daysAhead: number) {
  const quote = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: { ...quoteBody(), stationId: stationA },
    })
  ).json<{ id: string }>();
  const hold = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.id,
        date: dateAhead(daysAhead),
        slot: '18:00',
        customer: customer(),
      },
    })
  ).json<{ id: string }>();
  await t.app.inject({ method: 'POST', url: `/api/v1/holds/${hold.id}/sign`, payload: signBody });
  const booking = (
    await t.app.inject({ method: 'POST', url: `/api/v1/holds/${hold.id}/deposit`, payload: {} })
  ).json<{
    id: string;
    payments: { id: string }[];
  }>();
  return { bookingId: booking.id, paymentId: booking.payments[0]!.id };
}

const confirm = (paymentId: string, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/payments/${paymentId}/confirm`, headers });

describe('staff actions on bookings', () => {
  it('a station manager of the station confirms a deposit; the audit names them', async () => {
    const manager = await newStaff(t.database.db, {
      role: 'station_manager',
      stationIds: [stationA],
    });
    const session = await signIn(t.app, manager);
    const { paymentId } = await pendingBooking(30);
    const res = await confirm(paymentId, session.headers);
    expect(res.statusCode, res.body).toBe(200);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select('actor')
      .where('action', '=', 'payment.confirm')
      .where('entity_id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`staff:${manager.id}`);
  });

  it('refuses a chef, another station, a missing CSRF token and no credentials', async () => {
    const { paymentId } = await pendingBooking(31);
    const chef = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'chef', stationIds: [stationA] }),
    );
    expect((await confirm(paymentId, chef.headers)).statusCode).toBe(403);
    const elsewhere = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'admin', stationIds: [stationB] }),
    );
    expect((await confirm(paymentId, elsewhere.headers)).statusCode).toBe(403);
    const support = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationA] }),
    );
    const noCsrf = await confirm(paymentId, { cookie: support.cookie });
    expect(noCsrf.json<{ error: { code: string } }>().error.code).toBe('CSRF_INVALID');
    expect((await confirm(paymentId, {})).statusCode).toBe(401);
    expect(
      (await confirm(paymentId, { authorization: 'Bearer tpk_000000000000_nope' })).statusCode,
    ).toBe(401);
    const row = await t.database.db
      .selectFrom('core.payments')
      .select('status')
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('accepts an integration API key only for its own station; a chef may mark their own event done', async () => {
    const admin = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'admin', stationIds: [stationA, stationB] }),
    );
    const createKey = async (stationId: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/staff/api-keys',
          headers: admin.headers,
          payload: { name: `key ${stationId}`, stationId },
        })
      ).json<{ key: string }>().key;
    const keyA = await createKey(stationA);
    const keyB = await createKey(stationB);
    const { bookingId, paymentId } = await pendingBooking(32);
    expect((await confirm(paymentId, { authorization: `Bearer ${keyB}` })).statusCode).toBe(403);
    expect((await confirm(paymentId, { authorization: `Bearer ${keyA}` })).statusCode).toBe(200);

    const chefStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationA] });
    const chef = await signIn(t.app, chefStaff);
    const startAsChef = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/bookings/${bookingId}/status`,
        headers: chef.headers,
        payload: { status: 'in_progress' },
      });
    // Not their event (SPEC §14): it does not exist for them, and stays as it was.
    const refused = await startAsChef();
    expect(refused.statusCode, refused.body).toBe(404);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('BOOKING_NOT_FOUND');
    const chefRow = await t.database.db
      .insertInto('ops.chefs')
      .values({ station_id: stationA, name: 'Chef Own', staff_id: chefStaff.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('ops.booking_chefs')
      .values({ booking_id: bookingId, chef_id: chefRow.id, assigned_by: 'test' })
      .execute();
    const start = await startAsChef();
    expect(start.statusCode, start.body).toBe(200);
    expect(start.json<{ status: string }>().status).toBe('in_progress');
    // The chef's view of the booking: no amount, quote or payment.
    expect(start.body).not.toMatch(/cents|quote|payments|\$\d/i);
  });
});
