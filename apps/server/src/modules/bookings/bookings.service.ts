import {
  canTransition,
  resolveCancellationRequest,
  type BookingStatus,
  rescheduleTerms,
  zonedDateTimeToUtc,
  type SlotTime,
} from '@teppan/core';
import { AppError } from '../../errors.ts';
import { cancelLockedBooking, type CancellationOutcome } from './booking-cancel.ts';
import { recordBookingChange } from './booking-change.ts';
import { notifyBookingCancelled, notifyBookingChanged } from './booking-change-notify.ts';
import { expectVersion, lockBooking, lockUnmovedBooking } from './booking-lock.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { BookingsRepository, type BookingRow } from './bookings.repository.ts';
import { claimSlots } from './slot-claims.ts';
import { type BookingView } from './booking-view.ts';
import type { RequestContext } from './holds.service.ts';
import { BookingPaymentsService } from './booking-payments.service.ts';

export type { BookingsDeps } from './bookings-base.service.ts';

/**
 * Bookings: access, views and patches (bookings-base.service.ts), deposits
 * (booking-payments.service.ts), and here the changes of date, slot and status.
 */
export class BookingsService extends BookingPaymentsService {
  /**
   * Moves the booking to another slot. Both slot rows are locked in a fixed order so two
   * opposite reschedules cannot deadlock; capacity moves inside one transaction.
   */
  async reschedule(
    id: string,
    token: string | undefined,
    body: {
      date: string;
      slot: SlotTime;
      requestedTime?: string | undefined;
      version?: number | undefined;
      acceptFee: boolean;
    },
    ctx: RequestContext = {},
  ): Promise<BookingView & { feeCents: number }> {
    const current = await this.authorize(id, token);
    if (
      current.date === body.date &&
      current.slot === body.slot &&
      (body.requestedTime ?? null) === current.requested_time
    )
      throw new AppError('RESCHEDULE_NOT_ALLOWED', 'The booking is already at that date and time.');
    const { station, settings, capacity, reason } = await this.deps.availability.capacityFor({
      stationId: current.station_id,
      date: body.date,
      slot: body.slot,
    });
    this.deps.holds.validateSchedule({ ...body, settings, timeZone: station.timeZone });
    if (capacity === 0)
      throw new AppError('SLOT_UNAVAILABLE', reason ?? 'No chef is available for that time slot.');
    const target = { stationId: current.station_id, date: body.date, slot: body.slot };
    const source = { stationId: current.station_id, date: current.date, slot: current.slot };

    const result = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      // Both slot rows, in (date, slot) order (claimSlots sorts them).
      await claimSlots(trx, [source, target]);
      const booking = await lockUnmovedBooking(repo, current);
      expectVersion(booking, body.version);
      if (!['pending_deposit', 'confirmed'].includes(booking.status))
        throw new AppError(
          'RESCHEDULE_NOT_ALLOWED',
          `A ${booking.status.replace('_', ' ')} booking cannot be rescheduled.`,
        );
      const terms = rescheduleTerms({
        eventStartsAt: booking.event_starts_at,
        now: this.deps.now(),
        reschedulesUsed: booking.reschedules_used,
        policies: settings.policies,
      });
      if (!terms.free && !body.acceptFee)
        throw new AppError('RESCHEDULE_FEE_NOT_ACCEPTED', terms.message, {
          feeCents: terms.feeCents,
        });
      const isSameSlot = booking.date === body.date && booking.slot === body.slot;
      if (!isSameSlot) {
        // Capacity as of the lock decides (a blackout or time off may have just landed).
        const locked = await this.deps.availability.capacityUnderLock(
          trx,
          { station, settings },
          target,
        );
        if (locked.capacity === 0)
          throw new AppError(
            'SLOT_UNAVAILABLE',
            locked.reason ?? 'No chef is available for that time slot.',
          );
        const { taken } = locked;
        if (taken >= locked.capacity)
          throw new AppError('SLOT_FULL', undefined, { capacity: locked.capacity, taken });
      }
      const row = await repo.updateBooking(id, booking.version, {
        date: body.date,
        slot: body.slot,
        requestedTime: body.requestedTime ?? null,
        eventStartsAt: zonedDateTimeToUtc({
          date: body.date,
          time: body.requestedTime ?? body.slot,
          timeZone: station.timeZone,
        }),
        reschedulesUsed: booking.reschedules_used + 1,
      });
      if (!row) throw new AppError('BOOKING_VERSION_CONFLICT');
      if (terms.feeCents > 0) {
        await new PaymentsRepository(trx).insert({
          bookingId: id,
          holdId: null,
          kind: 'reschedule_fee',
          method: 'manual',
          provider: 'manual',
          status: 'pending',
          amountCents: terms.feeCents,
          reference: `RSF-${row.number}-${row.reschedules_used}`,
        });
      }
      const from = {
        date: booking.date,
        slot: booking.slot,
        requestedTime: booking.requested_time,
      };
      const to = { date: row.date, slot: row.slot, requestedTime: row.requested_time };
      // A chef assigned for the old date and slot may not work the new one (or may be cooking
      // elsewhere then): the assignment goes, and staff assign again from the suggestions.
      const unassigned = isSameSlot
        ? []
        : (
            await trx
              .deleteFrom('ops.booking_chefs')
              .where('booking_id', '=', id)
              .returning('chef_id')
              .execute()
          ).map((r) => r.chef_id);
      await recordBookingChange(trx, {
        bookingId: id,
        type: 'rescheduled',
        data: {
          from,
          to,
          feeCents: terms.feeCents,
          ...(unassigned.length ? { chefsUnassigned: unassigned } : {}),
        },
        actor: 'customer',
        action: 'booking.reschedule',
        before: from,
        after: to,
        ctx,
      });
      await notifyBookingChanged(trx, this.deps, {
        row,
        change: {
          parts: ['date'],
          previous: { date: booking.date, slot: booking.requested_time ?? booking.slot },
          feeCents: terms.feeCents,
        },
      });
      const scheduled = await this.replan(trx, row, settings, station.timeZone);
      return { row, scheduled, feeCents: terms.feeCents };
    });
    await this.deps.afterCommit(result.scheduled);
    return { ...(await this.view(this.db, result.row)), feeCents: result.feeCents };
  }

  /** Customer cancellation: frees the capacity and applies the deposit policy. */
  async cancel(
    id: string,
    token: string | undefined,
    body: { reason?: string | undefined },
    ctx: RequestContext = {},
  ): Promise<BookingView & { outcome: CancellationOutcome }> {
    const current = await this.authorize(id, token);
    return this.cancelBooking(current, { actor: 'customer', reason: body.reason, ctx });
  }

  /** Cancels under the slot lock: frees the place, applies the deposit policy, drops reminders. */
  async cancelBooking(
    current: BookingRow,
    input: { actor: string; reason?: string | undefined; ctx?: RequestContext },
  ): Promise<BookingView & { outcome: CancellationOutcome }> {
    const { actor, ctx = {} } = input;
    const body = { reason: input.reason };
    const { settings } = await this.deps.settings.getForStation(current.station_id);
    const result = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      await claimSlots(trx, [
        { stationId: current.station_id, date: current.date, slot: current.slot },
      ]);
      const booking = await lockUnmovedBooking(repo, current);
      if (!['pending_deposit', 'confirmed', 'cancellation_requested'].includes(booking.status))
        throw new AppError(
          'CANCEL_NOT_ALLOWED',
          `A ${booking.status.replace('_', ' ')} booking cannot be cancelled.`,
        );
      const cancelled = await cancelLockedBooking(trx, {
        booking,
        settings,
        now: this.deps.now(),
        actor,
        reason: body.reason ?? null,
        ctx,
      });
      await notifyBookingCancelled(trx, this.deps, {
        row: cancelled.row,
        outcome: cancelled.outcome,
        byCustomer: actor === 'customer',
      });
      return cancelled;
    });
    return { ...(await this.view(this.db, result.row)), outcome: result.outcome };
  }

  /**
   * Staff cancellation, step one (SPEC §4): the booking keeps its place and remembers the
   * status it had; an admin approves (cancelled) or rejects (back to that status).
   */
  async requestCancellation(
    id: string,
    input: { actor: string; reason: string; version?: number | undefined },
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const row = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      const booking = await lockBooking(repo, id);
      expectVersion(booking, input.version);
      const from = booking.status as BookingStatus;
      if (!canTransition(from, 'cancellation_requested'))
        throw new AppError(
          'INVALID_TRANSITION',
          `A ${from.replace('_', ' ')} booking cannot be put up for cancellation.`,
        );
      const updated = await repo.updateBooking(id, booking.version, {
        status: 'cancellation_requested',
        previousStatus: from,
        cancellationReason: input.reason,
      });
      if (!updated) throw new AppError('BOOKING_VERSION_CONFLICT');
      await recordBookingChange(trx, {
        bookingId: id,
        type: 'cancellation_requested',
        data: { reason: input.reason, from },
        actor: input.actor,
        action: 'booking.cancellation_request',
        before: { status: from },
        after: { status: updated.status, reason: input.reason },
        ctx,
      });
      return updated;
    });
    return this.view(this.db, row);
  }

  /**
   * Staff cancellation, step two: approve (cancel, free the place, with the deposit's
   * outcome) or reject (restore).
   */
  resolveCancellation(
    id: string,
    input: { actor: string; approve: true; note?: string | undefined },
    ctx?: RequestContext,
  ): Promise<BookingView & { outcome: CancellationOutcome }>;
  resolveCancellation(
    id: string,
    input: { actor: string; approve: boolean; note?: string | undefined },
    ctx?: RequestContext,
  ): Promise<BookingView>;
  async resolveCancellation(
    id: string,
    input: { actor: string; approve: boolean; note?: string | undefined },
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const current = await new BookingsRepository(this.db).findBooking(id);
    if (!current) throw new AppError('BOOKING_NOT_FOUND');
    if (current.status !== 'cancellation_requested')
      throw new AppError('INVALID_TRANSITION', 'There is no cancellation request on this booking.');
    if (input.approve)
      return this.cancelBooking(current, {
        actor: input.actor,
        reason: current.cancellation_reason ?? input.note,
        ctx,
      });
    const row = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      const booking = await repo.findBookingForUpdate(id);
      if (booking?.status !== 'cancellation_requested')
        throw new AppError(
          'INVALID_TRANSITION',
          'There is no cancellation request on this booking.',
        );
      const restored = resolveCancellationRequest({
        previous: (booking.previous_status ?? 'confirmed') as BookingStatus,
        approve: false,
      });
      const updated = await repo.updateBooking(id, booking.version, {
        status: restored,
        previousStatus: null,
        cancellationReason: null,
      });
      if (!updated) throw new AppError('BOOKING_VERSION_CONFLICT');
      await recordBookingChange(trx, {
        bookingId: id,
        type: 'cancellation_rejected',
        data: { note: input.note ?? null, restored },
        actor: input.actor,
        action: 'booking.cancellation_reject',
        before: { status: booking.status },
        after: { status: restored },
        ctx,
      });
      return updated;
    });
    return this.view(this.db, row);
  }

  /**
   * Staff moves a booking along its life cycle (in_progress, completed, no_show). The
   * state machine in core decides what is allowed; reminders are re-planned (completion
   * plans the review request). `assignedToStaffId`: a chef, who may move only an event
   * assigned to them; checked under the booking lock, which assigning chefs also takes, so
   * an event unassigned meanwhile cannot slip through. Otherwise it does not exist for them.
   */
  async changeStatus(
    id: string,
    input: {
      to: 'in_progress' | 'completed' | 'no_show';
      version?: number | undefined;
      actor: string;
      assignedToStaffId?: string | undefined;
    },
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const result = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      const booking = await lockBooking(repo, id);
      if (
        input.assignedToStaffId !== undefined &&
        !(await repo.isAssignedToStaff(id, input.assignedToStaffId))
      )
        throw new AppError('BOOKING_NOT_FOUND');
      expectVersion(booking, input.version);
      const from = booking.status as BookingStatus;
      if (!canTransition(from, input.to))
        throw new AppError(
          'INVALID_TRANSITION',
          `A ${from.replace('_', ' ')} booking cannot become ${input.to.replace('_', ' ')}.`,
        );
      const row = await repo.updateBooking(id, booking.version, { status: input.to });
      if (!row) throw new AppError('BOOKING_VERSION_CONFLICT');
      await recordBookingChange(trx, {
        bookingId: id,
        type: 'status_changed',
        data: { from, to: input.to },
        actor: input.actor,
        action: 'booking.status',
        before: { status: from },
        after: { status: input.to },
        ctx,
      });
      const { station, settings } = await this.deps.settings.getForStation(row.station_id, trx);
      const scheduled = await this.replan(trx, row, settings, station.timeZone);
      return { row, scheduled };
    });
    await this.deps.afterCommit(result.scheduled);
    return this.view(this.db, result.row);
  }
}
