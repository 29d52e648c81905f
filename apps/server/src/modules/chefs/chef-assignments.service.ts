import {
  rankChefs,
  weekdayOf,
  type ChefCandidate,
  type ChefRanking,
  type Settings,
} from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import type { SettingsService, Station } from '../settings/settings.service.ts';
import { can, canSeeStation, isOwnEventsOnly } from '../staff/permissions.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import { ChefAssignmentsRepository } from './chef-assignments.repository.ts';
import { ChefsRepository } from './chefs.repository.ts';
import { isSlotTime } from './chefs.mappers.ts';

const CLOSED_FOR_ASSIGNMENT = new Set(['cancelled', 'completed', 'no_show']);

/** Who cooks an event: the ranking of a station's chefs and the assignment under slot locks. */
export class ChefAssignmentsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService },
  ) {}

  // Booking assignments ------------------------------------------------------------------

  private async rankingFor(
    executor: Kysely<DB> | Transaction<DB>,
    booking: {
      id: string;
      station_id: string;
      customer_id: string;
      date: string;
      slot: string;
      adults: number;
      children: number;
      toddlers: number;
      venue_lat: number;
      venue_lng: number;
      requested_chef_id: string | null;
    },
    options: {
      chefIds?: readonly string[];
      /**
       * Pass these when `executor` is a transaction holding slot locks: fetching them there
       * would wait for a second pool connection while holding the lock.
       */
      context?: { station: Station; settings: Settings };
    } = {},
  ): Promise<{ ranking: ChefRanking; foundIds: string[] }> {
    const { station, settings } =
      options.context ?? (await this.deps.settings.getForStation(booking.station_id));
    // The column's CHECK constraint allows only the four slots; anything else is a bug.
    if (!isSlotTime(booking.slot))
      throw new AppError('INTERNAL', `Booking ${booking.id} has an unknown slot.`);
    const slot = booking.slot;
    const rows = await new ChefAssignmentsRepository(executor).listRankingInputs({
      stationId: booking.station_id,
      bookingId: booking.id,
      customerId: booking.customer_id,
      date: booking.date,
      weekday: weekdayOf(booking.date),
      slot: booking.slot,
      chefIds: options.chefIds,
    });
    const chefs: ChefCandidate[] = rows.map((r) => {
      const hasHome = r.home_lat !== null && r.home_lng !== null;
      return {
        id: r.id,
        name: r.name,
        isActive: r.is_active,
        rating: Number(r.rating),
        maxGuests: r.max_guests,
        origin: hasHome
          ? { lat: r.home_lat ?? station.lat, lng: r.home_lng ?? station.lng }
          : { lat: station.lat, lng: station.lng },
        originSource: hasHome ? 'home' : 'station',
        isScheduled: Boolean(r.is_scheduled),
        isOnTimeOff: Boolean(r.is_on_time_off),
        conflictingBookings: r.conflicting_bookings ?? [],
        pastBookingsWithCustomer: r.past_with_customer ?? 0,
        isAssigned: Boolean(r.is_assigned),
      };
    });
    const ranking = rankChefs({
      booking: {
        date: booking.date,
        slot,
        guests: booking.adults + booking.children + booking.toddlers,
        venue: { lat: booking.venue_lat, lng: booking.venue_lng },
        requestedChefId: booking.requested_chef_id,
      },
      chefs,
      weights: settings.chefAssignment,
      circuityFactor: settings.travel.circuityFactor,
    });
    return { ranking, foundIds: rows.map((r) => r.id) };
  }

  /** Outside your stations, or for a chef an event not assigned to them, it does not exist. */
  private async getVisibleBooking(staff: StaffPrincipal, id: string) {
    const repo = new BookingsRepository(this.db);
    const booking = await repo.findBooking(id);
    if (!booking || !canSeeStation(staff, booking.station_id))
      throw new AppError('BOOKING_NOT_FOUND');
    if (isOwnEventsOnly(staff.role) && !(await repo.isAssignedToStaff(id, staff.id)))
      throw new AppError('BOOKING_NOT_FOUND');
    return booking;
  }

  async bookingChefs(staff: StaffPrincipal, bookingId: string) {
    const booking = await this.getVisibleBooking(staff, bookingId);
    const assigned = await new ChefAssignmentsRepository(this.db).listAssigned(bookingId);
    // Chefs see who cooks the event, not how their colleagues rank.
    const ranking =
      staff.role === 'chef' ? null : (await this.rankingFor(this.db, booking)).ranking;
    return {
      bookingId: booking.id,
      number: booking.number,
      status: booking.status,
      date: booking.date,
      slot: booking.slot,
      guests: booking.adults + booking.children + booking.toddlers,
      requestedChefId: booking.requested_chef_id,
      isOpenForAssignment: !CLOSED_FOR_ASSIGNMENT.has(booking.status),
      canAssign: can(staff.role, 'bookings.assign'),
      assigned: assigned.map((a) => ({
        chefId: a.chef_id,
        name: a.name,
        phone: a.phone,
        rating: Number(a.rating),
        isActive: a.is_active,
        score: a.score === null ? null : Number(a.score),
        assignedBy: a.assigned_by,
        assignedAt: a.assigned_at.toISOString(),
      })),
      ranking,
    };
  }

  /**
   * Sets the chefs of an event. Lock order (ADR 0002): the slot row, the booking, then the
   * chefs being added in id order; their availability and other events at that date and
   * slot are checked under those locks, so two requests cannot both take the same chef.
   */
  async assignChefs(
    staff: StaffPrincipal,
    bookingId: string,
    body: { chefIds: string[] },
    ctx: StaffRequestContext,
  ) {
    const peek = await this.getVisibleBooking(staff, bookingId);
    if (CLOSED_FOR_ASSIGNMENT.has(peek.status)) throw new AppError('CHEF_ASSIGNMENT_CLOSED');
    const wanted = [...new Set(body.chefIds)];
    const actor = `staff:${staff.id}`;
    const context = await this.deps.settings.getForStation(peek.station_id);
    await this.db.transaction().execute(async (trx) => {
      const bookings = new BookingsRepository(trx);
      const repo = new ChefsRepository(trx);
      const assignments = new ChefAssignmentsRepository(trx);
      await bookings.lockSlot({ stationId: peek.station_id, date: peek.date, slot: peek.slot });
      const booking = await bookings.findBookingForUpdate(bookingId);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      if (booking.date !== peek.date || booking.slot !== peek.slot)
        throw new AppError(
          'BOOKING_VERSION_CONFLICT',
          'The booking was just moved; reload and try again.',
        );
      if (CLOSED_FOR_ASSIGNMENT.has(booking.status)) throw new AppError('CHEF_ASSIGNMENT_CLOSED');
      const current = await assignments.listAssigned(bookingId);
      const currentIds = new Set(current.map((a) => a.chef_id));
      const added = wanted.filter((id) => !currentIds.has(id));
      const removed = current.filter((a) => !wanted.includes(a.chef_id));
      await repo.lockMany(added);
      const { ranking, foundIds } = await this.rankingFor(trx, booking, {
        chefIds: added,
        context: { station: context.station, settings: context.settings },
      });
      const missing = added.find((id) => !foundIds.includes(id));
      // A chef of another station does not exist for this booking.
      if (missing) throw new AppError('CHEF_NOT_FOUND', undefined, { chefId: missing });
      for (const refused of ranking.unavailable) {
        const details = {
          chefId: refused.chefId,
          reasons: refused.reasons,
          messages: refused.messages,
        };
        throw new AppError(
          refused.reasons.includes('double_booked') ? 'CHEF_DOUBLE_BOOKED' : 'CHEF_UNAVAILABLE',
          `${refused.name} cannot take this event: ${refused.messages.join(' ')}`,
          details,
        );
      }
      await assignments.removeAssignments(
        bookingId,
        removed.map((a) => a.chef_id),
      );
      await assignments.addAssignments(
        bookingId,
        ranking.ranked.map((s) => ({ chefId: s.chefId, score: s.score })),
        actor,
      );
      const nameOf = new Map([
        ...current.map((a) => [a.chef_id, a.name] as const),
        ...ranking.ranked.map((s) => [s.chefId, s.name] as const),
      ]);
      if (added.length || removed.length)
        await bookings.addEvent({
          bookingId,
          type: 'chefs_assigned',
          data: {
            chefs: wanted.map((id) => ({ id, name: nameOf.get(id) ?? null })),
            added: added.map((id) => ({ id, name: nameOf.get(id) ?? null })),
            removed: removed.map((a) => ({ id: a.chef_id, name: a.name })),
          },
          actor,
        });
      await new AuditRepository(trx).record({
        actor,
        action: 'booking.chefs.assign',
        entity: 'booking',
        entityId: bookingId,
        stationId: booking.station_id,
        before: { chefIds: [...currentIds] },
        after: { chefIds: wanted },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
    });
    return this.bookingChefs(staff, bookingId);
  }
}
