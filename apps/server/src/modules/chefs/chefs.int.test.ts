import { weekdayOf } from '@teppan/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, dateAhead, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

let t: TestApp;
let stationSeq = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Session = SignedIn;

async function station(chefs: number) {
  stationSeq += 1;
  const made = await newStation(t.database.db, { code: `CA-CHEFS-${stationSeq}`, chefs });
  const manager = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'station_manager', stationIds: [made.stationId] }),
  );
  return { ...made, manager };
}

function call(
  session: Session,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: unknown,
) {
  return t.app.inject({
    method,
    url,
    headers: session.headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

type ChefDetail = {
  chef: { id: string; version: number; name: string; maxGuests: number; hasHomeLocation: boolean };
  weekly: { weekday: number; slot: string }[];
  timeOff: { id: string; status: string; decisionNote: string | null }[];
  assignments: { bookingId: string; number: string; date: string; slot: string }[];
};

async function detail(session: Session, chefId: string): Promise<ChefDetail> {
  const response = await call(session, 'GET', `/api/v1/admin/chefs/${chefId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ChefDetail>();
}

async function book(stationId: string, daysAhead: number, slot = '18:00') {
  return bookViaApi(t.app, { stationId, daysAhead, slot });
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('audit.log')
    .select('action')
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

const allWeek = (slots: string[]) =>
  [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) => slots.map((slot) => ({ weekday, slot })));

async function capacityOf(stationId: string, date: string, slot: string): Promise<number> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/availability?stationId=${stationId}&from=${date}&to=${date}`,
  });
  const body = response.json<{ days: { slots: { slot: string; capacity: number }[] }[] }>();
  return body.days[0]?.slots.find((s) => s.slot === slot)?.capacity ?? -1;
}

describe('chef records and weekly availability', () => {
  it('creates a chef with a home ZIP and grid, edits it, and refuses a stale version', async () => {
    const s = await station(1);
    const created = await call(s.manager, 'POST', '/api/v1/admin/chefs', {
      stationId: s.stationId,
      name: 'Aiko Mori',
      homeZip: '95112',
      maxGuests: 24,
      weekly: [{ weekday: 6, slot: '18:00' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const chef = created.json<ChefDetail>();
    expect(chef.chef).toMatchObject({ name: 'Aiko Mori', maxGuests: 24, hasHomeLocation: true });
    expect(chef.weekly).toEqual([{ weekday: 6, slot: '18:00' }]);

    const edited = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chef.chef.id}`, {
      maxGuests: 40,
      version: chef.chef.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<ChefDetail>().chef).toMatchObject({ maxGuests: 40, version: 2 });

    const stale = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chef.chef.id}`, {
      maxGuests: 10,
      version: chef.chef.version,
    });
    expect(stale.statusCode).toBe(409);
    const body = stale.json<{
      error: { code: string; details: { current: { maxGuests: number } } };
    }>();
    expect(body.error.code).toBe('CHEF_VERSION_CONFLICT');
    expect(body.error.details.current.maxGuests).toBe(40);

    const badZip = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chef.chef.id}`, {
      homeZip: '00000',
      version: 2,
    });
    expect(badZip.json<{ error: { code: string } }>().error.code).toBe('ZIP_NOT_FOUND');
    expect(await auditActions(chef.chef.id)).toEqual(['chef.create', 'chef.update']);
  });

  it('replaces the weekly grid, and the near-term capacity follows it', async () => {
    const s = await station(1);
    const chefId = s.chefIds[0] as string;
    const date = dateAhead(4);
    expect(await capacityOf(s.stationId, date, '12:00')).toBe(1);
    const before = await detail(s.manager, chefId);
    const keep = allWeek(['18:00', '21:00']);
    const response = await call(s.manager, 'PUT', `/api/v1/admin/chefs/${chefId}/availability`, {
      weekly: keep,
      version: before.chef.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json<ChefDetail>();
    expect(after.weekly).toHaveLength(keep.length);
    expect(after.chef.version).toBe(before.chef.version + 1);
    expect(await capacityOf(s.stationId, date, '12:00')).toBe(0);
    expect(await capacityOf(s.stationId, date, '18:00')).toBe(1);
    expect(await auditActions(chefId)).toEqual(['chef.availability.replace']);
  });

  it('refuses to remove a slot that a booking within 14 days needs, listing the booking', async () => {
    const s = await station(1);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 5, '18:00');
    const bookedWeekday = weekdayOf(dateAhead(5));
    const current = await detail(s.manager, chefId);
    const response = await call(s.manager, 'PUT', `/api/v1/admin/chefs/${chefId}/availability`, {
      weekly: current.weekly.filter((c) => !(c.weekday === bookedWeekday && c.slot === '18:00')),
      version: current.chef.version,
    });
    expect(response.statusCode, response.body).toBe(409);
    const error = response.json<{
      error: { code: string; message: string; details: { slots: { bookings: string[] }[] } };
    }>().error;
    expect(error.code).toBe('CHEF_SCHEDULE_CONFLICT');
    expect(error.details.slots[0]?.bookings).toEqual([booked.number]);
    expect(error.message).toContain('1 booked, 0 chefs left');
    // Nothing was written: same grid, same version, no audit entry.
    const unchanged = await detail(s.manager, chefId);
    expect(unchanged.weekly).toHaveLength(current.weekly.length);
    expect(unchanged.chef.version).toBe(current.chef.version);
    expect(await auditActions(chefId)).toEqual([]);
  });

  it('refuses to remove a slot the chef is assigned to beyond the window', async () => {
    const s = await station(2);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 30, '21:00');
    const assign = await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [chefId],
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const current = await detail(s.manager, chefId);
    const response = await call(s.manager, 'PUT', `/api/v1/admin/chefs/${chefId}/availability`, {
      weekly: current.weekly.filter((c) => c.slot !== '21:00'),
      version: current.chef.version,
    });
    expect(response.statusCode).toBe(409);
    const error = response.json<{
      error: { code: string; details: { assignments: { number: string }[] } };
    }>().error;
    expect(error.code).toBe('CHEF_SCHEDULE_CONFLICT');
    expect(error.details.assignments.map((a) => a.number)).toEqual([booked.number]);
    // Deactivating the chef is refused for the same reason.
    const deactivate = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chefId}`, {
      isActive: false,
      version: current.chef.version,
    });
    expect(deactivate.json<{ error: { code: string } }>().error.code).toBe(
      'CHEF_SCHEDULE_CONFLICT',
    );
  });
});

describe('time off', () => {
  it('a chef requests their own time off, not another chef’s; a manager approves it', async () => {
    const s = await station(2);
    const [own, other] = s.chefIds as [string, string];
    const chefStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [s.stationId] });
    await t.database.db
      .updateTable('ops.chefs')
      .set({ staff_id: chefStaff.id })
      .where('id', '=', own)
      .execute();
    const chef = await signIn(t.app, chefStaff);

    const forOther = await call(chef, 'POST', `/api/v1/admin/chefs/${other}/time-off`, {
      fromDate: dateAhead(40),
      toDate: dateAhead(41),
    });
    expect(forOther.statusCode).toBe(404);
    expect(forOther.json<{ error: { code: string } }>().error.code).toBe('CHEF_NOT_FOUND');

    const past = await call(chef, 'POST', `/api/v1/admin/chefs/${own}/time-off`, {
      fromDate: dateAhead(-2),
      toDate: dateAhead(1),
    });
    expect(past.json<{ error: { code: string } }>().error.code).toBe('TIME_OFF_IN_PAST');

    const requested = await call(chef, 'POST', `/api/v1/admin/chefs/${own}/time-off`, {
      fromDate: dateAhead(3),
      toDate: dateAhead(4),
      reason: 'Wedding',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const { id } = requested.json<{ id: string; status: string }>();

    // Pending requests do not lower capacity.
    expect(await capacityOf(s.stationId, dateAhead(3), '18:00')).toBe(2);
    const pending = await call(s.manager, 'GET', '/api/v1/admin/time-off');
    expect(pending.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([id]);
    // The chef may not decide; the manager does.
    expect((await call(chef, 'POST', `/api/v1/admin/time-off/${id}/approve`, {})).statusCode).toBe(
      403,
    );
    const approved = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {
      note: 'Congratulations',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decisionNote: 'Congratulations' });
    expect(await capacityOf(s.stationId, dateAhead(3), '18:00')).toBe(1);
    expect(await auditActions(id)).toEqual(['timeOff.request', 'timeOff.approve']);

    const again = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/reject`, {});
    expect(again.json<{ error: { code: string } }>().error.code).toBe('TIME_OFF_ALREADY_DECIDED');
  });

  it('refuses approval that would leave a booked slot short, and rejects with a note', async () => {
    const s = await station(1);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 6, '15:00');
    const requested = await call(s.manager, 'POST', `/api/v1/admin/chefs/${chefId}/time-off`, {
      fromDate: dateAhead(5),
      toDate: dateAhead(7),
    });
    const { id } = requested.json<{ id: string }>();
    const refused = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {});
    expect(refused.statusCode).toBe(409);
    const error = refused.json<{
      error: {
        code: string;
        details: { slots: { date: string; slot: string; bookings: string[] }[] };
      };
    }>().error;
    expect(error.code).toBe('CHEF_SCHEDULE_CONFLICT');
    expect(error.details.slots).toEqual([
      expect.objectContaining({ date: dateAhead(6), slot: '15:00', bookings: [booked.number] }),
    ]);
    // Still pending, capacity untouched.
    expect((await detail(s.manager, chefId)).timeOff.map((x) => x.status)).toEqual(['requested']);
    expect(await capacityOf(s.stationId, dateAhead(6), '15:00')).toBe(1);

    const rejected = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/reject`, {
      note: 'We need you that weekend',
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      decisionNote: 'We need you that weekend',
    });
  });

  it('of two approvals racing for the last spare chef of a booked slot, one is refused', async () => {
    const s = await station(2);
    for (const days of [3, 4, 5, 6, 7]) {
      await book(s.stationId, days, '18:00');
      const ids: string[] = [];
      for (const chefId of s.chefIds) {
        const requested = await call(s.manager, 'POST', `/api/v1/admin/chefs/${chefId}/time-off`, {
          fromDate: dateAhead(days),
          toDate: dateAhead(days),
        });
        ids.push(requested.json<{ id: string }>().id);
      }
      const results = await Promise.all(
        ids.map((id) => call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {})),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(await capacityOf(s.stationId, dateAhead(days), '18:00')).toBe(1);
    }
  });

  it('refuses approval while the chef is assigned to an event in the range', async () => {
    const s = await station(2);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 50, '12:00');
    await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [chefId],
    });
    const requested = await call(s.manager, 'POST', `/api/v1/admin/chefs/${chefId}/time-off`, {
      fromDate: dateAhead(49),
      toDate: dateAhead(52),
    });
    const { id } = requested.json<{ id: string }>();
    const refused = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {});
    expect(refused.statusCode).toBe(409);
    expect(
      refused.json<{ error: { details: { assignments: { number: string }[] } } }>().error.details
        .assignments,
    ).toEqual([expect.objectContaining({ number: booked.number })]);
  });
});

