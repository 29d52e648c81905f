import { consentsInForce } from '@teppan/core';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { AppError } from '../../errors.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { renderMessage, type MessageContext } from '../messaging/templates.ts';
import { eventMessageContext } from '../notifications/booking-message.ts';
import type { Brand } from '../notifications/brand.ts';
import { SettingsRepository } from '../settings/settings.repository.ts';
import { BookingsRepository, type BookingRow } from './bookings.repository.ts';
import { ScheduleRepository } from './schedule.repository.ts';

/**
 * The follow-ups of SPEC §4 that run once per booking: "chef on the way", the staff alert of
 * a booking still without a chef a week ahead, the review reminder, the referral ask and the
 * re-engagement email. Each one's outbox dedupe key is the booking's, so a re-plan, a
 * second sweep or the chef's own "On my way" tap can never send it twice.
 */
export const followUpKinds: readonly string[] = [
  'booking.chef_on_the_way',
  'booking.unassigned_alert',
  'booking.review_reminder',
  'booking.referral_ask',
  'booking.reengagement',
];

export const followUpDedupeKey = (kind: string, bookingId: string) => `${kind}:${bookingId}`;

export interface FollowUpDeps {
  publicBaseUrl: string;
  /** STAFF_ALERT_EMAIL; none configured → the unassigned alert is skipped, saying why. */
  staffAlertEmail: string | null;
  fieldCrypto: FieldCrypto;
  /** The station's brand, read through the caller's transaction. */
  brand: (trx: Executor, station: { id: string; address: string } | undefined) => Promise<Brand>;
}

type Outcome = 'sent' | 'skipped';

/** Which statuses each follow-up still applies to when it runs. */
const kindStatuses: Record<string, readonly string[]> = {
  'booking.chef_on_the_way': ['confirmed'],
  'booking.unassigned_alert': ['pending_deposit', 'confirmed'],
  // Reviews do not exist yet (issue F9): "skipped if the guest already reviewed" cannot be
  // checked, so a completed booking gets its reminder; a cancelled one does not.
  'booking.review_reminder': ['completed'],
  'booking.referral_ask': ['completed'],
  'booking.reengagement': ['completed'],
};

