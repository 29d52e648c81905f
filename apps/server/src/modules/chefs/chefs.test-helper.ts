import { afterAll, beforeAll, expect } from 'vitest';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

export let t: TestApp;
export let stationSeq = 0;

export type Session = SignedIn;

export async function station(chefs: number) {
  stationSeq += 1;
  const made = await newStation(t.database.db, { code: `CA-CHEFS-${stationSeq}`, chefs });
  const manager = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'station_manager', stationIds: [made.stationId] }),
  );
  return { ...made, manager };
}

/** Signs in as a new chef staff member of the station, linked to the chef record `chefId`. */
export async function signInAsChef(stationId: string, chefId: string): Promise<Session> {
  const chefStaff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
  await t.database.db
    .updateTable('ops.chefs')
    .set({ staff_id: chefStaff.id })
    .where('id', '=', chefId)
    .execute();
  return signIn(t.app, chefStaff);
}

export function call(
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

export type ChefDetail = {
  chef: { id: string; version: number; name: string; maxGuests: number; hasHomeLocation: boolean };
  weekly: { weekday: number; slot: string }[];
  timeOff: { id: string; status: string; decisionNote: string | null }[];
  assignments: { bookingId: string; number: string; date: string; slot: string }[];
};

export async function detail(session: Session, chefId: string): Promise<ChefDetail> {
  const response = await call(session, 'GET', `/api/v1/admin/chefs/${chefId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ChefDetail>();
}

export async function book(stationId: string, daysAhead: number, slot = '18:00') {
  return bookViaApi(t.app, { stationId, daysAhead, slot });
}

export async function auditActions(entityId: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('audit.log')
    .select('action')
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

export const allWeek = (slots: string[]) =>
  [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) => slots.map((slot) => ({ weekday, slot })));

export async function capacityOf(stationId: string, date: string, slot: string): Promise<number> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/availability?stationId=${stationId}&from=${date}&to=${date}`,
  });
  const body = response.json<{ days: { slots: { slot: string; capacity: number }[] }[] }>();
  return body.days[0]?.slots.find((s) => s.slot === slot)?.capacity ?? -1;
}

export type BookingChefs = {
  assigned: { chefId: string; name: string }[];
  ranking: {
    ranked: { chefId: string; score: number; isRequested: boolean; factors: object }[];
    unavailable: { chefId: string; reasons: string[] }[];
  } | null;
};

/** Registers the app and database shared by every test file of this suite. */
export function useTestApp(): void {
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
}
