import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';
import { claimSlots, type SlotKey } from './slot-claims.ts';

export const ACTIVE_HOLD_STATUSES = ['awaiting_signature', 'awaiting_deposit'] as const;

export type { SlotKey };

type Given<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** The columns of a patch that are given: an absent (undefined) field leaves its column as is. */
function givenColumns<T extends Record<string, unknown>>(columns: T): Given<T> {
  return Object.fromEntries(
    Object.entries(columns).filter(([, value]) => value !== undefined),
  ) as Given<T>;
}

export class BookingsRepository {
  constructor(private readonly db: Executor) {}

  /** One slot's capacity mutex (ADR 0002): `claimSlots` for a single key. */
  async lockSlot(key: SlotKey): Promise<void> {
    await claimSlots(this.db, [key]);
  }

  /**
   * Active bookings + unexpired holds. Uses clock_timestamp(), not now(): a transaction
   * that waited for the lock must judge expiry at the moment it holds it.
   */
  async countTaken(key: SlotKey, options: { excludeBookingId?: string } = {}): Promise<number> {
    let bookings = this.db
      .selectFrom('core.bookings')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('station_id', '=', key.stationId)
      .where('date', '=', key.date)
      .where('slot', '=', key.slot)
      .where('status', '<>', 'cancelled');
    if (options.excludeBookingId) bookings = bookings.where('id', '<>', options.excludeBookingId);
    const holds = this.db
      .selectFrom('core.holds')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('station_id', '=', key.stationId)
      .where('date', '=', key.date)
      .where('slot', '=', key.slot)
      .where('status', 'in', ACTIVE_HOLD_STATUSES)
      .where('expires_at', '>', sql<Date>`clock_timestamp()`);
    const row = await this.db
      .selectNoFrom([bookings.as('b'), holds.as('h')])
      .executeTakeFirstOrThrow();
    return (row.b ?? 0) + (row.h ?? 0);
  }

  async isPastDeadline(deadline: Date): Promise<boolean> {
    const row = await this.db
      .selectNoFrom(sql<boolean>`${deadline}::timestamptz <= clock_timestamp()`.as('past'))
      .executeTakeFirstOrThrow();
    return row.past;
  }

