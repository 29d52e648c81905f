import { afterAll, beforeAll, expect } from 'vitest';
import { bookViaApi, dateAhead, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type NewStaff, type SignedIn } from '../staff/staff.test-helper.ts';

export let t: TestApp;
export let stationA: string;
export let stationB: string;
export let adminA: NewStaff;
export let asAdminA: SignedIn;
export let asSupportA: SignedIn;
export let asAdminB: SignedIn;
export let asSuper: SignedIn;
export let staffOfB: NewStaff;

export type Lead = {
  id: string;
  stationId: string;
  status: string;
  source: string;
  score: number;
  name: string | null;
  email: string | null;
  details: Record<string, unknown>;
  nextFollowUpAt: string | null;
  isOverdue: boolean;
  lostReason: string | null;
  owner: { id: string; name: string | null } | null;
  booking: { id: string; number: string | null } | null;
  holdId: string | null;
  version: number;
  hold: { id: string; status: string; link: string } | null;
  activity: {
    type: string;
    data: Record<string, unknown>;
    actor: string;
    actorName: string | null;
  }[];
};

export type ApiResult<T> = {
  status: number;
  body: T & { error?: { code: string; details?: { current?: Lead } } };
};

export async function call<T = Lead>(
  session: SignedIn,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
): Promise<ApiResult<T>> {
  const response = await t.app.inject({
    method,
    url,
    headers: session.headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json() };
}

/** `POST /api/v1/admin/leads/{id}/convert` as `session`. */
export function convert<T = { lead: Lead }>(
  session: SignedIn,
  leadId: string,
  body: Record<string, unknown>,
): Promise<ApiResult<T>> {
  return call<T>(session, 'POST', `/api/v1/admin/leads/${leadId}/convert`, body);
}

export let seq = 0;
export async function createLead(overrides: Record<string, unknown> = {}, session = asAdminA) {
  seq += 1;
  const created = await call(session, 'POST', '/api/v1/admin/leads', {
    stationId: stationA,
    source: 'phone',
    name: `Lead ${seq}`,
    email: `lead.${seq}@example.com`,
    phone: `(510) 555-${String(1000 + seq)}`,
    details: { guests: 14, zip: '95112', eventDate: dateAhead(40) },
    ...overrides,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

export const patch = (id: string, body: Record<string, unknown>, session = asAdminA) =>
  call(session, 'PATCH', `/api/v1/admin/leads/${id}`, body);

export let bookingSeq = 0;
export async function book(stationId: string, customer: Record<string, unknown>) {
  const n = bookingSeq;
  bookingSeq += 1;
  return bookViaApi(t.app, {
    stationId,
    daysAhead: 60 + Math.floor(n / 4),
    slot: ['12:00', '15:00', '18:00', '21:00'][n % 4],
    customer,
  });
}

/** Registers the app and database shared by every test file of this suite. */
export function useTestApp(): void {
  beforeAll(async () => {
    t = await createTestApp();
    stationA = (await newStation(t.database.db, { code: 'CA-LEADS-A' })).stationId;
    stationB = (await newStation(t.database.db, { code: 'CA-LEADS-B' })).stationId;
    adminA = await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] });
    asAdminA = await signIn(t.app, adminA);
    asSupportA = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationA] }),
    );
    staffOfB = await newStaff(t.database.db, { role: 'admin', stationIds: [stationB] });
    asAdminB = await signIn(t.app, staffOfB);
    asSuper = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'super_admin', stationIds: [] }),
    );
  });
  afterAll(async () => t.close());
}
