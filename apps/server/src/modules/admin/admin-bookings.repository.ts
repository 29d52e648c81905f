import type { FieldCrypto } from '@teppan/db/field-crypto';
import { PII_CONTEXT } from '@teppan/db/pii';
import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { customerSearchCondition } from '../customers/customers.repository.ts';

/** `in ()` is not valid SQL: an empty station list matches no row, through an id no station has. */
const stationsOrNone = (ids: readonly string[]) =>
  ids.length ? ids : ['00000000-0000-0000-0000-000000000000'];

export interface BookingListFilter {
  /** null = every station (super admin). */
  stationIds: readonly string[] | null;
  statuses?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  query?: string | undefined;
  after?: { startsAt: Date; id: string } | undefined;
  /** A chef's own schedule: only bookings they are assigned to. */
  chefStaffId?: string | undefined;
  limit: number;
}

export class AdminBookingsRepository {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  /** A row with the customer's contact details decrypted. */
  private open<T extends { customer_email: string; customer_phone: string }>(row: T): T {
    return {
      ...row,
      customer_email: this.crypto.decrypt(row.customer_email, PII_CONTEXT.customerEmail),
      customer_phone: this.crypto.decrypt(row.customer_phone, PII_CONTEXT.customerPhone),
    };
  }

  /** Newest event first, keyset-paginated on (event_starts_at, id). */
  async list(filter: BookingListFilter) {
    let query = this.db
      .selectFrom('core.bookings as b')
      .innerJoin('core.customers as c', 'c.id', 'b.customer_id')
      .select([
        'b.id',
        'b.number',
        'b.station_id',
        'b.status',
        'b.date',
        'b.slot',
        'b.requested_time',
        'b.event_starts_at',
        'b.adults',
        'b.children',
        'b.toddlers',
        'b.total_cents',
        'b.venue_zip',
        'b.source_channel',
        'b.created_at',
        'c.name as customer_name',
        'c.email as customer_email',
        'c.phone as customer_phone',
      ])
      .orderBy('b.event_starts_at', 'desc')
      .orderBy('b.id', 'desc')
      .limit(filter.limit);
    if (filter.stationIds)
      query = query.where('b.station_id', 'in', stationsOrNone(filter.stationIds));
    if (filter.statuses?.length) query = query.where('b.status', 'in', filter.statuses);
    if (filter.chefStaffId) {
      const staffId = filter.chefStaffId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('ops.booking_chefs as bc')
            .innerJoin('ops.chefs as ch', 'ch.id', 'bc.chef_id')
            .select(sql`1`.as('one'))
            .whereRef('bc.booking_id', '=', 'b.id')
            .where('ch.staff_id', '=', staffId),
        ),
      );
    }
    // The date bounds are also given on event_starts_at, widened by a day for time zones, so
    // the (…, event_starts_at) indexes scan just the range; the exact test is on the date.
    if (filter.from)
      query = query
        .where('b.date', '>=', filter.from)
        .where('b.event_starts_at', '>=', sql<Date>`${filter.from}::date - interval '1 day'`);
    if (filter.to)
      query = query
        .where('b.date', '<=', filter.to)
        .where('b.event_starts_at', '<', sql<Date>`${filter.to}::date + interval '2 days'`);
    if (filter.after) {
      const { startsAt, id } = filter.after;
      query = query.where((eb) =>
        eb.or([
          eb('b.event_starts_at', '<', startsAt),
          eb.and([eb('b.event_starts_at', '=', startsAt), eb('b.id', '<', id)]),
        ]),
      );
    }
    const q = filter.query?.trim();
    if (q) {
      const number = /^(?:tp-?)?(\d{3,})$/i.exec(q);
      // Customers first (name by trigram index, full email or phone by blind index, OR-ed as
      // a bitmap), then their bookings by customer_id: an OR across the join would scan
      // every booking.
      const matchingCustomers = this.db
        .selectFrom('core.customers')
        .select('id')
        .where(customerSearchCondition(this.crypto, q));
      query = query.where((eb) =>
        eb.or([
          ...(number ? [eb('b.number', '=', `TP-${number[1]}`)] : []),
          // array(…) runs the customer search once, up front (an InitPlan), so the planner
          // fetches those customers' bookings by index instead of walking every booking.
          eb('b.customer_id', '=', sql<string>`any(array(${matchingCustomers}))`),
        ]),
      );
    }
    return (await query.execute()).map((row) => this.open(row));
  }

  async findDetail(id: string) {
    const row = await this.db
      .selectFrom('core.bookings as b')
      .innerJoin('core.customers as c', 'c.id', 'b.customer_id')
      .selectAll('b')
      .select(['c.name as customer_name', 'c.email as customer_email', 'c.phone as customer_phone'])
      .where('b.id', '=', id)
      .executeTakeFirst();
    return row && this.open(row);
  }

  /** The timeline, with the staff member's name where staff made the change. */
  listEvents(bookingId: string) {
    return this.db
      .selectFrom('core.booking_events as e')
      .leftJoin('identity.staff as s', (join) =>
        join.on(sql`e.actor`, '=', sql`'staff:' || s.id::text`),
      )
      .select(['e.type', 'e.data', 'e.actor', 'e.created_at', 's.name as staff_name'])
      .where('e.booking_id', '=', bookingId)
      .orderBy('e.id')
      .execute();
  }

  listScheduled(bookingId: string) {
    return this.db
      .selectFrom('core.scheduled_messages')
      .select(['kind', 'due_at', 'status', 'outcome', 'processed_at'])
      .where('booking_id', '=', bookingId)
      .orderBy('due_at')
      .execute();
  }

  /** Messages recorded or sent about the booking (email, SMS), newest last; no bodies. */
  async listSentMessages(bookingId: string) {
    const rows = await this.db
      .selectFrom('marketing.outbox')
      .select(['channel', 'recipient', 'subject', 'template', 'status', 'provider', 'created_at'])
      .where('booking_id', '=', bookingId)
      .orderBy('created_at')
      .limit(200)
      .execute();
    return rows.map((row) => ({
      ...row,
      recipient: this.crypto.decrypt(row.recipient, PII_CONTEXT.outboxRecipient),
    }));
  }

  /** `stationIds` null: every entry (a super admin), organisation-wide ones included. */
  listAudit(filter: {
    stationIds: readonly string[] | null;
    entity?: string | undefined;
    entityId?: string | undefined;
    actor?: string | undefined;
    beforeId?: number | undefined;
    limit: number;
  }) {
    let query = this.db
      .selectFrom('audit.log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.stationIds)
      query = query.where('station_id', 'in', stationsOrNone(filter.stationIds));
    if (filter.entity) query = query.where('entity', '=', filter.entity);
    if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
    if (filter.actor) query = query.where('actor', '=', filter.actor);
    if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
    return query.execute();
  }

  /** Baseline for the list benchmark: the same page by the same index, no joins or filters. */
  async plainPage(stationId: string, limit: number): Promise<number> {
    const { rows } = await sql<{ id: string }>`
      select id from core.bookings where station_id = ${stationId}
      order by event_starts_at desc, id desc limit ${limit}`.execute(this.db);
    return rows.length;
  }
}

export type BookingListRow = Awaited<ReturnType<AdminBookingsRepository['list']>>[number];
