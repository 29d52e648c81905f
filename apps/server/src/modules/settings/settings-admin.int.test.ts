import { defaultSettings, type Settings } from '@teppan/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, dateAhead, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import { newStaff, signIn, type NewStaff, type SignedIn } from '../staff/staff.test-helper.ts';

let t: TestApp;
let stationId: string;
let otherStationId: string;
type Member = NewStaff & { session: SignedIn };
let admin1: Member;
let admin2: Member;
let admin3: Member;
let superAdmin: Member;
let manager: Member;
let adminOfOther: Member;

async function member(role: NewStaff['role'], stationIds: string[]): Promise<Member> {
  const staff = await newStaff(t.database.db, { role, stationIds });
  return { ...staff, session: await signIn(t.app, staff) };
}

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

type SettingsInForce = {
  version: number;
  settings: Settings;
  approvalPaths: string[];
  pendingRequests: { id: string; status: string; requestedBy: { staffId: string } }[];
};

async function inForce(who: Member = admin1, station = stationId): Promise<SettingsInForce> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/stations/${station}/settings`,
    headers: who.session.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SettingsInForce>();
}

function propose(
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

function decide(who: Member, id: string, verb: 'approve' | 'reject' | 'withdraw', note?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/settings/changes/${id}/${verb}`,
    headers: who.session.headers,
    payload: note ? { note } : {},
  });
}

const withAdultPrice = (settings: Settings, cents: number): Settings => ({
  ...settings,
  pricing: { ...settings.pricing, adultCents: cents },
});