type BookingChefs = {
  assigned: { chefId: string; name: string }[];
  ranking: {
    ranked: { chefId: string; score: number; isRequested: boolean; factors: object }[];
    unavailable: { chefId: string; reasons: string[] }[];
  } | null;
};

describe('assigning chefs to events', () => {
  it('ranks suggestions, puts the requested chef first, and records the assignment', async () => {
    const s = await station(3);
    const [a, b, c] = s.chefIds as [string, string, string];
    const { db } = t.database;
    // a lives at the venue (San Jose), b far away; c is away on the event's date.
    await db
      .updateTable('ops.chefs')
      .set({ home_zip: '95112', home_lat: 37.3476, home_lng: -121.887 })
      .where('id', '=', a)
      .execute();
    await db
      .updateTable('ops.chefs')
      .set({ home_zip: '95814', home_lat: 38.5804, home_lng: -121.4922 })
      .where('id', '=', b)
      .execute();
    await db
      .insertInto('ops.chef_time_off')
      .values({ chef_id: c, from_date: dateAhead(25), to_date: dateAhead(25), status: 'approved' })
      .execute();
    const booked = await book(s.stationId, 25, '18:00');

    const first = await call(s.manager, 'GET', `/api/v1/admin/bookings/${booked.id}/chefs`);
    expect(first.statusCode, first.body).toBe(200);
    const ranking = first.json<BookingChefs>().ranking;
    expect(ranking?.ranked.map((r) => r.chefId)).toEqual([a, b]);
    expect(ranking?.unavailable).toEqual([
      expect.objectContaining({ chefId: c, reasons: ['time_off'] }),
    ]);

    await db
      .updateTable('core.bookings')
      .set({ requested_chef_id: b })
      .where('id', '=', booked.id)
      .execute();
    const requested = (
      await call(s.manager, 'GET', `/api/v1/admin/bookings/${booked.id}/chefs`)
    ).json<BookingChefs>();
    expect(requested.ranking?.ranked[0]).toMatchObject({ chefId: b, isRequested: true });

    const unavailable = await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [c],
    });
    expect(unavailable.statusCode).toBe(409);
    expect(unavailable.json<{ error: { code: string } }>().error.code).toBe('CHEF_UNAVAILABLE');

    const assigned = await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [b],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json<BookingChefs>().assigned.map((x) => x.chefId)).toEqual([b]);
    const events = await db
      .selectFrom('core.booking_events')
      .select(['type', 'data'])
      .where('booking_id', '=', booked.id)
      .where('type', '=', 'chefs_assigned')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ added: [{ id: b }], removed: [] });
    expect(await auditActions(booked.id)).toContain('booking.chefs.assign');
    expect((await detail(s.manager, b)).assignments.map((x) => x.number)).toEqual([booked.number]);

    // Unassigning is a change too.
    const cleared = await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [],
    });
    expect(cleared.json<BookingChefs>().assigned).toEqual([]);
  });

  it('never double-books a chef, even when two requests race', async () => {
    const s = await station(2);
    const chefId = s.chefIds[0] as string;
    for (const [i, slot] of (['12:00', '15:00', '21:00'] as const).entries()) {
      const one = await book(s.stationId, 20 + i, slot);
      const two = await book(s.stationId, 20 + i, slot);
      const results = await Promise.all(
        [one, two].map((booking) =>
          call(s.manager, 'PUT', `/api/v1/admin/bookings/${booking.id}/chefs`, {
            chefIds: [chefId],
          }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.statusCode === 409);
      expect(loser?.json<{ error: { code: string } }>().error.code).toBe('CHEF_DOUBLE_BOOKED');
      const rows = await t.database.db
        .selectFrom('ops.booking_chefs')
        .select('booking_id')
        .where('chef_id', '=', chefId)
        .where('booking_id', 'in', [one.id, two.id])
        .execute();
      expect(rows).toHaveLength(1);
    }
  });

  it('an assignment racing a time-off approval for that date: exactly one wins', async () => {
    const s = await station(2);
    const chefId = s.chefIds[0] as string;
    for (const days of [40, 41, 42]) {
      const booked = await book(s.stationId, days, '18:00');
      const requested = await call(s.manager, 'POST', `/api/v1/admin/chefs/${chefId}/time-off`, {
        fromDate: dateAhead(days),
        toDate: dateAhead(days),
      });
      const { id } = requested.json<{ id: string }>();
      const [assign, approve] = await Promise.all([
        call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, { chefIds: [chefId] }),
        call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {}),
      ]);
      expect([assign.statusCode, approve.statusCode].sort()).toEqual([200, 409]);
      const codes = [assign, approve]
        .filter((r) => r.statusCode === 409)
        .map((r) => r.json<{ error: { code: string } }>().error.code);
      expect(codes[0]).toMatch(/^(CHEF_UNAVAILABLE|CHEF_SCHEDULE_CONFLICT)$/);
    }
  });

  it('refuses chefs of another station and cancelled events', async () => {
    const s = await station(1);
    const other = await station(1);
    const booked = await book(s.stationId, 22, '18:00');
    const foreign = await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [other.chefIds[0]],
    });
    expect(foreign.json<{ error: { code: string } }>().error.code).toBe('CHEF_NOT_FOUND');
    await t.database.db
      .updateTable('core.bookings')
      .set({ status: 'cancelled' })
      .where('id', '=', booked.id)
      .execute();
    const closed = await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [s.chefIds[0]],
    });
    expect(closed.json<{ error: { code: string } }>().error.code).toBe('CHEF_ASSIGNMENT_CLOSED');
    // Another station's manager: the booking does not exist for them.
    const outsider = await call(other.manager, 'GET', `/api/v1/admin/bookings/${booked.id}/chefs`);
    expect(outsider.statusCode).toBe(404);
  });
});

