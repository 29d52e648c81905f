import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { bookViaApi, dateAhead, newStation } from '../../test/factories.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

let t: TestApp;
let stationA: string;
let stationB: string;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  stationA = (await newStation(t.database.db, { chefs: 2 })).stationId;
  stationB = (await newStation(t.database.db, { chefs: 2, code: 'CA-SACRAMENTO-002' })).stationId;
  admin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] }),
  );
});
afterAll(async () => t.close());

/** A booking made the way a customer makes one, with an optional customer name. */
function booking(options: { stationId: string; daysAhead: number; slot?: string; name?: string }) {
  const { name, ...rest } = options;
  return bookViaApi(t.app, { ...rest, customer: name ? { name } : {} });
}

interface Page {
  items: { id: string; number: string; stationId: string; customer: { name: string } }[];
  nextCursor: string | null;
}

describe('admin bookings list', () => {
  it('pages with a cursor, filters, searches by name, number and phone, and stays in the staff member’s stations', async () => {
    const created = [];
    for (let i = 0; i < 7; i += 1)
      created.push(
        await booking({
          stationId: stationA,
          daysAhead: 30 + i,
          name: i === 3 ? 'Hiroko Tanaka' : `Guest A${i}`,
        }),
      );
    await booking({ stationId: stationB, daysAhead: 30, name: 'Other Station Person' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/admin/bookings?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
      expect(res.statusCode, res.body).toBe(200);
      const page: Page = res.json<Page>();
      expect(page.items.every((item) => item.stationId === stationA)).toBe(true);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);
    expect(seen).toEqual(created.map((b) => b.id).reverse()); // newest event first

    const byName = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/admin/bookings?q=tanaka',
        headers: { cookie: admin.cookie },
      })
    ).json<Page>();
    expect(byName.items.map((i) => i.customer.name)).toEqual(['Hiroko Tanaka']);
    const byNumber = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/admin/bookings?q=${created[2]!.number}`,
        headers: { cookie: admin.cookie },
      })
    ).json<Page>();
    expect(byNumber.items.map((i) => i.id)).toEqual([created[2]!.id]);
    const hidden = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/admin/bookings?q=Other%20Station',
        headers: { cookie: admin.cookie },
      })
    ).json<Page>();
    expect(hidden.items).toEqual([]);
    const forbidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/bookings?stationId=${stationB}`,
      headers: { cookie: admin.cookie },
    });
    expect(forbidden.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/bookings?cursor=nonsense',
      headers: { cookie: admin.cookie },
    });
    expect(bad.statusCode).toBe(400);
    const range = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/admin/bookings?from=${dateAhead(31)}&to=${dateAhead(32)}&status=pending_deposit`,
        headers: { cookie: admin.cookie },
      })
    ).json<Page>();
    expect(range.items).toHaveLength(2);
  });

  it('exports CSV with the same filters and defuses spreadsheet formulas', async () => {
    await booking({ stationId: stationA, daysAhead: 50, name: '=HYPERLINK("http://evil")' });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/bookings.csv?q=HYPERLINK',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe(
      'number,date,slot,requested_time,status,customer,email,phone,guests,total_usd,zip,source',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('two-step staff cancellation', () => {
  it('support requests, cannot approve; an admin approves and the place is free again', async () => {
    const date = dateAhead(60);
    const first = await booking({ stationId: stationA, daysAhead: 60, slot: '12:00' });
    await booking({ stationId: stationA, daysAhead: 60, slot: '12:00' });
    const support = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationA] }),
    );
    const request = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${first.id}/cancellation-request`,
      headers: support.headers,
      payload: { reason: 'Host moved abroad' },
    });
    expect(request.statusCode, request.body).toBe(200);
    expect(request.json<{ status: string }>().status).toBe('cancellation_requested');
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${first.id}/cancellation-request/approve`,
      headers: support.headers,
      payload: {},
    });
    expect(denied.statusCode).toBe(403);
    const slotTaken = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/availability?from=${date}&to=${date}&stationId=${stationA}`,
        })
      )
        .json<{ days: { slots: { slot: string; taken: number }[] }[] }>()
        .days[0]!.slots.find((s) => s.slot === '12:00')!.taken;
    expect(await slotTaken()).toBe(2); // a requested cancellation still holds its place
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${first.id}/cancellation-request/approve`,
      headers: admin.headers,
      payload: {},
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<{ status: string }>().status).toBe('cancelled');
    expect(await slotTaken()).toBe(1);
    const detail = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/admin/bookings/${first.id}`,
        headers: { cookie: admin.cookie },
      })
    ).json<{ timeline: { type: string; actor: string }[] }>();
    expect(detail.timeline.map((e) => e.type)).toEqual([
      'created',
      'cancellation_requested',
      'cancelled',
    ]);
  });

  it('a rejected request restores the previous status', async () => {
    const b = await booking({ stationId: stationA, daysAhead: 61 });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${b.id}/cancellation-request`,
      headers: admin.headers,
      payload: { reason: 'Duplicate?' },
    });
    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/bookings/${b.id}/cancellation-request/reject`,
      headers: admin.headers,
      payload: { note: 'Not a duplicate' },
    });
    expect(rejected.json<{ status: string }>().status).toBe('pending_deposit');
    const audit = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/admin/audit?entity=booking&entityId=${b.id}`,
        headers: { cookie: admin.cookie },
      })
    ).json<{ items: { action: string }[] }>();
    expect(audit.items.map((i) => i.action)).toEqual([
      'booking.cancellation_reject',
      'booking.cancellation_request',
      'booking.create',
    ]);
  });
});