export async function hasAssignedChef(db: Executor, bookingId: string): Promise<boolean> {
  const row = await db
    .selectFrom('ops.booking_chefs')
    .select('chef_id')
    .where('booking_id', '=', bookingId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Idle: no other live booking of the customer made or held after this event. */
async function hasLaterBooking(db: Executor, booking: BookingRow): Promise<boolean> {
  const row = await db
    .selectFrom('core.bookings')
    .select('id')
    .where('customer_id', '=', booking.customer_id)
    .where('id', '!=', booking.id)
    .where('status', '!=', 'cancelled')
    .where((eb) =>
      eb.or([
        eb('created_at', '>', booking.event_starts_at),
        eb('event_starts_at', '>', booking.event_starts_at),
      ]),
    )
    .executeTakeFirst();
  return Boolean(row);
}

async function skip(trx: Executor, id: string, why: string): Promise<Outcome> {
  await new ScheduleRepository(trx).markProcessed(id, 'skipped', why);
  return 'skipped';
}

/** Renders one follow-up and records it once; `isNew` false when it was already sent. */
async function record(
  trx: Executor,
  deps: FollowUpDeps,
  input: { kind: string; booking: BookingRow; recipient: string; context: MessageContext },
): Promise<boolean> {
  const station = await new SettingsRepository(trx).findStationById(input.booking.station_id);
  const message = await renderMessage(
    input.kind,
    { ...(station ? { timeZone: station.time_zone } : {}), ...input.context },
    { brand: await deps.brand(trx, station) },
  );
  const { isNew } = await new OutboxRepository(trx, deps.fieldCrypto).record({
    channel: 'email',
    recipient: input.recipient,
    subject: message.subject,
    body: message.text,
    html: message.html || null,
    template: input.kind,
    data: { bookingId: input.booking.id },
    dedupeKey: followUpDedupeKey(input.kind, input.booking.id),
    bookingId: input.booking.id,
  });
  return isNew;
}

/** The customer's email about their event, or null when the customer row is gone. */
async function customerMessage(trx: Executor, deps: FollowUpDeps, booking: BookingRow) {
  const customer = await new CustomersRepository(trx, deps.fieldCrypto).find(booking.customer_id);
  if (!customer) return null;
  return {
    customer,
    recipient: customer.email,
    context: {
      customerName: customer.name,
      ...eventMessageContext(booking),
      link: `${deps.publicBaseUrl}/manage/${booking.id}`,
    } satisfies MessageContext,
  };
}

/**
 * Runs one due follow-up under the booking's and the planned row's locks (the caller's
 * transaction): checks it still applies, records the email once, marks the row.
 */
export async function processFollowUp(
  trx: Transaction<DB>,
  deps: FollowUpDeps,
  input: { id: string; kind: string; booking: BookingRow },
): Promise<Outcome> {
  const { id, kind, booking } = input;
  if (!(kindStatuses[kind] ?? []).includes(booking.status))
    return skip(trx, id, `booking is ${booking.status}`);
  const hasChef = await hasAssignedChef(trx, booking.id);
  if (kind === 'booking.unassigned_alert') {
    if (hasChef) return skip(trx, id, 'a chef is assigned');
    if (!deps.staffAlertEmail) return skip(trx, id, 'no STAFF_ALERT_EMAIL configured');
    const customer = await new CustomersRepository(trx, deps.fieldCrypto).find(booking.customer_id);
    const isNew = await record(trx, deps, {
      kind,
      booking,
      recipient: deps.staffAlertEmail,
      context: {
        customerName: customer?.name ?? '',
        ...eventMessageContext(booking),
        link: `${deps.publicBaseUrl}/admin/bookings/${booking.id}`,
      },
    });
    return finish(trx, id, isNew);
  }
  if (kind === 'booking.chef_on_the_way' && !hasChef) return skip(trx, id, 'no chef assigned');
  const message = await customerMessage(trx, deps, booking);
  if (!message) return skip(trx, id, 'customer missing');
  if (kind === 'booking.reengagement') {
    if (await hasLaterBooking(trx, booking)) return skip(trx, id, 'customer booked again');
    const rows = await new CustomersRepository(trx, deps.fieldCrypto).listConsents(
      message.customer,
    );
    const email = consentsInForce(rows).find(
      (c) => c.channel === 'email' && c.purpose === 'marketing',
    );
    if (email?.state !== 'opted_in') return skip(trx, id, 'no email marketing consent');
  }
  const context =
    kind === 'booking.reengagement' || kind === 'booking.referral_ask'
      ? { ...message.context, link: `${deps.publicBaseUrl}/` }
      : message.context;
  const isNew = await record(trx, deps, { kind, booking, recipient: message.recipient, context });
  return finish(trx, id, isNew);
}

async function finish(trx: Executor, id: string, isNew: boolean): Promise<Outcome> {
  if (!isNew) return skip(trx, id, 'already sent');
  await new ScheduleRepository(trx).markProcessed(id, 'done', 'sent');
  return 'sent';
}

/**
 * The assigned chef's "On my way" (or a station's staff member's on their behalf): tells
 * the customer at once and drops the planned reminder. Once per booking: a second tap, or
 * the planned one afterwards, finds the outbox row and sends nothing.
 * `assignedToStaffId`: a chef, who may act only on an event assigned to them.
 */
export async function sendOnMyWay(
  db: Kysely<DB>,
  deps: FollowUpDeps,
  bookingId: string,
  input: { assignedToStaffId?: string | undefined },
): Promise<{ status: 'sent' | 'already_sent' }> {
  return db.transaction().execute(async (trx) => {
    const repo = new BookingsRepository(trx);
    const booking = await repo.findBookingForUpdate(bookingId);
    if (!booking) throw new AppError('BOOKING_NOT_FOUND');
    if (
      input.assignedToStaffId !== undefined &&
      !(await repo.isAssignedToStaff(bookingId, input.assignedToStaffId))
    )
      throw new AppError('BOOKING_NOT_FOUND');
    if (booking.status !== 'confirmed' || !(await hasAssignedChef(trx, bookingId)))
      throw new AppError('ON_MY_WAY_NOT_ALLOWED');
    const message = await customerMessage(trx, deps, booking);
    if (!message) throw new AppError('BOOKING_NOT_FOUND');
    const isNew = await record(trx, deps, { kind: 'booking.chef_on_the_way', booking, ...message });
    await new ScheduleRepository(trx).cancelPlanned({
      bookingId,
      kinds: ['booking.chef_on_the_way'],
    });
    return { status: isNew ? 'sent' : 'already_sent' };
  });
}
