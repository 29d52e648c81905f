import { sql } from 'kysely';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { dateAhead, newStation } from '../../test/factories.ts';
import { chooseDeposit, requestHold, signHold } from '../bookings/hold-flow.test-helper.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server.test-helper.ts';

export const FROM = 'Teppan Hibachi <bookings@teppan.test>';
export const STAFF_EMAIL = 'staff-alerts@teppan.test';
export const silent = pino({ level: 'silent' });

export let smtp: TestSmtpServer;
export let t: TestApp;

export async function confirmedBooking(
  app: TestApp,
  options: { days: number; allergens?: string[] },
) {
  const hold = await requestHold(app.app, { date: dateAhead(options.days) });
  const holdId = hold.json<{ id: string }>().id;
  await signHold(app.app, holdId);
  let booking = (await chooseDeposit(app.app, holdId)).json<{
    id: string;
    version: number;
    manageToken: string;
    payments: { id: string }[];
  }>();
  if (options.allergens) {
    const patched = await app.app.inject({
      method: 'PATCH',
      url: `/api/v1/bookings/${booking.id}`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { version: booking.version, allergens: options.allergens },
    });
    booking = { ...booking, ...patched.json<{ version: number }>() };
  }
  await app.app.inject({
    method: 'POST',
    url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
    headers: { authorization: `Bearer ${STAFF_KEY}` },
  });
  return booking;
}

/** The booking, host and settings behind a confirmation that confirm-deposit recorded. */
export async function confirmationContext(app: TestApp, bookingId: string) {
  const bookings = new BookingsRepository(app.database.db);
  const row = await bookings.findBooking(bookingId);
  if (!row) throw new Error('booking missing');
  const host = await new CustomersRepository(app.database.db, app.container.fieldCrypto).find(
    row.customer_id,
  );
  if (!host) throw new Error('customer missing');
  const { settings } = await app.container.settings.getForStation(row.station_id);
  return { row, host, settings };
}

export const parseAll = (raw: readonly string[]) => Promise.all(raw.map((m) => simpleParser(m)));
export const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.map((v) => v.address),
  );
export const bySubject = (mails: ParsedMail[], pattern: RegExp) => {
  const found = mails.filter((m) => pattern.test(m.subject ?? ''));
  expect(found).toHaveLength(1);
  return found[0] as ParsedMail;
};
/** Every outbox row as text, all columns: where a token could hide after sending. */
export async function outboxAsText(app: TestApp): Promise<string> {
  const { rows } = await sql<{
    row: string;
  }>`select o::text as row from marketing.outbox o`.execute(app.database.db);
  return rows.map((r) => r.row).join('\n');
}

export const tokenIn = (text: string | undefined) =>
  /[?&]token=([\w%-]+)/.exec(text ?? '')?.[1] ?? '';

/** Registers the app and database shared by every test file of this suite. */
export function useTestApp(): void {
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: FROM, STAFF_ALERT_EMAIL: STAFF_EMAIL },
    });
    await newStation(t.database.db, { chefs: 2 });
  });
  afterAll(async () => {
    t.container.notifications.close();
    await t.close();
    await smtp.close();
  });
}
