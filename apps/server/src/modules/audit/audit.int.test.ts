import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type SignedIn, signInNewStaff } from '../staff/staff.test-helper.ts';

/**
 * Audit entries carry the station of the record they are about (ADR 0019): an admin reads
 * their stations' entries, a super admin every entry, organisation-wide ones included.
 */

let t: TestApp;
let stationA: string;
let stationB: string;
let adminOfA: SignedIn & { id: string };
let adminOfB: SignedIn;
let superAdmin: SignedIn;
let bookingA: string;
let bookingB: string;

interface Entry {
  action: string;
  entityId: string | null;
  stationId: string | null;
  actor: string;
}

async function audit(session: SignedIn, query = ''): Promise<Entry[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/audit?limit=200${query}`,
    headers: { cookie: session.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Entry[] }>().items;
}

beforeAll(async () => {
  t = await createTestApp();
  stationA = (await newStation(t.database.db, { code: 'CA-AUDIT-A' })).stationId;
  stationB = (await newStation(t.database.db, { code: 'CA-AUDIT-B' })).stationId;
  const a = await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] });
  adminOfA = { ...(await signIn(t.app, a)), id: a.id };
  adminOfB = await signInNewStaff(t, { role: 'admin', stationIds: [stationB] });
  superAdmin = await signInNewStaff(t, { role: 'super_admin', stationIds: [] });
  bookingA = (await bookViaApi(t.app, { stationId: stationA, daysAhead: 30 })).id;
  bookingB = (await bookViaApi(t.app, { stationId: stationB, daysAhead: 30 })).id;
  // A booking change through recordBookingChange (operator key: no staff session).
  const [payment] = await t.database.db
    .selectFrom('core.payments')
    .select('id')
    .where('booking_id', '=', bookingA)
    .execute();
  const confirmed = await t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/${payment?.id}/confirm`,
    headers: { authorization: `Bearer ${STAFF_KEY}` },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
});
afterAll(async () => t.close());

describe('audit log by station', () => {
  it('every entry about a booking carries its station, written in the same statement', async () => {
    const rows = await t.database.db
      .selectFrom('audit.log')
      .innerJoin('core.bookings as b', (join) =>
        join.on((eb) => eb(eb.cast('b.id', 'text'), '=', eb.ref('audit.log.entity_id'))),
      )
      .select(['audit.log.action', 'audit.log.station_id', 'b.station_id as booking_station'])
      .where('audit.log.entity', '=', 'booking')
      .execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['booking.create', 'booking.create']);
    for (const row of rows) expect(row.station_id, row.action).toBe(row.booking_station);
    // Recorded against the payment by recordBookingChange: still the booking's station.
    const confirm = await t.database.db
      .selectFrom('audit.log')
      .select(['entity', 'station_id'])
      .where('action', '=', 'payment.confirm')
      .execute();
    expect(confirm).toEqual([{ entity: 'payment', station_id: stationA }]);
  });

  it("an admin reads their station's entries only, never another's or organisation-wide ones", async () => {
    const seenByA = await audit(adminOfA);
    expect(seenByA.map((e) => e.entityId)).toContain(bookingA);
    expect(seenByA.every((e) => e.stationId === stationA)).toBe(true);
    // Their own sign-in is organisation-wide: super admins only.
    expect(seenByA.some((e) => e.actor === `staff:${adminOfA.id}`)).toBe(false);

    const seenByB = await audit(adminOfB);
    expect(seenByB.map((e) => e.entityId)).toContain(bookingB);
    expect(seenByB.map((e) => e.entityId)).not.toContain(bookingA);
    expect(seenByB.every((e) => e.stationId === stationB)).toBe(true);

    const filtered = await audit(adminOfA, `&entityId=${bookingB}`);
    expect(filtered).toEqual([]);
    const refused = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/audit?stationId=${stationB}`,
      headers: { cookie: adminOfA.cookie },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('a super admin reads every entry, organisation-wide ones included, and can narrow to a station', async () => {
    const all = await audit(superAdmin);
    const stations = new Set(all.map((e) => e.stationId));
    expect(stations).toEqual(new Set([stationA, stationB, null]));
    expect(all.some((e) => e.actor === `staff:${adminOfA.id}` && e.stationId === null)).toBe(true);
    const onlyB = await audit(superAdmin, `&stationId=${stationB}`);
    expect(onlyB.length).toBeGreaterThan(0);
    expect(onlyB.every((e) => e.stationId === stationB)).toBe(true);
  });
});
