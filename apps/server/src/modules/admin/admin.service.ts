import { bookingStatuses } from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import type { BookingsService } from '../bookings/bookings.service.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import { can, canSeeStation, isOwnEventsOnly } from '../staff/permissions.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { audienceOf } from '../../lib/audience-response.ts';
import { bookingCsvViews } from './admin-booking-views.ts';
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
      chefStaffId: isOwnEventsOnly(staff.role) ? staff.id : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    // Chefs never see pay (SPEC §14): their response schema has no amount (ADR 0019).
    return {
      items: page.map(toListItem),
      nextCursor:
        rows.length > query.limit && last ? encodePageCursor(last.event_starts_at, last.id) : null,
    };
  }

  /**
   * The same filters as the list, as CSV, read page by page (capped at MAX_CSV_ROWS). The
   * columns are the caller's view (`bookingCsvViews`): a chef's file has no amount column.
   */
  async *exportBookingsCsv(
    staff: StaffPrincipal,
    query: Omit<BookingListQuery, 'cursor' | 'limit'>,
  ): AsyncGenerator<string> {
    const view = bookingCsvViews[audienceOf(staff)];
    const columns = Object.keys(view.shape);
    yield `${columns.join(',')}\n`;
    let cursor: string | undefined;
    let written = 0;
    while (written < MAX_CSV_ROWS) {
      const page = await this.listBookings(staff, { ...query, cursor, limit: 1000 });
      for (const item of page.items) {
        const row: Record<string, string | number | null> = view.parse({
          number: item.number,
          date: item.date,
          slot: item.slot,
          requested_time: item.requestedTime,
          status: item.status,
          customer: item.customer.name,
          email: item.customer.email,
          phone: item.customer.phone,
          guests: item.guests,
          total_usd: (item.totalCents / 100).toFixed(2),
          zip: item.venueZip,
          source: item.sourceChannel,
        });
        yield `${columns.map((column) => csvCell(row[column] ?? null)).join(',')}\n`;
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
    if (
      isOwnEventsOnly(staff.role) &&
      !(await new BookingsRepository(this.db).isAssignedToStaff(id, staff.id))
    )
      throw new AppError('BOOKING_NOT_FOUND');
    const seesMessages = can(staff.role, 'conversations.read');
    const [view, events, scheduled, sent] = await Promise.all([
      this.deps.bookings.view(this.db, row),
      repo.listEvents(id),
      repo.listScheduled(id),
      seesMessages ? repo.listSentMessages(id) : Promise.resolve([]),
    ]);
    // Chefs never see pay (SPEC §14): the chef's response schema declares no amount, quote,
    // payment, policy or timeline data, so none of it is sent (ADR 0019).
    return {
      ...view,
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

  /** Your stations' entries (or `stationId`'s); a super admin also reads org-wide ones. */
  async listAudit(
    staff: StaffPrincipal,
    query: {
      stationId?: string | undefined;
      entity?: string | undefined;
      entityId?: string | undefined;
      actor?: string | undefined;
      beforeId?: number | undefined;
      limit: number;
    },
  ) {
    const { stationId, ...filter } = query;
    const rows = await new AdminBookingsRepository(this.db, this.deps.fieldCrypto).listAudit({
      ...filter,
      stationIds: stationScopeOf(staff, stationId),
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
        stationId: r.station_id,
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
