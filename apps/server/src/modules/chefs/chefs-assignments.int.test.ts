// Assigning chefs to events, and what a chef sees.
import { describe, expect, it } from 'vitest';
import { dateAhead } from '../../test/factories.ts';
import {
  t,
  station,
  call,
  detail,
  book,
  auditActions,
  type BookingChefs,
  signInAsChef,
  useTestApp,
} from './chefs.test-helper.ts';

useTestApp();

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
    const chef = await signInAsChef(s.stationId, own);

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
