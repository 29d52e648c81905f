import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { auditEntryOf } from '../../test/audit-log.ts';
import { newStaff, signIn, newUnenrolledAdmin, signInNewStaff } from './staff.test-helper.ts';

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

/** A station-A booking with its offline deposit still pending. */
async function pendingBooking(daysAhead: number) {
  const booking = await bookViaApi(t.app, { daysAhead, stationId: stationA });
  return { bookingId: booking.id, paymentId: booking.payments[0]!.id };
}

async function paymentStatus(paymentId: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('core.payments')
    .select('status')
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow();
  return row.status;
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
    const audit = await auditEntryOf(t.database.db, {
      action: 'payment.confirm',
      entityId: paymentId,
    });
    expect(audit.actor).toBe(`staff:${manager.id}`);
  });

  it('refuses a chef, another station, a missing CSRF token and no credentials', async () => {
    const { paymentId } = await pendingBooking(31);
    const chef = await signInNewStaff(t, { role: 'chef', stationIds: [stationA] });
    expect((await confirm(paymentId, chef.headers)).statusCode).toBe(403);
    const elsewhere = await signInNewStaff(t, { role: 'admin', stationIds: [stationB] });
    expect((await confirm(paymentId, elsewhere.headers)).statusCode).toBe(403);
    const support = await signInNewStaff(t, { role: 'customer_support', stationIds: [stationA] });
    const noCsrf = await confirm(paymentId, { cookie: support.cookie });
    expect(noCsrf.json<{ error: { code: string } }>().error.code).toBe('CSRF_INVALID');
    expect((await confirm(paymentId, {})).statusCode).toBe(401);
    expect(
      (await confirm(paymentId, { authorization: 'Bearer tpk_000000000000_nope' })).statusCode,
    ).toBe(401);
    expect(await paymentStatus(paymentId)).toBe('pending');
  });

  it('accepts an integration API key only for its own station; a chef may mark their own event done', async () => {
    const admin = await signInNewStaff(t, { role: 'admin', stationIds: [stationA, stationB] });
    const createKey = async (stationId: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/staff/api-keys',
          headers: admin.headers,
          payload: { name: `key ${stationId}`, stationId, scopes: ['payments.confirm'] },
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

describe('API keys on staff actions: scopes and creators', () => {
  const setStatus = (bookingId: string, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${bookingId}/status`,
      headers,
      payload: { status: 'in_progress' },
    });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const codeOf = (response: Awaited<ReturnType<typeof confirm>>) =>
    response.json<{ error?: { code: string } }>().error?.code;

  async function keyBy(
    creator: Awaited<ReturnType<typeof newStaff>>,
    options: { scopes: string[]; stationId?: string },
  ) {
    const session = await signIn(t.app, creator);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/api-keys',
      headers: session.headers,
      payload: {
        name: 'integration',
        stationId: options.stationId ?? stationA,
        scopes: options.scopes,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ key: string; apiKey: { id: string } }>();
  }

  async function patchStaff(id: string, payload: Record<string, unknown>) {
    const root = await signInNewStaff(t, { role: 'super_admin', stationIds: [stationA, stationB] });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/staff/${id}`,
      headers: root.headers,
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
    return root;
  }

  it('a key does only what its scopes allow', async () => {
    const admin = await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] });
    const { key } = await keyBy(admin, { scopes: ['bookings.status'] });
    const { paymentId } = await pendingBooking(40);
    const refused = await confirm(paymentId, bearer(key));
    expect(refused.statusCode).toBe(403);
    expect(codeOf(refused)).toBe('API_KEY_SCOPE_MISSING');
    expect(await paymentStatus(paymentId)).toBe('pending');
  });

  it('a key does only what its creator may do now: role and stations', async () => {
    const admin = await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] });
    const { key } = await keyBy(admin, { scopes: ['bookings.status', 'payments.confirm'] });
    const first = await pendingBooking(41);
    // Customer support may confirm deposits but not move an event along (permissions.ts).
    await patchStaff(admin.id, { role: 'customer_support' });
    const status = await setStatus(first.bookingId, bearer(key));
    expect(status.statusCode).toBe(403);
    expect(status.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await confirm(first.paymentId, bearer(key))).statusCode).toBe(200);
    // Moved to station B only: a station-A key of theirs no longer reaches station A.
    const second = await pendingBooking(42);
    await patchStaff(admin.id, { stationIds: [stationB] });
    expect((await confirm(second.paymentId, bearer(key))).statusCode).toBe(403);
  });

  it('a deactivated creator’s keys stop at once, stay stopped, and the list says why', async () => {
    const admin = await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] });
    const { key, apiKey } = await keyBy(admin, { scopes: ['payments.confirm'] });
    const { paymentId } = await pendingBooking(43);
    const root = await patchStaff(admin.id, { isActive: false });
    const refused = await confirm(paymentId, bearer(key));
    expect(refused.statusCode).toBe(401);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/api-keys',
      headers: { cookie: root.cookie },
    });
    expect(
      list.json<{ items: { id: string }[] }>().items.find((item) => item.id === apiKey.id),
    ).toMatchObject({
      revokedReason: 'creator_deactivated',
      revokedAt: expect.any(String) as unknown,
      isCreatorActive: false,
    });
    // Reactivating the person does not bring the key back.
    await patchStaff(admin.id, { isActive: true });
    expect((await confirm(paymentId, bearer(key))).statusCode).toBe(401);
  });

  it('a key stops even when its creator is deactivated outside the API', async () => {
    const admin = await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] });
    const { key } = await keyBy(admin, { scopes: ['payments.confirm'] });
    await t.database.db
      .updateTable('identity.staff')
      .set({ is_active: false })
      .where('id', '=', admin.id)
      .execute();
    const { paymentId } = await pendingBooking(44);
    expect((await confirm(paymentId, bearer(key))).statusCode).toBe(401);
  });

  it('a session that owes two-factor enrolment cannot act, even with the permission', async () => {
    const admin = await newUnenrolledAdmin(t.database.db, [stationA]);
    const session = await signIn(t.app, admin);
    const { bookingId, paymentId } = await pendingBooking(45);
    for (const response of [
      await confirm(paymentId, session.headers),
      await setStatus(bookingId, session.headers),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(codeOf(response)).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    }
  });
});