async function publicAdultPrice(): Promise<{ version: number; adultCents: number }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/settings?stationId=${stationId}` });
  const body = res.json<{ version: number; pricing: { adultCents: number } }>();
  return { version: body.version, adultCents: body.pricing.adultCents };
}

async function auditActions(entityId: string) {
  const rows = await t.database.db
    .selectFrom('audit.log')
    .select(['action', 'actor'])
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows;
}

describe('settings with a second admin', () => {
  it('reads every setting in force, the approval paths and nothing of another station', async () => {
    const current = await inForce(manager);
    expect(current.version).toBe(1);
    expect(current.settings.chefAssignment).toEqual(defaultSettings.chefAssignment);
    expect(current.approvalPaths).toContain('pricing.depositCents');
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/stations/${stationId}/settings`,
      headers: adminOfOther.session.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json<{ error: { code: string } }>().error.code).toBe('STATION_NOT_FOUND');
  });

  it('a price change waits for another admin, then becomes the version in force', async () => {
    const before = await inForce();
    const proposed = await propose(admin1, {
      baseVersion: before.version,
      settings: withAdultPrice(before.settings, 6200),
      note: 'Food costs went up',
    });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const pending = proposed.json<{
      status: string;
      request: { id: string; changedPaths: string[]; changes: unknown[]; status: string };
    }>();
    expect(pending.status).toBe('pending');
    expect(pending.request.changedPaths).toEqual(['pricing.adultCents']);
    expect(pending.request.changes).toEqual([
      { path: 'pricing.adultCents', before: 5500, after: 6200 },
    ]);
    // Nothing changed yet, for staff or the public.
    expect((await inForce()).version).toBe(before.version);
    expect(await publicAdultPrice()).toMatchObject({ adultCents: 5500 });
    expect((await inForce()).pendingRequests.map((r) => r.id)).toContain(pending.request.id);

    const selfApproval = await decide(admin1, pending.request.id, 'approve');
    expect(selfApproval.statusCode).toBe(409);
    expect(selfApproval.json<{ error: { code: string } }>().error.code).toBe(
      'SETTINGS_SELF_APPROVAL',
    );
    const foreign = await decide(adminOfOther, pending.request.id, 'approve');
    expect(foreign.statusCode).toBe(404);

    const approved = await decide(admin2, pending.request.id, 'approve', 'Checked with owner');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      appliedVersion: before.version + 1,
      decidedBy: { staffId: admin2.id },
      requestedBy: { staffId: admin1.id },
    });
    const after = await inForce();
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.pricing.adultCents).toBe(6200);
    expect(after.pendingRequests).toEqual([]);
    expect(await publicAdultPrice()).toEqual({ version: before.version + 1, adultCents: 6200 });

    expect(await auditActions(pending.request.id)).toEqual([
      { action: 'settings.change.propose', actor: `staff:${admin1.id}` },
      { action: 'settings.change.approve', actor: `staff:${admin2.id}` },
    ]);
    const applied = await t.database.db
      .selectFrom('audit.log')
      .select(['actor', 'after'])
      .where('action', '=', 'settings.update')
      .where('entity_id', '=', stationId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(applied.actor).toBe(`staff:${admin2.id}`);
    expect(applied.after).toMatchObject({ changedPaths: ['pricing.adultCents'] });

    const again = await decide(admin3, pending.request.id, 'approve');
    expect(again.json<{ error: { code: string } }>().error.code).toBe(
      'SETTINGS_CHANGE_NOT_PENDING',
    );
  });

  it('a super admin changes a price at once; an admin changes operational settings at once', async () => {
    const start = await inForce();
    const bySuper = await propose(superAdmin, {
      baseVersion: start.version,
      settings: {
        ...start.settings,
        pricing: { ...start.settings.pricing, depositCents: 15000 },
      },
    });
    expect(bySuper.statusCode, bySuper.body).toBe(200);
    expect(bySuper.json()).toMatchObject({ status: 'applied', version: start.version + 1 });

    const mid = await inForce();
    const byAdmin = await propose(admin1, {
      baseVersion: mid.version,
      settings: { ...mid.settings, notice: { minHours: 72, maxDays: 300 } },
      note: 'Longer notice in peak season',
    });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json()).toMatchObject({ status: 'applied', version: mid.version + 1 });
    const now = await inForce();
    expect(now.settings.notice).toEqual({ minHours: 72, maxDays: 300 });
    expect(now.settings.pricing.depositCents).toBe(15000);

    const unchanged = await propose(admin1, { baseVersion: now.version, settings: now.settings });
    expect(unchanged.statusCode).toBe(422);
    expect(unchanged.json<{ error: { code: string } }>().error.code).toBe('SETTINGS_UNCHANGED');
  });

  it('refuses a stale base version, invalid settings, and another station named in the body', async () => {
    const current = await inForce();
    const stale = await propose(admin1, {
      baseVersion: current.version - 1,
      settings: { ...current.settings, requestedTimeWindowMinutes: 30 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      error: { code: 'SETTINGS_VERSION_CONFLICT', details: { currentVersion: current.version } },
    });

    const invalid = await propose(admin1, {
      baseVersion: current.version,
      settings: withAdultPrice(current.settings, -5),
    });
    expect(invalid.statusCode).toBe(400);
    const error = invalid.json<{
      error: { code: string; details: { issues: { path: string }[] } };
    }>().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.issues.map((i) => i.path)).toContain('body.settings.pricing.adultCents');

    const foreign = await propose(adminOfOther, {
      baseVersion: current.version,
      settings: { ...current.settings, requestedTimeWindowMinutes: 30 },
    });
    expect(foreign.statusCode).toBe(403);
    expect((await inForce()).version).toBe(current.version);
  });

  it('two approvals at the same moment apply the change once', async () => {
    const base = await inForce();
    const proposed = await propose(admin1, {
      baseVersion: base.version,
      settings: withAdultPrice(base.settings, 6500),
    });
    const { id } = proposed.json<{ request: { id: string } }>().request;
    const results = await Promise.all([
      decide(admin2, id, 'approve'),
      decide(admin3, id, 'approve'),
      decide(superAdmin, id, 'approve'),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409]);
    for (const loser of results.filter((r) => r.statusCode === 409))
      expect(loser.json<{ error: { code: string } }>().error.code).toBe(
        'SETTINGS_CHANGE_NOT_PENDING',
      );
    const versions = await t.database.db
      .selectFrom('core.settings_versions')
      .select('version')
      .where('station_id', '=', stationId)
      .where('version', '>', base.version)
      .execute();
    expect(versions).toEqual([{ version: base.version + 1 }]);
  });

  it('a request overtaken by a newer version goes stale instead of undoing it', async () => {
    const base = await inForce();
    const first = await propose(admin1, {
      baseVersion: base.version,
      settings: withAdultPrice(base.settings, 7000),
    });
    const { id } = first.json<{ request: { id: string } }>().request;
    // Another admin changes something else meanwhile.
    const other = await propose(admin2, {
      baseVersion: base.version,
      settings: { ...base.settings, largePartyHandoffGuests: 40 },
    });
    expect(other.statusCode).toBe(200);
    const approve = await decide(admin3, id, 'approve');
    expect(approve.statusCode).toBe(409);
    expect(approve.json()).toMatchObject({
      error: { code: 'SETTINGS_CHANGE_NOT_PENDING', details: { status: 'stale' } },
    });

    // A request whose base was overtaken without the sweep (made on an old version).
    const lagging = await t.database.db
      .insertInto('core.settings_change_requests')
      .values({
        station_id: stationId,
        base_version: base.version,
        settings: JSON.stringify(withAdultPrice(base.settings, 7100)),
        changed_paths: ['pricing.adultCents'],
        requested_by: `staff:${admin1.id}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const late = await decide(admin2, lagging.id, 'approve');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({
      error: { code: 'SETTINGS_CHANGE_STALE', details: { currentVersion: base.version + 1 } },
    });
    const row = await t.database.db
      .selectFrom('core.settings_change_requests')
      .select('status')
      .where('id', '=', lagging.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('stale');
    const now = await inForce();
    expect(now.settings.pricing.adultCents).toBe(base.settings.pricing.adultCents);
    expect(now.settings.largePartyHandoffGuests).toBe(40);
  });

  it('the proposer withdraws; another admin rejects; neither may do the other', async () => {
    const base = await inForce();
    const make = async () =>
      (
        await propose(admin1, {
          baseVersion: base.version,
          settings: withAdultPrice(base.settings, 9900),
        })
      ).json<{ request: { id: string } }>().request.id;

    const toWithdraw = await make();
    const notMine = await decide(admin2, toWithdraw, 'withdraw');
    expect(notMine.json<{ error: { code: string } }>().error.code).toBe('SETTINGS_NOT_PROPOSER');
    const withdrawn = await decide(admin1, toWithdraw, 'withdraw');
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });

    const toReject = await make();
    const selfReject = await decide(admin1, toReject, 'reject');
    expect(selfReject.json<{ error: { code: string } }>().error.code).toBe(
      'SETTINGS_SELF_APPROVAL',
    );
    const rejected = await decide(admin2, toReject, 'reject', 'Too steep');
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: 'Too steep' });
    expect((await inForce()).version).toBe(base.version);
    expect(await auditActions(toReject)).toEqual([
      { action: 'settings.change.propose', actor: `staff:${admin1.id}` },
      { action: 'settings.change.reject', actor: `staff:${admin2.id}` },
    ]);
  });

  it('history lists versions newest first with who and what changed, page by page', async () => {
    const current = await inForce();
    type HistoryPage = {
      items: {
        version: number;
        note: string | null;
        isInitial: boolean;
        changedBy: { staffId: string | null; name: string | null };
        changes: { path: string; before: unknown; after: unknown }[];
        approval: { approvedBy: { staffId: string } } | null;
      }[];
      nextCursor: string | null;
    };
    const first = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/stations/${stationId}/settings/history?limit=2`,
      headers: manager.session.headers,
    });
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json<HistoryPage>();
    expect(page1.items.map((i) => i.version)).toEqual([current.version, current.version - 1]);
    expect(page1.items[0]?.changes).toEqual([
      { path: 'largePartyHandoffGuests', before: 50, after: 40 },
    ]);
    expect(page1.items[0]?.changedBy.staffId).toBe(admin2.id);
    expect(page1.items[0]?.changedBy.name).toMatch(/^Staff /);

    // Walk to the end: every version once, v2 approved by admin2, v1 the initial one.
    const all = [...page1.items];
    let cursor = page1.nextCursor;
    while (cursor) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/admin/stations/${stationId}/settings/history?limit=2&cursor=${cursor}`,
        headers: manager.session.headers,
      });
      const page = res.json<HistoryPage>();
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(all.map((i) => i.version)).toEqual(
      Array.from({ length: current.version }, (_, i) => current.version - i),
    );
    const v2 = all.find((i) => i.version === 2);
    expect(v2?.changes).toEqual([{ path: 'pricing.adultCents', before: 5500, after: 6200 }]);
    expect(v2?.note).toBe('Food costs went up');
    expect(v2?.approval?.approvedBy.staffId).toBe(admin2.id);
    expect(all.at(-1)).toMatchObject({ version: 1, isInitial: true, changes: [] });
  });
});

describe('stations', () => {
  type StationView = { id: string; code: string; name: string; version: number; zip: string };

  it('creates a station with default settings, visible to its creator, and edits it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations',
      headers: admin1.session.headers,
      payload: {
        code: 'CA-SAC-001',
        name: 'Sacramento',
        timeZone: 'America/Los_Angeles',
        address: '1 Capitol Mall, Sacramento, CA',
        zip: '95814',
        lat: 38.5767,
        lng: -121.4934,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const station = created.json<StationView>();
    expect(station).toMatchObject({ code: 'CA-SAC-001', version: 1 });
    const settings = await inForce(admin1, station.id);
    expect(settings.version).toBe(1);
    expect(settings.settings).toEqual(defaultSettings);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/stations',
      headers: admin1.session.headers,
    });
    expect(list.json<{ items: StationView[] }>().items.map((s) => s.code)).toEqual([
      'CA-SAC-001',
      'CA-SET-A',
    ]);

    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations',
      headers: superAdmin.session.headers,
      payload: {
        code: 'CA-SAC-001',
        name: 'Again',
        timeZone: 'America/Los_Angeles',
        address: 'x',
        zip: '95814',
        lat: 38,
        lng: -121,
      },
    });
    expect(duplicate.json<{ error: { code: string } }>().error.code).toBe('STATION_CODE_TAKEN');
    const badZone = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations',
      headers: superAdmin.session.headers,
      payload: {
        code: 'CA-MARS-001',
        name: 'Mars',
        timeZone: 'Mars/Olympus',
        address: 'x',
        zip: '95814',
        lat: 38,
        lng: -121,
      },
    });
    expect(badZone.statusCode).toBe(400);

    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/stations/${station.id}`,
      headers: admin1.session.headers,
      payload: { version: 1, name: 'Sacramento Midtown', zip: '95816' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Sacramento Midtown', zip: '95816', version: 2 });
    const conflict = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/stations/${station.id}`,
      headers: admin1.session.headers,
      payload: { version: 1, name: 'Lost edit' },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      error: { code: 'STATION_VERSION_CONFLICT', details: { current: { version: 2 } } },
    });
    const foreign = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/stations/${station.id}`,
      headers: adminOfOther.session.headers,
      payload: { version: 2, name: 'Not yours' },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await auditActions(station.id)).map((a) => a.action)).toEqual([
      'station.create',
      'station.update',
    ]);
  });
});

