// Issue F7: whom to pay and whom to call. The "booking received" email goes out as soon as
// an offline deposit is chosen (through the real SMTP loopback), an approved change of the
// payee changes what the API and the email say, and a method without payee is not offered.
import { offlinePaymentInstruction, type Settings } from '@teppan/core';
import { describe, expect, it } from 'vitest';
import { dateAhead } from '../../test/factories.ts';
import { chooseDeposit, requestHold, signHold } from '../bookings/hold-flow.test-helper.ts';
import { newStaff, signIn } from '../staff/staff.test-helper.ts';
import { bookingReceivedDedupeKey } from './booking-received.ts';
import { bySubject, parseAll, smtp, t, tokenIn, useTestApp } from './mail-relay.test-helper.ts';

useTestApp();

interface Created {
  id: string;
  number: string;
  manageUrl: string;
  payments: { reference: string; amountCents: number; instructions?: string }[];
  depositDue: { deadline: string | null } | null;
}

let day = 60;
async function offlineBooking(method: string) {
  const hold = await requestHold(t.app, { date: dateAhead((day += 1)) });
  expect(hold.statusCode, hold.body).toBe(201);
  const holdId = hold.json<{ id: string }>().id;
  expect((await signHold(t.app, holdId)).statusCode).toBe(200);
  return chooseDeposit(t.app, holdId, method);
}

async function publicSettings() {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/settings' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{
    station: { id: string };
    contact: { name: string; phone: string; email: string; postalAddress: string };
    payments: { offlineMethods: string[]; payees: Settings['payees'] };
  }>();
}

/** Two admins of the station: one proposes the settings, the other approves (payees need it). */
async function approvedSettings(change: (settings: Settings) => Settings) {
  const { station } = await publicSettings();
  const admin = async () =>
    signIn(t.app, await newStaff(t.database.db, { role: 'admin', stationIds: [station.id] }));
  const a = await admin();
  const b = await admin();
  const current = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/stations/${station.id}/settings`,
    headers: a.headers,
  });
  const { version, settings } = current.json<{ version: number; settings: Settings }>();
  const proposed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/settings/changes',
    headers: a.headers,
    payload: { stationId: station.id, baseVersion: version, settings: change(settings) },
  });
  expect(proposed.statusCode, proposed.body).toBe(202);
  const id = proposed.json<{ request: { id: string } }>().request.id;
  const approved = await t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/settings/changes/${id}/approve`,
    headers: b.headers,
    payload: {},
  });
  expect(approved.statusCode, approved.body).toBe(200);
}

async function receivedRows(bookingId: string) {
  return t.database.db
    .selectFrom('marketing.outbox')
    .select(['id', 'body'])
    .where('dedupe_key', '=', bookingReceivedDedupeKey(bookingId))
    .execute();
}

describe('booking received (offline deposit)', () => {
  it('emails the manage link, payee, amount, reference and deadline once, at once', async () => {
    const res = await offlineBooking('zelle');
    expect(res.statusCode, res.body).toBe(201);
    const booking = res.json<Created>();
    const deposit = booking.payments[0];
    if (!deposit) throw new Error('no deposit payment');
    const { contact, payments } = await publicSettings();
    const expected = offlinePaymentInstruction({
      method: 'zelle',
      amountCents: deposit.amountCents,
      reference: deposit.reference,
      deadline: booking.depositDue?.deadline ?? null,
      timeZone: 'America/Los_Angeles',
      payees: payments.payees,
      contact,
    });
    expect(expected.text).toContain('to Teppan Hibachi (demo) (payments@teppan.local) by ');
    // The screen says the same as the email.
    expect(deposit.instructions).toContain(expected.text);
    expect(await receivedRows(booking.id)).toHaveLength(1);

    smtp.messages.length = 0;
    await t.container.notifications.relayOnce(50);
    const mails = await parseAll(smtp.messages);
    const mail = bySubject(mails, new RegExp(`^Booking received: ${booking.number} `));
    expect(mail.text).toContain(expected.text);
    expect(mail.text).toContain(`Pay to: ${expected.payee}`);
    expect(mail.text).toContain(`Reference: ${deposit.reference}`);
    expect(mail.text).toContain(`Deadline: ${expected.deadline}`);
    expect(mail.html).toContain('payments@teppan.local');
    // Its manage link works, the one the guest lost with the tab.
    const token = tokenIn(mail.text);
    expect(token).toBe(new URL(booking.manageUrl).searchParams.get('token'));
    const viaLink = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}?token=${token}`,
    });
    expect(viaLink.statusCode).toBe(200);

    // Reporting the payment sent does not send it again.
    const report = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/deposit-sent`,
      headers: { 'x-booking-token': token },
      payload: { reference: deposit.reference },
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(await receivedRows(booking.id)).toHaveLength(1);
  });

  it('a cash deposit names the business and how to arrange the hand-over', async () => {
    const res = await offlineBooking('cash');
    expect(res.statusCode, res.body).toBe(201);
    const booking = res.json<Created>();
    const rows = await receivedRows(booking.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.body).toContain('in cash to Teppan Hibachi');
  });

  it('an approved change of the Zelle payee changes what the API and the email say', async () => {
    const before = (await offlineBooking('zelle')).json<Created>();
    await approvedSettings((s) => ({
      ...s,
      payees: { ...s.payees, zelle: { recipient: '(510) 555-0199', accountName: 'Teppan LLC' } },
    }));
    expect((await publicSettings()).payments.payees.zelle).toEqual({
      recipient: '(510) 555-0199',
      accountName: 'Teppan LLC',
    });
    // The open booking's instructions name the new payee...
    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${before.id}?token=${new URL(before.manageUrl).searchParams.get('token')}`,
    });
    expect(view.json<Created>().payments[0]?.instructions).toContain(
      'by Zelle to Teppan LLC ((510) 555-0199) by ',
    );
    // ...and so does the next booking's email.
    const after = (await offlineBooking('zelle')).json<Created>();
    const [row] = await receivedRows(after.id);
    expect(row?.body).toContain('by Zelle to Teppan LLC ((510) 555-0199) by ');
    expect(row?.body).not.toContain('payments@teppan.local');
  });

  it('a method without payee is not offered, and choosing it anyway is refused with a phone', async () => {
    await approvedSettings((s) => ({ ...s, payees: { zelle: s.payees.zelle } }));
    const { payments, contact } = await publicSettings();
    expect(payments.offlineMethods).toEqual(['zelle', 'cash']);
    const res = await offlineBooking('venmo');
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('PAYMENT_METHOD_UNAVAILABLE');
    expect(error.message).toContain(contact.phone);
  });
});