  insertHold(row: {
    stationId: string;
    quoteId: string;
    customerId: string;
    date: string;
    slot: string;
    requestedTime: string | null;
    signDeadline: Date;
    idempotencyKey: string | null;
    requestHash: string;
    sourceChannel: string;
    /** Keyed hash of the requester's IP (per-IP cap); never the address itself. */
    ipHash: string | null;
  }) {
    return this.db
      .insertInto('core.holds')
      .values({
        station_id: row.stationId,
        quote_id: row.quoteId,
        customer_id: row.customerId,
        date: row.date,
        slot: row.slot,
        requested_time: row.requestedTime,
        status: 'awaiting_signature',
        sign_deadline: row.signDeadline,
        expires_at: row.signDeadline,
        idempotency_key: row.idempotencyKey,
        request_hash: row.requestHash,
        source_channel: row.sourceChannel,
        ip_hash: row.ipHash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findHold(id: string) {
    return this.db.selectFrom('core.holds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findHoldForUpdate(id: string) {
    return this.db
      .selectFrom('core.holds')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  updateHold(
    id: string,
    patch: Partial<{
      status: string;
      expiresAt: Date;
      depositDeadline: Date | null;
      signedAt: Date;
      bookingId: string;
    }>,
  ) {
    return this.db
      .updateTable('core.holds')
      .set({
        ...givenColumns({
          status: patch.status,
          expires_at: patch.expiresAt,
          deposit_deadline: patch.depositDeadline,
          signed_at: patch.signedAt,
          booking_id: patch.bookingId,
        }),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  insertBooking(row: {
    stationId: string;
    customerId: string;
    quoteId: string;
    holdId: string | null;
    status: string;
    date: string;
    slot: string;
    requestedTime: string | null;
    eventStartsAt: Date;
    adults: number;
    children: number;
    toddlers: number;
    menu: unknown;
    venueZip: string;
    venueAddress: string | null;
    venueLat: number;
    venueLng: number;
    totalCents: number;
    depositCents: number;
    sourceChannel: string;
    accessTokenHash: string;
    /** The deposit deadline an unpaid booking carries over from its hold. */
    depositDueAt: Date | null;
  }) {
    return this.db
      .insertInto('core.bookings')
      .values({
        number: sql<string>`'TP-' || nextval('core.booking_number_seq')::text`,
        station_id: row.stationId,
        customer_id: row.customerId,
        quote_id: row.quoteId,
        hold_id: row.holdId,
        status: row.status,
        date: row.date,
        slot: row.slot,
        requested_time: row.requestedTime,
        event_starts_at: row.eventStartsAt,
        adults: row.adults,
        children: row.children,
        toddlers: row.toddlers,
        menu: json(row.menu),
        venue_zip: row.venueZip,
        venue_address: row.venueAddress,
        venue_lat: row.venueLat,
        venue_lng: row.venueLng,
        total_cents: row.totalCents,
        deposit_cents: row.depositCents,
        source_channel: row.sourceChannel,
        access_token_hash: row.accessTokenHash,
        deposit_due_at: row.depositDueAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * The customer's "I've sent it" and the deadline it moves to. Not an edit of the booking,
   * so the version (optimistic lock of edits) stays; callers hold the booking's row lock.
   */
  recordDepositReport(
    id: string,
    report: { reference: string; method: string; depositDueAt: Date | null },
  ) {
    return this.db
      .updateTable('core.bookings')
      .set({
        deposit_reported_at: sql`coalesce(deposit_reported_at, now())`,
        deposit_reported_reference: report.reference,
        deposit_reported_method: report.method,
        deposit_due_at: report.depositDueAt,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findBooking(id: string) {
    return this.db.selectFrom('core.bookings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Is the booking assigned to the chef linked to this staff account? */
  async isAssignedToStaff(bookingId: string, staffId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('ops.booking_chefs as bc')
      .innerJoin('ops.chefs as ch', 'ch.id', 'bc.chef_id')
      .select('bc.chef_id')
      .where('bc.booking_id', '=', bookingId)
      .where('ch.staff_id', '=', staffId)
      .executeTakeFirst();
    return Boolean(row);
  }

  findBookingForUpdate(id: string) {
    return this.db
      .selectFrom('core.bookings')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Optimistic lock: the update applies only to the version the caller read. */
  updateBooking(
    id: string,
    expectedVersion: number,
    patch: Partial<{
      status: string;
      previousStatus: string | null;
      date: string;
      slot: string;
      requestedTime: string | null;
      eventStartsAt: Date;
      adults: number;
      children: number;
      toddlers: number;
      menu: unknown;
      allergens: unknown;
      specialRequests: string | null;
      quoteId: string;
      totalCents: number;
      reschedulesUsed: number;
      cancelledAt: Date;
      cancellationReason: string | null;
    }>,
  ) {
    return this.db
      .updateTable('core.bookings')
      .set({
        ...givenColumns({
          status: patch.status,
          previous_status: patch.previousStatus,
          date: patch.date,
          slot: patch.slot,
          requested_time: patch.requestedTime,
          event_starts_at: patch.eventStartsAt,
          adults: patch.adults,
          children: patch.children,
          toddlers: patch.toddlers,
          menu: patch.menu === undefined ? undefined : json(patch.menu),
          allergens: patch.allergens === undefined ? undefined : json(patch.allergens),
          special_requests: patch.specialRequests,
          quote_id: patch.quoteId,
          total_cents: patch.totalCents,
          reschedules_used: patch.reschedulesUsed,
          cancelled_at: patch.cancelledAt,
          cancellation_reason: patch.cancellationReason,
        }),
        version: sql<number>`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
  }

  async addAccessToken(row: {
    bookingId: string;
    tokenHash: string;
    purpose: string;
  }): Promise<void> {
    await this.db
      .insertInto('core.booking_access_tokens')
      .values({ booking_id: row.bookingId, token_hash: row.tokenHash, purpose: row.purpose })
      .execute();
  }

  async hasAccessToken(bookingId: string, tokenHash: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('core.booking_access_tokens')
      .select('token_hash')
      .where('booking_id', '=', bookingId)
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Boolean(row);
  }

  async addEvent(row: {
    bookingId: string;
    type: string;
    data?: unknown;
    actor: string;
  }): Promise<void> {
    await this.db
      .insertInto('core.booking_events')
      .values({
        booking_id: row.bookingId,
        type: row.type,
        data: json(row.data ?? {}),
        actor: row.actor,
      })
      .execute();
  }

  /** The payment a manual-payment submit with this idempotency key recorded, if any. */
  findRecordedPayment(bookingId: string, idempotencyKey: string) {
    return this.db
      .selectFrom('core.booking_events')
      .select(sql<string>`data->>'paymentId'`.as('paymentId'))
      .where('booking_id', '=', bookingId)
      .where('type', '=', 'payment_recorded')
      .where(sql<string>`data->>'idempotencyKey'`, '=', idempotencyKey)
      .executeTakeFirst();
  }

  /** The newest timeline event, with the staff member's name when staff made it. */
  lastEvent(bookingId: string) {
    return this.db
      .selectFrom('core.booking_events as e')
      .leftJoin('identity.staff as s', (join) =>
        join.on(sql`e.actor`, '=', sql`'staff:' || s.id::text`),
      )
      .select(['e.type', 'e.data', 'e.actor', 'e.created_at', 's.name as staff_name'])
      .where('e.booking_id', '=', bookingId)
      .orderBy('e.id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  listEvents(bookingId: string) {
    return this.db
      .selectFrom('core.booking_events')
      .select(['type', 'data', 'actor', 'created_at'])
      .where('booking_id', '=', bookingId)
      .orderBy('id')
      .execute();
  }
}

export type HoldRow = NonNullable<Awaited<ReturnType<BookingsRepository['findHold']>>>;
export type BookingRow = NonNullable<Awaited<ReturnType<BookingsRepository['findBooking']>>>;
