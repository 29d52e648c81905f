import { bookingStatuses } from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import type { BookingsService } from '../bookings/bookings.service.ts';
import { can, canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { AdminBookingsRepository, type BookingListRow } from './admin-bookings.repository.ts';

export const MAX_CSV_ROWS = 50_000;

const afterOf = (cursor: { value: Date; id: string }) => ({
  startsAt: cursor.value,
  id: cursor.id,
});

export interface BookingListQuery {
  status?: string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  stationId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Spreadsheet apps run cells that start with these as formulas (CSV injection). */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const toListItem = (row: BookingListRow) => ({
  id: row.id,
  number: row.number,
  stationId: row.station_id,
  status: row.status,
  date: row.date,
  slot: row.slot,
  requestedTime: row.requested_time,
  eventStartsAt: row.event_starts_at.toISOString(),
  guests: row.adults + row.children + row.toddlers,
  totalCents: row.total_cents,
  venueZip: row.venue_zip,
  sourceChannel: row.source_channel,
  customer: { name: row.customer_name, email: row.customer_email, phone: row.customer_phone },
});

/** What the admin panel reads, always limited to the stations of the staff member. */
export class AdminService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { bookings: BookingsService; fieldCrypto: FieldCrypto },
  ) {}

  async listBookings(staff: StaffPrincipal, query: BookingListQuery) {
    const unknown = query.status?.find((s) => !(bookingStatuses as readonly string[]).includes(s));
    if (unknown) throw new AppError('VALIDATION_FAILED', `Unknown status "${unknown}".`);
    const rows = await new AdminBookingsRepository(this.db, this.deps.fieldCrypto).list({
      stationIds: stationScopeOf(staff, query.stationId),
      statuses: query.status,
      from: query.from,
      to: query.to,
      query: query.q,
      after: query.cursor ? afterOf(decodePageCursor(query.cursor, 'date')) : undefined,
      chefStaffId: staff.role === 'chef' ? staff.id : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const seesMoney = can(staff.role, 'payments.read');
    return {
      items: page.map((row) => {
        const item = toListItem(row);
        // Chefs never see pay (SPEC §14): the amount is not sent at all.
        return seesMoney ? item : { ...item, totalCents: null };
      }),
      nextCursor:
        rows.length > query.limit && last ? encodePageCursor(last.event_starts_at, last.id) : null,
    };
  }

  /** The same filters as the list, as CSV, read page by page (capped at MAX_CSV_ROWS). */
  async *exportBookingsCsv(
    staff: StaffPrincipal,
    query: Omit<BookingListQuery, 'cursor' | 'limit'>,
  ): AsyncGenerator<string> {
    yield 'number,date,slot,requested_time,status,customer,email,phone,guests,total_usd,zip,source\n';
    let cursor: string | undefined;
    let written = 0;
    while (written < MAX_CSV_ROWS) {
      const page = await this.listBookings(staff, { ...query, cursor, limit: 1000 });
      for (const item of page.items) {
        yield `${[
          item.number,
          item.date,
          item.slot,
          item.requestedTime,
          item.status,
          item.customer.name,
          item.customer.email,
          item.customer.phone,
          item.guests,
          item.totalCents === null ? '' : (item.totalCents / 100).toFixed(2),
          item.venueZip,
          item.sourceChannel,
        ]
          .map(csvCell)
          .join(',')}\n`;
      }
      written += page.items.length;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async bookingDetail(staff: StaffPrincipal, id: string) {
    const repo = new AdminBookingsRepository(this.db, this.deps.fieldCrypto);
    const row = await repo.findDetail(id);
    if (!row || !canSeeStation(staff, row.station_id)) throw new AppError('BOOKING_NOT_FOUND');
    // A chef's schedule is their own events: another chef's booking does not exist for them.
    if (staff.role === 'chef' && !(await repo.isAssignedChef(id, staff.id)))
      throw new AppError('BOOKING_NOT_FOUND');
    const seesMessages = can(staff.role, 'conversations.read');
    const [view, events, scheduled, sent] = await Promise.all([
      this.deps.bookings.view(this.db, row),
      repo.listEvents(id),
      repo.listScheduled(id),
      seesMessages ? repo.listSentMessages(id) : Promise.resolve([]),
    ]);
    const money = can(staff.role, 'payments.read')
      ? {}
      : {
          // Chefs never see pay (SPEC §14): every amount is withheld, not just hidden.
          totalCents: null,
          depositCents: null,
          paidCents: null,
          balanceCents: null,
          quote: null,
          payments: [],
          policies: null,
        };
    return {
      ...view,
      ...money,
      customer: {
        id: row.customer_id,
        name: row.customer_name,
        email: row.customer_email,
        phone: row.customer_phone,
      },
      previousStatus: row.previous_status,
      cancellationReason: row.cancellation_reason,
      timeline: events.map((e) => ({
        type: e.type,
        data: e.data,
        actor: e.actor,
        actorName: e.staff_name ?? (e.actor === 'customer' ? 'Customer' : e.actor),
        at: e.created_at.toISOString(),
        // Who did it is shown; what money moved is not, for roles that never see pay.
        ...(can(staff.role, 'payments.read') ? {} : { data: null }),
      })),
      // What the customer was sent about this booking (not for chefs: no customer comms).
      sentMessages: sent.map((m) => ({
        channel: m.channel,
        recipient: m.recipient,
        subject: m.subject,
        template: m.template,
        status: m.status,
        provider: m.provider,
        at: m.created_at.toISOString(),
      })),
      scheduledMessages: scheduled.map((m) => ({
        kind: m.kind,
        dueAt: m.due_at.toISOString(),
        status: m.status,
        outcome: m.outcome,
        processedAt: m.processed_at?.toISOString() ?? null,
      })),
    };
  }

  async stationOfBooking(id: string): Promise<string> {
    return this.deps.bookings.stationOfBooking(id);
  }

  async listAudit(query: {
    entity?: string | undefined;
    entityId?: string | undefined;
    actor?: string | undefined;
    beforeId?: number | undefined;
    limit: number;
  }) {
    const rows = await new AdminBookingsRepository(this.db, this.deps.fieldCrypto).listAudit({
      ...query,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        ip: r.ip,
        requestId: r.request_id,
        at: r.created_at.toISOString(),
      })),
      nextBeforeId: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }
}
