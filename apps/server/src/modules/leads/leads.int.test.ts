// Leads: creating them, pipeline transitions and the pipeline list.
import { describe, expect, it } from 'vitest';
import {
  t,
  stationA,
  stationB,
  adminA,
  asAdminA,
  asSupportA,
  asAdminB,
  asSuper,
  staffOfB,
  type Lead,
  type ApiResult,
  call,
  createLead,
  patch,
  useTestApp,
} from './leads.test-helper.ts';

useTestApp();

describe('creating leads', () => {
  it('creates a manual lead with its activity and an audit entry', async () => {
    const lead = await createLead({
      source: 'referral',
      score: 72,
      notes: 'Friend of the Garcias',
    });
    expect(lead).toMatchObject({ status: 'new', source: 'referral', score: 72, version: 1 });
    expect(lead.details).toMatchObject({ guests: 14, zip: '95112' });
    expect(lead.activity.map((a) => [a.type, a.actor])).toEqual([
      ['created', `staff:${adminA.id}`],
    ]);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['action', 'actor'])
      .where('entity', '=', 'lead')
      .where('entity_id', '=', lead.id)
      .execute();
    expect(audit).toEqual([{ action: 'lead.create', actor: `staff:${adminA.id}` }]);
  });

  it('refuses a lead without contact, for another station, or with an owner from elsewhere', async () => {
    const noContact = await call(asAdminA, 'POST', '/api/v1/admin/leads', {
      stationId: stationA,
      source: 'phone',
      name: 'Nobody',
    });
    expect([noContact.status, noContact.body.error?.code]).toEqual([422, 'LEAD_CONTACT_REQUIRED']);
    const otherStation = await call(asAdminA, 'POST', '/api/v1/admin/leads', {
      stationId: stationB,
      source: 'phone',
      phone: '5105550101',
    });
    expect([otherStation.status, otherStation.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    const badOwner = await call(asAdminA, 'POST', '/api/v1/admin/leads', {
      stationId: stationA,
      source: 'phone',
      phone: '5105550101',
      ownerStaffId: staffOfB.id,
    });
    expect([badOwner.status, badOwner.body.error?.code]).toEqual([422, 'LEAD_OWNER_INVALID']);
    const badSource = await call(asAdminA, 'POST', '/api/v1/admin/leads', {
      stationId: stationA,
      source: 'carrier_pigeon',
      phone: '5105550101',
    });
    expect(badSource.status).toBe(400);
  });
});

describe('pipeline transitions', () => {
  it('walks the allowed graph and refuses the rest', async () => {
    const lead = await createLead({
      nextFollowUpAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const skip = await patch(lead.id, { version: 1, status: 'qualified' });
    expect([skip.status, skip.body.error?.code]).toEqual([409, 'LEAD_TRANSITION_INVALID']);

    const working = await patch(lead.id, { version: 1, status: 'working', score: 64 });
    expect(working.status).toBe(200);
    expect(working.body).toMatchObject({ status: 'working', score: 64, version: 2 });

    const noReason = await patch(lead.id, { version: 2, status: 'lost' });
    expect([noReason.status, noReason.body.error?.code]).toEqual([
      422,
      'LEAD_LOST_REASON_REQUIRED',
    ]);
    const blankReason = await patch(lead.id, { version: 2, status: 'lost', lostReason: '   ' });
    expect(blankReason.body.error?.code).toBe('LEAD_LOST_REASON_REQUIRED');

    const lost = await patch(lead.id, { version: 2, status: 'lost', lostReason: 'Over budget' });
    expect(lost.body).toMatchObject({
      status: 'lost',
      lostReason: 'Over budget',
      nextFollowUpAt: null,
      version: 3,
    });

    const lostToQualified = await patch(lead.id, { version: 3, status: 'qualified' });
    expect(lostToQualified.body.error?.code).toBe('LEAD_TRANSITION_INVALID');
    const byHand = await patch(lead.id, { version: 3, status: 'converted' });
    expect(byHand.body.error?.code).toBe('LEAD_TRANSITION_INVALID');

    const reopened = await patch(lead.id, { version: 3, status: 'working' });
    expect(reopened.body).toMatchObject({ status: 'working', lostReason: null, version: 4 });
    const qualified = await patch(lead.id, { version: 4, status: 'qualified' });
    expect(qualified.body.status).toBe('qualified');

    const moves = qualified.body.activity
      .filter((a) => a.type === 'status_changed')
      .map((a) => [a.data.from, a.data.to, a.data.reason])
      .reverse();
    expect(moves).toEqual([
      ['new', 'working', null],
      ['working', 'lost', 'Over budget'],
      ['lost', 'working', null],
      ['working', 'qualified', null],
    ]);
    const updates = qualified.body.activity.filter((a) => a.type === 'updated');
    expect(updates.map((a) => Object.keys(a.data.changes as object).sort())).toEqual([
      ['next_follow_up_at'],
      ['score'],
    ]);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select('action')
      .where('entity_id', '=', lead.id)
      .where('action', '=', 'lead.update')
      .execute();
    expect(audit).toHaveLength(4);
    // Refused moves changed nothing.
    const row = await t.database.db
      .selectFrom('crm.leads')
      .select(['version', 'status'])
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 5, status: 'qualified' });
  });

  it('answers 409 with the current lead when someone else saved first', async () => {
    const lead = await createLead();
    const first = await patch(
      lead.id,
      { version: 1, score: 88, notes: 'Wants the Prime slot' },
      asSupportA,
    );
    expect(first.status).toBe(200);
    const stale = await patch(lead.id, { version: 1, score: 10 });
    expect([stale.status, stale.body.error?.code]).toEqual([409, 'LEAD_VERSION_CONFLICT']);
    expect(stale.body.error?.details?.current).toMatchObject({
      id: lead.id,
      version: 2,
      score: 88,
    });
    const row = await t.database.db
      .selectFrom('crm.leads')
      .select(['score'])
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow();
    expect(row.score).toBe(88);
  });

  it('sets an owner of the station and keeps notes in the activity', async () => {
    const lead = await createLead();
    const other = await patch(lead.id, { version: 1, ownerStaffId: staffOfB.id });
    expect(other.body.error?.code).toBe('LEAD_OWNER_INVALID');
    const owned = await patch(lead.id, { version: 1, ownerStaffId: adminA.id });
    expect(owned.body.owner?.id).toBe(adminA.id);
    const noted = await call(asSupportA, 'POST', `/api/v1/admin/leads/${lead.id}/notes`, {
      text: 'Left a voicemail',
    });
    expect(noted.status).toBe(201);
    expect(noted.body.activity[0]).toMatchObject({
      type: 'note',
      data: { text: 'Left a voicemail' },
    });
    expect(noted.body.activity[0]?.actorName).toBeTruthy();
    const empty = await call(asSupportA, 'POST', `/api/v1/admin/leads/${lead.id}/notes`, {
      text: ' ',
    });
    expect(empty.status).toBe(400);
  });
});

describe('pipeline list', () => {
  it('filters, counts per status, sorts by next follow-up and pages', async () => {
    const marker = `zz${Date.now()}`;
    const soon = await createLead({
      name: `${marker} Soon`,
      source: 'web',
      nextFollowUpAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const overdue = await createLead({
      name: `${marker} Overdue`,
      source: 'web',
      nextFollowUpAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const none = await createLead({ name: `${marker} None`, source: 'chat' });
    await patch(none.id, { version: 1, status: 'working' });
    type Page = { items: Lead[]; counts: Record<string, number>; nextCursor: string | null };
    const all = await call<Page>(asSupportA, 'GET', `/api/v1/admin/leads?q=${marker}`);
    expect(all.body.items.map((l) => l.id)).toEqual([overdue.id, soon.id, none.id]);
    expect(all.body.items[0]?.isOverdue).toBe(true);
    expect(all.body.items[1]?.isOverdue).toBe(false);
    expect(all.body.counts).toEqual({ new: 2, working: 1, qualified: 0, converted: 0, lost: 0 });

    const newOnly = await call<Page>(
      asSupportA,
      'GET',
      `/api/v1/admin/leads?q=${marker}&status=new`,
    );
    expect(newOnly.body.items.map((l) => l.id)).toEqual([overdue.id, soon.id]);
    expect(newOnly.body.counts.working).toBe(1);
    const web = await call<Page>(asSupportA, 'GET', `/api/v1/admin/leads?q=${marker}&source=chat`);
    expect(web.body.items.map((l) => l.id)).toEqual([none.id]);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResult<Page> = await call<Page>(
        asSupportA,
        'GET',
        `/api/v1/admin/leads?q=${marker}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...page.body.items.map((l) => l.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual([overdue.id, soon.id, none.id]);

    const unknown = await call<Page>(asSupportA, 'GET', '/api/v1/admin/leads?status=hot');
    expect(unknown.status).toBe(400);
  });

  it('keeps leads of other stations out of sight', async () => {
    const lead = await createLead({ stationId: stationB, name: 'Bravo Only' }, asAdminB);
    const list = await call<{ items: Lead[] }>(
      asAdminA,
      'GET',
      '/api/v1/admin/leads?q=Bravo%20Only',
    );
    expect(list.body.items).toEqual([]);
    const detail = await call(asAdminA, 'GET', `/api/v1/admin/leads/${lead.id}`);
    expect([detail.status, detail.body.error?.code]).toEqual([404, 'LEAD_NOT_FOUND']);
    const edit = await patch(lead.id, { version: 1, score: 1 });
    expect(edit.status).toBe(404);
    const superList = await call<{ items: Lead[] }>(
      asSuper,
      'GET',
      '/api/v1/admin/leads?q=Bravo%20Only',
    );
    expect(superList.body.items.map((l) => l.id)).toEqual([lead.id]);
  });
});
