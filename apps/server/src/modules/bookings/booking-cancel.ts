import { cancellationOutcome, type Settings } from '@teppan/core';
import type { Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { recordBookingChange } from './booking-change.ts';
import { bookingMoneyOf, paidDepositCents } from './booking-view.ts';
import { BookingsRepository, type BookingRow } from './bookings.repository.ts';
import type { RequestContext } from './holds.service.ts';
import { ScheduleRepository } from './schedule.repository.ts';

export type CancellationOutcome = ReturnType<typeof cancellationOutcome>;

/**
 * Cancels a booking the caller has locked (slot, then booking): applies the deposit policy
 * (a refund owed when due), cancels pending payments, frees the place, drops every planned
 * message and writes the timeline event with its audit entry. One path for the customer,
 * staff and the deposit-deadline job, so no cancellation forgets a step.
 */
export async function cancelLockedBooking(
  trx: Transaction<DB>,
  input: {
    booking: BookingRow;
    settings: Settings;
    now: Date;
    actor: string;
    reason: string | null;
    ctx?: RequestContext | undefined;
    /** Extra timeline data, e.g. which deadline passed. */
    data?: Record<string, unknown>;
  },
): Promise<{ row: BookingRow; outcome: CancellationOutcome }> {
  const { booking } = input;
  const payments = new PaymentsRepository(trx);
  const rows = await payments.listForBooking(booking.id);
  const outcome = cancellationOutcome({
    eventStartsAt: booking.event_starts_at,
    now: input.now,
    depositPaidCents: paidDepositCents(rows),
    policies: input.settings.policies,
  });
  // The refund recorded is what the booking's money figures say comes back (the deposit
  // when early enough, and any balance or fee paid ahead), so the two never disagree.
  const { refundToRecordCents } = bookingMoneyOf({
    booking: { ...booking, status: 'cancelled', cancelled_at: input.now },
    // Pending rows are cancelled below; a pending refund among them is owed again here.
    payments: rows.filter((row) => row.status !== 'pending'),
    policies: input.settings.policies,
  });
  await payments.cancelPendingForBooking(booking.id);
  if (refundToRecordCents > 0)
    await payments.insert({
      bookingId: booking.id,
      holdId: null,
      kind: 'refund',
      method: 'manual',
      provider: 'manual',
      status: 'pending',
      amountCents: refundToRecordCents,
      reference: `REF-${booking.number}`,
    });
  const row = await new BookingsRepository(trx).updateBooking(booking.id, booking.version, {
    status: 'cancelled',
    previousStatus: null,
    cancelledAt: input.now,
    cancellationReason: input.reason,
  });
  if (!row) throw new AppError('BOOKING_VERSION_CONFLICT');
  await new ScheduleRepository(trx).cancelPlanned({ bookingId: booking.id });
  await recordBookingChange(trx, {
    bookingId: booking.id,
    type: 'cancelled',
    data: { ...outcome, reason: input.reason, ...input.data },
    actor: input.actor,
    action: 'booking.cancel',
    before: { status: booking.status },
    after: {
      status: row.status,
      refundCents: outcome.refundCents,
      forfeitedCents: outcome.forfeitedCents,
      ...input.data,
    },
    ctx: input.ctx,
  });
  return { row, outcome };
}
