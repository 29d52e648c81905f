// Converting a lead: linking a booking or holding a date for it.
import { describe, expect, it } from 'vitest';
import { dateAhead, quoteBody, SIGN_BODY } from '../../test/factories.ts';
import {
  t,
  stationA,
  stationB,
  asAdminA,
  asSupportA,
  asSuper,
  type Lead,
  call,
  convert,
  createLead,
  patch,
  book,
  useTestApp,
} from './leads.test-helper.ts';

useTestApp();

describe('converting a lead', () => {
  it('links an existing booking of the same customer, or of another once confirmed', async () => {
    const lead = await createLead({ email: 'Same.Person@example.com' });
    const booking = await book(stationA, { email: 'same.person@example.com' });
    const converted = await convert<{ lead: Lead }>(asSupportA, lead.id, {
      mode: 'link',
      version: 1,
      bookingNumber: booking.number.replace('TP-', ''),
    });
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
    const again = await convert(asSupportA, lead.id, {
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
    const mismatch = await convert(asSupportA, stranger.id, {
      mode: 'link',
      version: 1,
      bookingNumber: otherBooking.number,
    });
    expect([mismatch.status, mismatch.body.error?.code]).toEqual([409, 'LEAD_CUSTOMER_MISMATCH']);
    const confirmed = await convert<{ lead: Lead }>(asSupportA, stranger.id, {
      mode: 'link',
      version: 1,
      bookingNumber: otherBooking.number,
      confirmCustomerMismatch: true,
    });
    expect(confirmed.body.lead?.status).toBe('converted');
    const taken = await createLead({ email: 'different@example.com' });
    const twice = await convert(asSupportA, taken.id, {
      mode: 'link',
      version: 1,
      bookingNumber: otherBooking.number,
    });
    expect(twice.body.error?.code).toBe('LEAD_BOOKING_ALREADY_LINKED');
  });

  it('refuses a booking of another station', async () => {
    const lead = await createLead();
    const inB = await book(stationB, { email: lead.email });
    const asA = await convert(asAdminA, lead.id, {
      mode: 'link',
      version: 1,
      bookingNumber: inB.number,
    });
    expect([asA.status, asA.body.error?.code]).toEqual([404, 'BOOKING_NOT_FOUND']);
    const asSuperAdmin = await convert(asSuper, lead.id, {
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
    const held = await convert<{
      lead: Lead;
      hold: { id: string; link: string; depositCents: number };
    }>(asSupportA, lead.id, {
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

    const second = await convert(asSupportA, lead.id, {
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
    const stale = await convert(asSupportA, lead.id, {
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
    const missing = await convert(asSupportA, noPhone.id, {
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
