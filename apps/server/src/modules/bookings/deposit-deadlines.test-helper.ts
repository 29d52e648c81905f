import { sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { dateAhead, newStation } from '../../test/factories.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';
import { chooseDeposit, requestHold, signHold } from './hold-flow.test-helper.ts';

// SPEC §4, issue F5 point 2: an unpaid booking can no longer hold its slot for good. The
// deposit deadline stays in force; "I've sent it" moves it to the staff-confirmation
// deadline and alerts staff; a durable job cancels what is unconfirmed when it passes.

export const HOUR = 3_600_000;
export const STAFF_ALERTS = 'alerts@teppan.test';
export const staff = { authorization: `Bearer ${STAFF_KEY}` };

export let t: TestApp;
export let stationId: string;
export let admin: SignedIn;

export interface Booking {
  id: string;
  number: string;
  status: string;
  manageToken: string;
  payments: {
    id: string;
    kind: string;
    status: string;
    reference: string;
    instructions?: string;
  }[];
  depositDue: {
    stage: string;
    deadline: string | null;
    reported: { reference: string; method: string } | null;
    canReport: boolean;
  } | null;
}

export let nextDay = 30;

/** Quote, hold, signature and an offline deposit method, the way the wizard does it. */
export async function unpaidBooking(options: { date?: string; slot?: string } = {}) {
  const date = options.date ?? dateAhead((nextDay += 1));
  const slot = options.slot ?? '18:00';
  const hold = await requestHold(t.app, { date, slot });
  expect(hold.statusCode).toBe(201);
  const holdId = hold.json<{ id: string }>().id;
  const signed = await signHold(t.app, holdId);
  expect(signed.statusCode).toBe(200);
  const deposit = await chooseDeposit(t.app, holdId, 'zelle');
  expect(deposit.statusCode).toBe(201);
  const signedAt = new Date(
    (
      await t.database.db
        .selectFrom('core.holds')
        .select('signed_at')
        .where('id', '=', holdId)
        .executeTakeFirstOrThrow()
    ).signed_at!,
  );
  return {
    ...deposit.json<Booking>(),
    date,
    slot,
    holdId,
    signedAt,
    depositDeadline: new Date(signed.json<{ depositDeadline: string }>().depositDeadline),
  };
}

export function reportSent(
  booking: { id: string; manageToken: string },
  body: Record<string, unknown>,
  token: string | null = booking.manageToken,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${booking.id}/deposit-sent`,
    headers: token === null ? {} : { 'x-booking-token': token },
    payload: body,
  });
}

/** The planned job of this kind for a booking (exactly one may be planned at a time). */
export async function plannedMessage(bookingId: string, kind: string) {
  const rows = await t.database.db
    .selectFrom('core.scheduled_messages')
    .select(['id', 'due_at'])
    .where('booking_id', '=', bookingId)
    .where('kind', '=', kind)
    .where('status', '=', 'planned')
    .execute();
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** The planned deadline job of a booking. */
export const plannedDeadline = (bookingId: string) =>
  plannedMessage(bookingId, 'booking.deposit_deadline');

/** Time passes: the booking's deadline (and its job's due time) is now behind us. */
export async function passDeadline(bookingId: string) {
  await sql`update core.bookings set deposit_due_at = clock_timestamp() - interval '1 second'
             where id = ${bookingId}`.execute(t.database.db);
  await sql`update core.scheduled_messages set due_at = clock_timestamp() - interval '1 second'
             where booking_id = ${bookingId} and kind = 'booking.deposit_deadline'
               and status = 'planned'`.execute(t.database.db);
}

export async function bookingRow(id: string) {
  return t.database.db
    .selectFrom('core.bookings')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function paymentsOf(bookingId: string) {
  return t.database.db
    .selectFrom('core.payments')
    .select(['kind', 'status', 'amount_cents'])
    .where('booking_id', '=', bookingId)
    .orderBy('created_at')
    .execute();
}

/**
 * The booking's messages, oldest first, read as a developer reads them (the dev outbox shows
 * an unsent message with its link; the stored row keeps recipient and secrets encrypted).
 */
export async function outboxOf(bookingId: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/dev/outbox?bookingId=${bookingId}&limit=200`,
  });
  expect(response.statusCode).toBe(200);
  return response
    .json<{
      messages: { recipient: string; template: string; subject: string | null; body: string }[];
    }>()
    .messages.reverse();
}

export async function eventsOf(bookingId: string) {
  return t.database.db
    .selectFrom('core.booking_events')
    .select(['type', 'actor', 'data'])
    .where('booking_id', '=', bookingId)
    .orderBy('id')
    .execute();
}

export async function auditOf(bookingId: string) {
  return t.database.db
    .selectFrom('audit.log')
    .select(['actor', 'action', 'after'])
    .where('entity_id', '=', bookingId)
    .orderBy('id')
    .execute();
}

/** A hold for the same slot: 201 when a place is free, 409 SLOT_FULL when not. */
export function tryHold(date: string, slot: string) {
  return requestHold(t.app, { date, slot });
}

export function confirmDeposit(paymentId: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/${paymentId}/confirm`,
    headers: staff,
  });
}

/** Registers the app and database shared by every test file of this suite. */
export function useTestApp(): void {
  beforeAll(async () => {
    t = await createTestApp({ env: { STAFF_ALERT_EMAIL: STAFF_ALERTS } });
    ({ stationId } = await newStation(t.database.db, { chefs: 2 }));
    admin = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'admin', stationIds: [stationId], totp: true }),
    );
  });
  afterAll(async () => t.close());
}
