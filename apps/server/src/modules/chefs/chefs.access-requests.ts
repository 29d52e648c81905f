import { slotTimes } from '@teppan/core';
import type { AccessContext, AccessRequests } from '../../test/admin-access-context.ts';
import { dateAhead } from '../../test/factories.ts';
import type { chefAdminAccess } from './chefs.routes.ts';

let chefSeq = 0;

/** A fresh chef of station A who works every slot, so a mutation never meets another's. */
async function freshChef(context: AccessContext): Promise<{ id: string; version: number }> {
  chefSeq += 1;
  const { db } = context.t.database;
  const chef = await db
    .insertInto('ops.chefs')
    .values({ station_id: context.stationA, name: `Access Chef ${chefSeq}` })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('ops.chef_weekly_availability')
    .values(
      [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) =>
        slotTimes.map((slot) => ({ chef_id: chef.id, weekday, slot })),
      ),
    )
    .execute();
  return chef;
}

/** A pending time-off request far beyond the capacity window and any test booking. */
async function pendingTimeOff(context: AccessContext): Promise<string> {
  const chef = await freshChef(context);
  const row = await context.t.database.db
    .insertInto('ops.chef_time_off')
    .values({
      chef_id: chef.id,
      from_date: dateAhead(300),
      to_date: dateAhead(302),
      reason: 'Access test',
      requested_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const chefAdminRequests: AccessRequests<keyof typeof chefAdminAccess> = {
  'GET /api/v1/admin/chefs': () => ({ url: '/api/v1/admin/chefs' }),
  'POST /api/v1/admin/chefs': (c) => ({
    url: '/api/v1/admin/chefs',
    payload: {
      stationId: c.stationA,
      name: 'New Chef',
      homeZip: '94538',
      maxGuests: 25,
      weekly: [{ weekday: 6, slot: '18:00' }],
    },
  }),
  'GET /api/v1/admin/chefs/:id': (c) => ({ url: `/api/v1/admin/chefs/${c.chefA}` }),
  'PATCH /api/v1/admin/chefs/:id': async (c) => {
    const chef = await freshChef(c);
    return {
      url: `/api/v1/admin/chefs/${chef.id}`,
      payload: { rating: 4.7, maxGuests: 40, version: chef.version },
    };
  },
  'PUT /api/v1/admin/chefs/:id/availability': async (c) => {
    const chef = await freshChef(c);
    return {
      url: `/api/v1/admin/chefs/${chef.id}/availability`,
      payload: {
        weekly: [
          { weekday: 5, slot: '18:00' },
          { weekday: 6, slot: '21:00' },
        ],
        version: chef.version,
      },
    };
  },
  'POST /api/v1/admin/chefs/:id/time-off': async (c) => ({
    url: `/api/v1/admin/chefs/${(await freshChef(c)).id}/time-off`,
    payload: { fromDate: dateAhead(200), toDate: dateAhead(203), reason: 'Family visit' },
  }),
  'GET /api/v1/admin/time-off': () => ({ url: '/api/v1/admin/time-off' }),
  'POST /api/v1/admin/time-off/:id/approve': async (c) => ({
    url: `/api/v1/admin/time-off/${await pendingTimeOff(c)}/approve`,
    payload: { note: 'Enjoy' },
  }),
  'POST /api/v1/admin/time-off/:id/reject': async (c) => ({
    url: `/api/v1/admin/time-off/${await pendingTimeOff(c)}/reject`,
    payload: { note: 'Busy season' },
  }),
  'GET /api/v1/admin/bookings/:id/chefs': (c) => ({
    url: `/api/v1/admin/bookings/${c.sharedBooking.id}/chefs`,
  }),
  // Each booking has its own date and slot, and chef A works every slot: never a clash.
  'PUT /api/v1/admin/bookings/:id/chefs': async (c) => ({
    url: `/api/v1/admin/bookings/${(await c.newBooking()).id}/chefs`,
    payload: { chefIds: [c.chefA] },
  }),
};
