import { type Settings } from '@teppan/core';
import { afterAll, beforeAll, expect } from 'vitest';
import { newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type NewStaff, type SignedIn } from '../staff/staff.test-helper.ts';

export let t: TestApp;
export let stationId: string;
export let otherStationId: string;
export type Member = NewStaff & { session: SignedIn };
export let admin1: Member;
export let admin2: Member;
export let admin3: Member;
export let superAdmin: Member;
export let manager: Member;
export let adminOfOther: Member;

export async function member(role: NewStaff['role'], stationIds: string[]): Promise<Member> {
  const staff = await newStaff(t.database.db, { role, stationIds });
  return { ...staff, session: await signIn(t.app, staff) };
}

export type SettingsInForce = {
  version: number;
  settings: Settings;
  approvalPaths: string[];
  pendingRequests: { id: string; status: string; requestedBy: { staffId: string } }[];
};

export async function inForce(who: Member = admin1, station = stationId): Promise<SettingsInForce> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/stations/${station}/settings`,
    headers: who.session.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SettingsInForce>();
}

export function propose(
  who: Member,
  body: { baseVersion: number; settings: unknown; note?: string; stationId?: string },
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/settings/changes',
    headers: who.session.headers,
    payload: { stationId, ...body },
  });
}

export function decide(
  who: Member,
  id: string,
  verb: 'approve' | 'reject' | 'withdraw',
  note?: string,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/settings/changes/${id}/${verb}`,
    headers: who.session.headers,
    payload: note ? { note } : {},
  });
}

export const withAdultPrice = (settings: Settings, cents: number): Settings => ({
  ...settings,
  pricing: { ...settings.pricing, adultCents: cents },
});

export async function publicAdultPrice(): Promise<{ version: number; adultCents: number }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/settings?stationId=${stationId}` });
  const body = res.json<{ version: number; pricing: { adultCents: number } }>();
  return { version: body.version, adultCents: body.pricing.adultCents };
}

export async function auditActions(entityId: string) {
  const rows = await t.database.db
    .selectFrom('audit.log')
    .select(['action', 'actor'])
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows;
}

/** Registers the app and database shared by every test file of this suite. */
export function useTestApp(): void {
  beforeAll(async () => {
    t = await createTestApp();
    ({ stationId } = await newStation(t.database.db, { code: 'CA-SET-A' }));
    ({ stationId: otherStationId } = await newStation(t.database.db, { code: 'CA-SET-B' }));
    admin1 = await member('admin', [stationId]);
    admin2 = await member('admin', [stationId]);
    admin3 = await member('admin', [stationId]);
    superAdmin = await member('super_admin', []);
    manager = await member('station_manager', [stationId]);
    adminOfOther = await member('admin', [otherStationId]);
  });
  afterAll(async () => t.close());
}
