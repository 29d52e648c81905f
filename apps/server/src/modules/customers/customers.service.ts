import type { Kysely } from 'kysely';
import { consentsInForce, isFollowUpOverdue, lifetimeValue, netPaidOf } from '@teppan/core';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { CustomersRepository } from './customers.repository.ts';

const lastAtOf = (cursor: { value: Date | null; id: string }) => ({
  lastAt: cursor.value,
  id: cursor.id,
});

export interface CustomerListQuery {
  q?: string | undefined;
  stationId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Customers are not tied to a station: a staff member sees a customer who has a booking or a
 * lead in one of their stations, and only those stations' bookings, payments and leads.
 */
export class CustomersService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { now: () => Date; fieldCrypto: FieldCrypto },
  ) {}

  async list(staff: StaffPrincipal, query: CustomerListQuery) {
    const stations = stationScopeOf(staff, query.stationId);
    const repo = new CustomersRepository(this.db, this.deps.fieldCrypto);
    const rows = await repo.list({
      stations,
      query: query.q,
      after: query.cursor ? lastAtOf(decodePageCursor(query.cursor, 'nullableDate')) : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const net = new Map<string, number>();
    const sums = await repo.listPaymentSumsByCustomer(
      page.map((r) => r.id),
      stations,
    );
    for (const s of sums)
      net.set(
        s.customer_id,
        (net.get(s.customer_id) ?? 0) +
          netPaidOf({ kind: s.kind, status: s.status, amountCents: Number(s.amount_cents) }),
      );
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        phone: r.phone,
        bookingCount: r.booking_count,
        lastBookingAt: r.last_at?.toISOString() ?? null,
        netReceivedCents: net.get(r.id) ?? 0,
        createdAt: r.created_at.toISOString(),
      })),
      // The last row's latest booking (event start, booking id), or its customer id when it has none.
      nextCursor:
        rows.length > query.limit && last ? encodePageCursor(last.last_at, last.cursor_id) : null,
    };
  }

  async detail(staff: StaffPrincipal, id: string) {
    const stations = stationScopeOf(staff);
    const repo = new CustomersRepository(this.db, this.deps.fieldCrypto);
    const customer = await repo.find(id);
    if (!customer || !(await repo.isVisible(customer, stations)))
      throw new AppError('CUSTOMER_NOT_FOUND');
    const [bookings, sums, consents, leads] = await Promise.all([
      repo.listBookings(id, stations),
      repo.listPaymentSums(id, stations),
      repo.listConsents(customer),
      repo.listLeads(customer, stations),
    ]);
    const payments = sums.map((s) => ({
      bookingId: s.booking_id,
      kind: s.kind,
      status: s.status,
      amountCents: Number(s.amount_cents),
    }));
    const value = lifetimeValue({
      payments,
      bookings: bookings.map((b) => ({ status: b.status, totalCents: b.total_cents })),
    });
    const paidByBooking = new Map<string, number>();
    for (const p of payments)
      if (p.bookingId)
        paidByBooking.set(p.bookingId, (paidByBooking.get(p.bookingId) ?? 0) + netPaidOf(p));
    // Bookings come newest first; cancelled ones are not events the customer had.
    const held = bookings.filter((b) => b.status !== 'cancelled');
    const now = this.deps.now();
    return {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      phone: customer.phone,
      createdAt: customer.created_at.toISOString(),
      stats: {
        bookingCount: bookings.length,
        completedCount: bookings.filter((b) => b.status === 'completed').length,
        cancelledCount: bookings.length - held.length,
        firstBookingDate: held.at(-1)?.date ?? null,
        lastBookingDate: held[0]?.date ?? null,
        lifetimeValue: value,
      },
      bookings: bookings.map((b) => ({
        id: b.id,
        number: b.number,
        stationId: b.station_id,
        status: b.status,
        date: b.date,
        slot: b.slot,
        eventStartsAt: b.event_starts_at.toISOString(),
        guests: b.adults + b.children + b.toddlers,
        totalCents: b.total_cents,
        paidCents: paidByBooking.get(b.id) ?? 0,
        sourceChannel: b.source_channel,
      })),
      consents: {
        inForce: consentsInForce(consents),
        history: consents
          .slice()
          .reverse()
          .map((c) => ({
            id: c.id,
            channel: c.channel,
            purpose: c.purpose,
            status: c.status,
            source: c.source,
            textShown: c.text_shown,
            ip: c.ip,
            at: c.at.toISOString(),
          })),
      },
      leads: leads.map((l) => ({
        id: l.id,
        stationId: l.station_id,
        source: l.source,
        status: l.status,
        score: l.score,
        nextFollowUpAt: l.next_follow_up_at?.toISOString() ?? null,
        isOverdue: isFollowUpOverdue({
          status: l.status,
          nextFollowUpAt: l.next_follow_up_at,
          now,
        }),
        bookingId: l.booking_id,
        createdAt: l.created_at.toISOString(),
      })),
    };
  }
}