describe('what a chef sees', () => {
  it('only their own chef record, who is assigned, and no ranking', async () => {
    const s = await station(2);
    const [own, other] = s.chefIds as [string, string];
    const chefStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [s.stationId] });
    await t.database.db
      .updateTable('ops.chefs')
      .set({ staff_id: chefStaff.id })
      .where('id', '=', own)
      .execute();
    const chef = await signIn(t.app, chefStaff);

    const list = await call(chef, 'GET', '/api/v1/admin/chefs');
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([own]);
    const managerList = await call(s.manager, 'GET', '/api/v1/admin/chefs');
    expect(managerList.json<{ items: { id: string }[] }>().items).toHaveLength(2);
    expect((await call(chef, 'GET', `/api/v1/admin/chefs/${other}`)).statusCode).toBe(404);
    const mine = await detail(chef, own);
    expect(JSON.stringify(mine)).not.toMatch(/cents/i);

    const booked = await book(s.stationId, 24, '18:00');
    await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, { chefIds: [own] });
    const seen = await call(chef, 'GET', `/api/v1/admin/bookings/${booked.id}/chefs`);
    expect(seen.statusCode).toBe(200);
    const body = seen.json<BookingChefs>();
    expect(body.assigned.map((a) => a.chefId)).toEqual([own]);
    expect(body).not.toHaveProperty('ranking');
    const put = await call(chef, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [],
    });
    expect(put.statusCode).toBe(403);
    expect((await detail(chef, own)).assignments.map((a) => a.number)).toEqual([booked.number]);
  });
});
