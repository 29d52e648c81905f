// Settings changes: the second-admin approval flow, stale versions and history.
import { defaultSettings } from '@teppan/core';
import { describe, expect, it } from 'vitest';
import {
  t,
  stationId,
  admin1,
  admin2,
  admin3,
  superAdmin,
  manager,
  adminOfOther,
  inForce,
  propose,
  decide,
  withAdultPrice,
  publicAdultPrice,
  auditActions,
  useTestApp,
} from './settings-admin.test-helper.ts';

useTestApp();

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
