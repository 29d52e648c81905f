import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, dateAhead, newStation, quoteBody, SIGN_BODY } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type NewStaff, type SignedIn } from '../staff/staff.test-helper.ts';

let t: TestApp;
let stationA: string;
let stationB: string;
let adminA: NewStaff;
let asAdminA: SignedIn;
let asSupportA: SignedIn;
let asAdminB: SignedIn;
let asSuper: SignedIn;
let staffOfB: NewStaff;

type Lead = {
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

type ApiResult<T> = {
  status: number;
  body: T & { error?: { code: string; details?: { current?: Lead } } };
};

async function call<T = Lead>(
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

let seq = 0;
async function createLead(overrides: Record<string, unknown> = {}, session = asAdminA) {
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

const patch = (id: string, body: Record<string, unknown>, session = asAdminA) =>
  call(session, 'PATCH', `/api/v1/admin/leads/${id}`, body);

let bookingSeq = 0;
async function book(stationId: string, customer: Record<string, unknown>) {
  const n = bookingSeq;
  bookingSeq += 1;
  return bookViaApi(t.app, {
    stationId,
    daysAhead: 60 + Math.floor(n / 4),
    slot: ['12:00', '15:00', '18:00', '21:00'][n % 4],
    customer,
  });
}

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

describe('converting a lead', () => {
  it('links an existing booking of the same customer, or of another once confirmed', async () => {
    const lead = await createLead({ email: 'Same.Person@example.com' });
    const booking = await book(stationA, { email: 'same.person@example.com' });
    const converted = await call<{ lead: Lead }>(
      asSupportA,
      'POST',
      `/api/v1/admin/leads/${lead.id}/convert`,
      {
        mode: 'link',
        version: 1,
        bookingNumber: booking.number.replace('TP-', ''),
      },
    );
    expect(converted.status, JSON.stringify(converted.body)).toBe(200);
    expect(converted.body.lead).toMatchObject({
      status: 'converted',
      booking: { id: booking.id, number: booking.number },
      version: 2,
    });
    expect(converted.body.lead.activity[0]).toMatchObject({
      type: 'converted',
      data: { via: 'link', number: booking.number },
    });
    const again = await call(asSupportA, 'POST', `/api/v1/admin/leads/${lead.id}/convert`, {
      mode: 'link',
      version: 2,
      bookingNumber: booking.number,
    });
    expect(again.body.error?.code).toBe('LEAD_ALREADY_CONVERTED');

    const stranger = await createLead({
      email: 'someone.else@example.com',
      phone: '(510) 555-9876',
    });
    const otherBooking = await book(stationA, {
      email: 'different@example.com',
      phone: '(408) 555-1234',
    });
    const mismatch = await call(asSupportA, 'POST', `/api/v1/admin/leads/${stranger.id}/convert`, {
      mode: 'link',
      version: 1,
      bookingNumber: otherBooking.number,
    });
    expect([mismatch.status, mismatch.body.error?.code]).toEqual([409, 'LEAD_CUSTOMER_MISMATCH']);
    const confirmed = await call<{ lead: Lead }>(
      asSupportA,
      'POST',
      `/api/v1/admin/leads/${stranger.id}/convert`,
      {
        mode: 'link',
        version: 1,
        bookingNumber: otherBooking.number,
        confirmCustomerMismatch: true,
      },
    );
    expect(confirmed.body.lead?.status).toBe('converted');
    const taken = await createLead({ email: 'different@example.com' });
    const twice = await call(asSupportA, 'POST', `/api/v1/admin/leads/${taken.id}/convert`, {
      mode: 'link',
      version: 1,
      bookingNumber: otherBooking.number,
    });
    expect(twice.body.error?.code).toBe('LEAD_BOOKING_ALREADY_LINKED');
  });

  it('refuses a booking of another station', async () => {
    const lead = await createLead();
    const inB = await book(stationB, { email: lead.email });
    const asA = await call(asAdminA, 'POST', `/api/v1/admin/leads/${lead.id}/convert`, {
      mode: 'link',
      version: 1,
      bookingNumber: inB.number,
    });
    expect([asA.status, asA.body.error?.code]).toEqual([404, 'BOOKING_NOT_FOUND']);
    const asSuperAdmin = await call(asSuper, 'POST', `/api/v1/admin/leads/${lead.id}/convert`, {
      mode: 'link',
      version: 1,
      bookingNumber: inB.number,
    });
    expect(asSuperAdmin.body.error?.code).toBe('LEAD_BOOKING_STATION_MISMATCH');
  });

  it('holds a date for the lead; the lead converts when the customer pays the deposit', async () => {
    const lead = await createLead({
      name: 'Hana Hold',
      email: 'hana.hold@example.com',
      phone: '(510) 555-3434',
    });
    const date = dateAhead(90);
    const held = await call<{
      lead: Lead;
      hold: { id: string; link: string; depositCents: number };
    }>(asSupportA, 'POST', `/api/v1/admin/leads/${lead.id}/convert`, {
      mode: 'hold',
      version: 1,
      date,
      slot: '18:00',
      party: quoteBody(),
    });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body.lead).toMatchObject({
      status: 'qualified',
      holdId: held.body.hold.id,
      version: 2,
    });
    expect(held.body.lead.hold).toMatchObject({ status: 'awaiting_signature' });
    expect(held.body.hold.link).toMatch(new RegExp(`/book/hold/${held.body.hold.id}$`));
    const hold = await t.database.db
      .selectFrom('core.holds')
      .select(['source_channel', 'date', 'slot'])
      .where('id', '=', held.body.hold.id)
      .executeTakeFirstOrThrow();
    expect(hold).toEqual({ source_channel: 'staff', date, slot: '18:00' });

    const second = await call(asSupportA, 'POST', `/api/v1/admin/leads/${lead.id}/convert`, {
      mode: 'hold',
      version: 2,
      date: dateAhead(91),
      slot: '18:00',
      party: quoteBody(),
    });
    expect(second.body.error?.code).toBe('LEAD_HOLD_ACTIVE');

    // The customer signs and pays from the link.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${held.body.hold.id}/sign`,
      payload: SIGN_BODY,
    });
    const deposit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${held.body.hold.id}/deposit`,
      payload: {},
    });
    expect(deposit.statusCode).toBe(201);
    const booking = deposit.json<{ id: string; number: string }>();
    const after = await call(asSupportA, 'GET', `/api/v1/admin/leads/${lead.id}`);
    expect(after.body).toMatchObject({
      status: 'converted',
      booking: { id: booking.id, number: booking.number },
      version: 3,
    });
    expect(after.body.activity[0]).toMatchObject({
      type: 'converted',
      actor: 'system',
      data: { via: 'hold', bookingId: booking.id },
    });
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['action', 'actor'])
      .where('entity_id', '=', lead.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'lead.create',
      'lead.convert.hold',
      'lead.convert',
    ]);
  });

  it('releases the hold when the lead changed meanwhile, and needs full contact details', async () => {
    const lead = await createLead({ name: 'Stale Hold', email: 'stale.hold@example.com' });
    await patch(lead.id, { version: 1, score: 90 });
    const stale = await call(asSupportA, 'POST', `/api/v1/admin/leads/${lead.id}/convert`, {
      mode: 'hold',
      version: 1,
      date: dateAhead(92),
      slot: '12:00',
      party: quoteBody(),
    });
    expect([stale.status, stale.body.error?.code]).toEqual([409, 'LEAD_VERSION_CONFLICT']);
    const noPhone = await createLead({
      name: 'No Phone',
      email: 'no.phone@example.com',
      phone: undefined,
    });
    const missing = await call(asSupportA, 'POST', `/api/v1/admin/leads/${noPhone.id}/convert`, {
      mode: 'hold',
      version: 1,
      date: dateAhead(92),
      slot: '12:00',
      party: quoteBody(),
    });
    expect([missing.status, missing.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const holds = await t.database.db
      .selectFrom('core.holds')
      .select('status')
      .where('date', '=', dateAhead(92))
      .execute();
    expect(holds.filter((h) => h.status === 'awaiting_signature')).toEqual([]);
  });
});
