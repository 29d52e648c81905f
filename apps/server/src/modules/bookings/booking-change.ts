import type { Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import { AuditRepository } from '../audit/audit.repository.ts';
import { BookingsRepository } from './bookings.repository.ts';
import type { RequestContext } from './holds.service.ts';

/**
 * One change to a booking, written twice in the caller's transaction: as a timeline event
 * (what the customer and staff see on the booking) and as an audit entry (who, before/after,
 * from where). Keeping both in one call means no path can write one and forget the other.
 */
export async function recordBookingChange(
  trx: Transaction<DB>,
  change: {
    bookingId: string;
    /** Timeline event type, e.g. `rescheduled`. */
    type: string;
    data?: unknown;
    actor: string;
    /** Audit action, e.g. `booking.reschedule`. */
    action: string;
    before: unknown;
    after: unknown;
    ctx?: RequestContext | undefined;
    /** Audit entity when the change is recorded against another record (e.g. a payment). */
    entity?: { type: string; id: string } | undefined;
  },
): Promise<void> {
  await new BookingsRepository(trx).addEvent({
    bookingId: change.bookingId,
    type: change.type,
    data: change.data ?? {},
    actor: change.actor,
  });
  // The entry carries the booking's station, read in the same statement (ADR 0019).
  await new AuditRepository(trx).recordForBooking(change.bookingId, {
    actor: change.actor,
    action: change.action,
    entity: change.entity?.type ?? 'booking',
    entityId: change.entity?.id ?? change.bookingId,
    before: change.before,
    after: change.after,
    ip: change.ctx?.ip ?? null,
    requestId: change.ctx?.requestId ?? null,
  });
}