describe('blackout dates and caps', () => {
  type Day = { date: string; slots: { slot: string; capacity: number; reason?: string }[] };
  async function availability(date: string): Promise<Day> {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/availability?stationId=${otherStationId}&from=${date}&to=${date}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const day = res.json<{ days: Day[] }>().days[0];
    if (!day) throw new Error('no day');
    return day;
  }
  function putOverride(body: Record<string, unknown>, who: Member = adminOfOther) {
    return t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides`,
      headers: who.session.headers,
      payload: body,
    });
  }

  it('a blackout closes the date in availability and deleting it reopens it', async () => {
    const date = dateAhead(40);
    const put = await putOverride({ date, kind: 'blackout', reason: 'Owner wedding' });
    expect(put.statusCode, put.body).toBe(200);
    const { override } = put.json<{ override: { id: string; kind: string } }>();
    expect(override.kind).toBe('blackout');
    const closed = await availability(date);
    expect(closed.slots.every((s) => s.capacity === 0)).toBe(true);
    expect(closed.slots[0]?.reason).toBe('Owner wedding');

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides`,
      headers: adminOfOther.session.headers,
    });
    expect(listed.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([
      override.id,
    ]);
    // Another station's admin cannot see or remove it.
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides/${override.id}`,
      headers: admin1.session.headers,
    });
    expect(foreign.statusCode).toBe(404);

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides/${override.id}`,
      headers: adminOfOther.session.headers,
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await availability(date)).slots.every((s) => s.capacity === 2)).toBe(true);
    expect((await auditActions(override.id)).map((a) => a.action)).toEqual([
      'date_override.create',
      'date_override.delete',
    ]);
  });

  it('refuses to cap a slot below its bookings unless staff acknowledge them', async () => {
    const days = 45;
    const date = dateAhead(days);
    const booked = [
      await bookViaApi(t.app, { stationId: otherStationId, daysAhead: days, slot: '18:00' }),
      await bookViaApi(t.app, { stationId: otherStationId, daysAhead: days, slot: '18:00' }),
    ];
    // A cap that still fits everyone is fine.
    const fits = await putOverride({ date, slot: '12:00', kind: 'cap', maxCapacity: 1 });
    expect(fits.statusCode, fits.body).toBe(200);

    const refused = await putOverride({ date, kind: 'cap', maxCapacity: 1, reason: 'One chef' });
    expect(refused.statusCode).toBe(409);
    const error = refused.json<{
      error: {
        code: string;
        details: {
          slots: {
            slot: string;
            taken: number;
            capacityAfter: number;
            bookings: { id: string }[];
          }[];
        };
      };
    }>().error;
    expect(error.code).toBe('DATE_OVERRIDE_OVERBOOKED');
    expect(error.details.slots).toHaveLength(1);
    expect(error.details.slots[0]).toMatchObject({ slot: '18:00', taken: 2, capacityAfter: 1 });
    expect(error.details.slots[0]?.bookings.map((b) => b.id).sort()).toEqual(
      booked.map((b) => b.id).sort(),
    );
    // Nothing was written: the evening still shows two places.
    expect((await availability(date)).slots.find((s) => s.slot === '18:00')?.capacity).toBe(2);

    const acknowledged = await putOverride({
      date,
      kind: 'cap',
      maxCapacity: 1,
      reason: 'One chef',
      acknowledgeOverbooked: true,
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    const { override, overbooked } = acknowledged.json<{
      override: { id: string };
      overbooked: { slot: string }[];
    }>();
    expect(overbooked.map((s) => s.slot)).toEqual(['18:00']);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['action', 'after'])
      .where('entity_id', '=', override.id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('date_override.create');
    expect(JSON.stringify(audit.after)).toContain(booked[0]?.id);
    const capped = await availability(date);
    expect(capped.slots.map((s) => s.capacity)).toEqual([1, 1, 1, 1]);

    // A hold now finds the slot full: the cap is what the hold path reads.
    const quote = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: {
        adults: 10,
        children: 0,
        toddlers: 0,
        proteins: { chicken: 10, ny_strip: 10 },
        venue: { zip: '95112' },
        stationId: otherStationId,
      },
    });
    const hold = await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.json<{ id: string }>().id,
        date,
        slot: '15:00',
        customer: { name: 'Late Guest', email: 'late.guest@example.com', phone: '5105550199' },
      },
    });
    expect(hold.statusCode, hold.body).toBe(201);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.json<{ id: string }>().id,
        date,
        slot: '15:00',
        customer: { name: 'Later Guest', email: 'later.guest@example.com', phone: '5105550198' },
      },
    });
    expect(second.statusCode).toBe(409);
  });

  it('waits for the slot lock the hold path holds before it counts and writes', async () => {
    const date = dateAhead(55);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let isLocked: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => {
      isLocked = resolve;
    });
    // A stand-in for a hold in flight: it holds the 21:00 row lock until released.
    const holder = t.database.db.transaction().execute(async (trx) => {
      await new BookingsRepository(trx).lockSlot({
        stationId: otherStationId,
        date,
        slot: '21:00',
      });
      isLocked();
      await released;
    });
    await locked;
    let isDone = false;
    const write = putOverride({ date, kind: 'blackout' }).then((res) => {
      isDone = true;
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(isDone).toBe(false);
    release();
    await holder;
    expect((await write).statusCode).toBe(200);
  });

  it('refuses past dates and caps without a number; a station manager only reads', async () => {
    const past = await putOverride({ date: dateAhead(-2), kind: 'blackout' });
    expect(past.json<{ error: { code: string } }>().error.code).toBe('DATE_OVERRIDE_IN_PAST');
    const noNumber = await putOverride({ date: dateAhead(50), kind: 'cap' });
    expect(noNumber.statusCode).toBe(400);
    const managerOfA = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/stations/${stationId}/date-overrides`,
      headers: manager.session.headers,
      payload: { date: dateAhead(50), kind: 'blackout' },
    });
    expect(managerOfA.statusCode).toBe(403);
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/stations/${stationId}/date-overrides`,
      headers: manager.session.headers,
    });
    expect(read.statusCode).toBe(200);
  });
});
