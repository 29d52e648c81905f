import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  canChangeGuestCount,
  canChangeMenu,
  canTransition,
  foreignDepositReference,
  resolveCancellationRequest,
  menuSchema,
  type BookingStatus,
  type DepositReport,
  rescheduleTerms,
  staffConfirmationDeadline,
  zonedDateTimeToUtc,
  type Settings,
  type SlotTime,
} from '@teppan/core';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { z } from 'zod';
import type { bookingPatchSchema } from '@teppan/core';
import { AppError } from '../../errors.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { cancelLockedBooking, type CancellationOutcome } from './booking-cancel.ts';
import { recordBookingChange } from './booking-change.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { PaymentsRepository, type PaymentRow } from '../payments/payments.repository.ts';
import { QuotesRepository } from '../quotes/quotes.repository.ts';
import type { QuotesService } from '../quotes/quotes.service.ts';
import type { NotificationsModule } from '../notifications/notifications.module.ts';
import { renderBookingIcs } from '../notifications/booking-ics.ts';
import { formatInstant } from '../notifications/format.ts';
import type { SettingsService, Station } from '../settings/settings.service.ts';
import { BookingsRepository, type BookingRow } from './bookings.repository.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import type { HoldsService, RequestContext, ScheduledRow } from './holds.service.ts';
import { bookingMessageKinds, planBookingMessages } from './reminders.ts';
import { ScheduleRepository } from './schedule.repository.ts';

type BookingPatch = z.infer<typeof bookingPatchSchema>;

const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** Why a booking cannot take an "I've sent it" now, or null when it can. */
function depositReportRefusal(
  booking: BookingRow,
  deposit: Pick<PaymentRow, 'provider'> | undefined,
): AppError | null {
  if (booking.status === 'cancelled')
    return new AppError(
      'DEPOSIT_REPORT_NOT_ALLOWED',
      `This booking is cancelled${booking.cancellation_reason ? ` (${booking.cancellation_reason})` : ''}. Book again, or call us if you already sent the payment.`,
    );
  if (['confirmed', 'in_progress', 'completed'].includes(booking.status))
    return new AppError(
      'DEPOSIT_REPORT_NOT_ALLOWED',
      'The deposit for this booking is already confirmed; there is nothing more to send.',
    );
  if (booking.status !== 'pending_deposit')
    return new AppError(
      'DEPOSIT_REPORT_NOT_ALLOWED',
      'This booking is not waiting for a deposit now; call us if you already sent the payment.',
    );
  if (!deposit)
    return new AppError(
      'DEPOSIT_REPORT_NOT_ALLOWED',
      'There is no deposit waiting for payment on this booking.',
    );
  if (deposit.provider === 'stripe')
    return new AppError(
      'DEPOSIT_REPORT_NOT_ALLOWED',
      'This deposit is paid by card: the card checkout confirms the booking by itself.',
    );
  return null;
}

const offlineMethodOf = (method: string): 'zelle' | 'venmo' | 'cash' =>
  method === 'venmo' || method === 'cash' ? method : 'zelle';

export interface BookingsDeps {
  settings: SettingsService;
  availability: AvailabilityService;
  quotes: QuotesService;
  holds: HoldsService;
  now: () => Date;
  afterCommit: (rows: ScheduledRow[]) => Promise<void>;
  notifications: Pick<
    NotificationsModule,
    'recordBookingConfirmation' | 'recordDepositReported' | 'brand'
  >;
  publicBaseUrl: string;
  fieldCrypto: FieldCrypto;
}

export class BookingsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: BookingsDeps,
  ) {}

  /** The manage link's secret: only its SHA-256 is stored; compared in constant time. */
  private async authorize(id: string, token: string | undefined): Promise<BookingRow> {
    if (!token) throw new AppError('UNAUTHORIZED', 'This booking link needs its access token.');
    const booking = await new BookingsRepository(this.db).findBooking(id);
    if (!booking) throw new AppError('BOOKING_NOT_FOUND');
    const expected = Buffer.from(booking.access_token_hash, 'hex');
    const given = hashToken(token);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return booking;
    // Links sent by email carry their own token (see core.booking_access_tokens).
    const isEmailedToken = await new BookingsRepository(this.db).hasAccessToken(
      id,
      given.toString('hex'),
    );
    if (!isEmailedToken) throw new AppError('FORBIDDEN', 'This booking link is not valid.');
    return booking;
  }

  /** The station a booking belongs to, for staff authorisation. */
  async stationOfBooking(id: string): Promise<string> {
    const booking = await new BookingsRepository(this.db).findBooking(id);
    if (!booking) throw new AppError('BOOKING_NOT_FOUND');
    return booking.station_id;
  }

  async stationOfPayment(id: string): Promise<string> {
    const payment = await new PaymentsRepository(this.db).find(id);
    if (!payment?.booking_id) throw new AppError('PAYMENT_NOT_FOUND');
    return this.stationOfBooking(payment.booking_id);
  }

  async view(trx: Kysely<DB> | Transaction<DB>, booking: BookingRow): Promise<BookingView> {
    const [quote, payments, { station, settings }] = await Promise.all([
      new QuotesRepository(trx).findById(booking.quote_id),
      new PaymentsRepository(trx).listForBooking(booking.id),
      this.deps.settings.getForStation(booking.station_id, trx),
    ]);
    if (!quote) throw new AppError('QUOTE_NOT_FOUND');
    return toBookingView({
      booking,
      quote,
      payments,
      settings,
      now: this.deps.now(),
      timeZone: station.timeZone,
    });
  }

  async get(id: string, token: string | undefined): Promise<BookingView> {
    return this.view(this.db, await this.authorize(id, token));
  }

  /** The booking as an .ics file, the same event (same UID) as the confirmation email's. */
  async calendar(
    id: string,
    token: string | undefined,
  ): Promise<{ filename: string; ics: string }> {
    const booking = await this.authorize(id, token);
    const { station, settings } = await this.deps.settings.getForStation(booking.station_id);
    // authorize() accepted the token, so it is a valid manage link to put in the event.
    const manageUrl = `${this.deps.publicBaseUrl}/manage/${booking.id}?token=${encodeURIComponent(token ?? '')}`;
    const ics = renderBookingIcs({
      booking,
      timeZone: station.timeZone,
      eventDuration: settings.eventDuration,
      manageUrl,
      brand: this.deps.notifications.brand,
      now: this.deps.now(),
    });
    return { filename: `${booking.number}.ics`, ics };
  }

  /** The hold whose signature covers this booking (for the signed agreement PDF). */
  async signedHoldId(id: string, token: string | undefined): Promise<string> {
    const booking = await this.authorize(id, token);
    if (!booking.hold_id) throw new AppError('AGREEMENT_NOT_FOUND');
    return booking.hold_id;
  }

  private async replan(
    trx: Transaction<DB>,
    booking: BookingRow,
    settings: Settings,
    timeZone: string,
  ): Promise<ScheduledRow[]> {
    const schedule = new ScheduleRepository(trx);
    await schedule.cancelPlanned({ bookingId: booking.id, kinds: bookingMessageKinds });
    return schedule.insertMany(
      planBookingMessages({
        status: booking.status,
        createdAt: booking.created_at,
        depositDueAt: booking.deposit_due_at,
        depositReportedAt: booking.deposit_reported_at,
        date: booking.date,
        slot: booking.requested_time ?? booking.slot,
        guests: booking.adults + booking.children + booking.toddlers,
        timeZone,
        settings,
        now: this.deps.now(),
      }).map((m) => ({ bookingId: booking.id, ...m })),
    );
  }

  /** Guest count and menu changes by the customer, repriced through a new stored quote. */
  async patch(
    id: string,
    token: string | undefined,
    body: BookingPatch,
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const current = await this.authorize(id, token);
    return this.applyPatch(current, body, { actor: 'customer', overrideCutoffs: false }, ctx);
  }

  /**
   * The same change made by staff from the admin panel. Staff are held to the same
   * cut-offs (final guest count, menu changes) unless they say `overrideCutoffs`, which the
   * audit entry records.
   */
  async staffPatch(
    id: string,
    body: BookingPatch & { overrideCutoffs?: boolean | undefined },
    actor: string,
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const current = await new BookingsRepository(this.db).findBooking(id);
    if (!current) throw new AppError('BOOKING_NOT_FOUND');
    const { overrideCutoffs = false, ...patch } = body;
    return this.applyPatch(current, patch, { actor, overrideCutoffs }, ctx);
  }

  /**
   * Why a save lost: the booking's version now, and the change that moved it on (who, when,
   * which fields), so the person editing can see what they would have overwritten.
   */
  private async versionConflict(id: string): Promise<AppError> {
    const repo = new BookingsRepository(this.db);
    const [booking, last] = await Promise.all([repo.findBooking(id), repo.lastEvent(id)]);
    return new AppError(
      'BOOKING_VERSION_CONFLICT',
      last
        ? `${last.staff_name ?? (last.actor === 'customer' ? 'The customer' : last.actor)} saved this booking first (${last.type.replace(/_/g, ' ')}, ${last.created_at.toISOString()}). Nothing of yours was saved: review the booking as it is now and make your change again.`
        : undefined,
      {
        currentVersion: booking?.version ?? null,
        lastChange: last
          ? {
              type: last.type,
              actor: last.actor,
              actorName: last.staff_name ?? null,
              at: last.created_at.toISOString(),
              data: last.data,
            }
          : null,
      },
    );
  }

  private async applyPatch(
    current: BookingRow,
    body: BookingPatch,
    who: { actor: string; overrideCutoffs: boolean },
    ctx: RequestContext,
  ): Promise<BookingView> {
    const id = current.id;
    if (current.version !== body.version) throw await this.versionConflict(id);
    if (!['pending_deposit', 'confirmed'].includes(current.status))
      throw new AppError(
        'INVALID_TRANSITION',
        `A ${current.status.replace('_', ' ')} booking cannot be changed.`,
      );
    const { settings } = await this.deps.settings.getForStation(current.station_id);
    const now = this.deps.now();
    const policyInput = {
      eventStartsAt: current.event_starts_at,
      now,
      policies: settings.policies,
    };
    const menu = menuSchema.parse(current.menu);
    const guestsChanged =
      (body.adults !== undefined && body.adults !== current.adults) ||
      (body.children !== undefined && body.children !== current.children) ||
      (body.toddlers !== undefined && body.toddlers !== current.toddlers);
    const menuChanged =
      body.proteins !== undefined || body.extraProteins !== undefined || body.addons !== undefined;
    if (guestsChanged && !who.overrideCutoffs) {
      const rule = canChangeGuestCount(policyInput);
      if (!rule.allowed) throw new AppError('GUEST_CHANGE_CLOSED', rule.message);
    }
    if (menuChanged && !who.overrideCutoffs) {
      const rule = canChangeMenu(policyInput);
      if (!rule.allowed) throw new AppError('MENU_CHANGE_CLOSED', rule.message);
    }
    const priced =
      guestsChanged || menuChanged
        ? await this.deps.quotes.price({
            adults: body.adults ?? current.adults,
            children: body.children ?? current.children,
            toddlers: body.toddlers ?? current.toddlers,
            proteins: body.proteins ?? menu.proteins ?? {},
            extraProteins: body.extraProteins ?? menu.extraProteins ?? {},
            addons: body.addons ?? menu.addons ?? {},
            venue: {
              zip: current.venue_zip,
              ...(current.venue_address ? { address: current.venue_address } : {}),
            },
            eventDate: current.date,
            stationId: current.station_id,
          })
        : null;
    const write = this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      // The new quote commits with the booking change or not at all.
      const quote = priced ? await this.deps.quotes.store(trx, priced) : null;
      const row = await repo.updateBooking(id, body.version, {
        ...(body.adults !== undefined ? { adults: body.adults } : {}),
        ...(body.children !== undefined ? { children: body.children } : {}),
        ...(body.toddlers !== undefined ? { toddlers: body.toddlers } : {}),
        ...(quote ? { menu: quote.menu, quoteId: quote.id, totalCents: quote.totalCents } : {}),
        ...(body.allergens !== undefined ? { allergens: body.allergens } : {}),
        ...(body.specialRequests !== undefined ? { specialRequests: body.specialRequests } : {}),
      });
      // Rolls the new quote back with it; explained below.
      if (!row) throw new AppError('BOOKING_VERSION_CONFLICT');
      const fields = Object.keys(body).filter((k) => k !== 'version');
      await recordBookingChange(trx, {
        bookingId: id,
        type: 'updated',
        data: {
          fields,
          totalCents: row.total_cents,
          ...(who.overrideCutoffs ? { overrideCutoffs: true } : {}),
        },
        actor: who.actor,
        action: 'booking.update',
        before: {
          adults: current.adults,
          children: current.children,
          toddlers: current.toddlers,
          allergens: current.allergens,
          specialRequests: current.special_requests,
          totalCents: current.total_cents,
        },
        after: {
          adults: row.adults,
          children: row.children,
          toddlers: row.toddlers,
          allergens: row.allergens,
          specialRequests: row.special_requests,
          totalCents: row.total_cents,
          ...(who.overrideCutoffs ? { overrideCutoffs: true } : {}),
        },
        ctx,
      });
      return row;
    });
    const updated = await write.catch(async (error: unknown) => {
      // Another save won between the read and the write: explain it the same way.
      if (error instanceof AppError && error.code === 'BOOKING_VERSION_CONFLICT')
        throw await this.versionConflict(id);
      throw error;
    });
    return this.view(this.db, updated);
  }

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
    const ordered = [source, target].sort((a, b) =>
      `${a.date}|${a.slot}`.localeCompare(`${b.date}|${b.slot}`),
    );

    const result = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      for (const key of ordered) await repo.lockSlot(key);
      const booking = await repo.findBookingForUpdate(id);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      if (booking.date !== current.date || booking.slot !== current.slot)
        throw new AppError(
          'BOOKING_VERSION_CONFLICT',
          'The booking was just moved; reload and try again.',
        );
      if (body.version !== undefined && body.version !== booking.version)
        throw new AppError('BOOKING_VERSION_CONFLICT', undefined, {
          currentVersion: booking.version,
        });
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
      const scheduled = await this.replan(trx, row, settings, station.timeZone);
      return { row, scheduled, feeCents: terms.feeCents };
    });
    await this.deps.afterCommit(result.scheduled);
    return { ...(await this.view(this.db, result.row)), feeCents: result.feeCents };
  }

  /**
   * "I've sent it" (SPEC §4): the customer says an offline deposit is on its way and gives
   * the reference they used. Allowed until the deposit deadline; the booking then waits for
   * staff until the staff-confirmation deadline (the cancelling job moves with it) and
   * staff are alerted. Saying it again with another reference corrects it (same deadline,
   * a new alert); the same words again change nothing.
   */
  async reportDepositSent(
    id: string,
    token: string | undefined,
    body: DepositReport,
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const current = await this.authorize(id, token);
    const { station, settings } = await this.deps.settings.getForStation(current.station_id);
    const result = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      // The booking's row lock orders this against staff confirming the deposit and the
      // deadline job (slot → booking → its scheduled messages, ADR 0018).
      const booking = await repo.findBookingForUpdate(id);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      const deposit = (await new PaymentsRepository(trx).listForBooking(id)).find(
        (p) => p.kind === 'deposit' && p.status === 'pending',
      );
      const refusal = depositReportRefusal(booking, deposit);
      if (refusal || !deposit) throw refusal ?? new AppError('DEPOSIT_REPORT_NOT_ALLOWED');
      const brandPhone = settings.brand.contactPhone ?? this.deps.notifications.brand.contactPhone;
      if (booking.deposit_due_at && (await repo.isPastDeadline(booking.deposit_due_at)))
        throw new AppError(
          'DEPOSIT_DEADLINE_PASSED',
          booking.deposit_reported_at
            ? `We could not confirm your payment by ${formatInstant(booking.deposit_due_at, station.timeZone)}, so the date is being released. If you sent the money, call us at ${brandPhone}: we will refund it or book you again.`
            : `The deposit was due by ${formatInstant(booking.deposit_due_at, station.timeZone)}, so the date is being released. If you already sent the payment, call us at ${brandPhone}.`,
          { deadline: booking.deposit_due_at.toISOString() },
        );
      const foreign = foreignDepositReference({
        reported: body.reference,
        expected: deposit.reference,
      });
      if (foreign)
        throw new AppError(
          'DEPOSIT_REFERENCE_MISMATCH',
          `${foreign} is not this booking's reference; the reference of booking ${booking.number} is ${deposit.reference}.`,
          { expected: deposit.reference },
        );
      const method = body.method ?? offlineMethodOf(deposit.method);
      if (
        booking.deposit_reported_reference === body.reference &&
        booking.deposit_reported_method === method
      )
        return { row: booking, scheduled: [] as ScheduledRow[] };
      // The first report moves the deadline to the staff-confirmation deadline; a
      // correction keeps it (saying it twice buys no time).
      let depositDueAt = booking.deposit_due_at;
      if (!booking.deposit_reported_at && depositDueAt) {
        const hold = booking.hold_id ? await repo.findHold(booking.hold_id) : undefined;
        depositDueAt = staffConfirmationDeadline({
          signedAt: hold?.signed_at ?? booking.created_at,
          depositDeadline: depositDueAt,
          holds: settings.holds,
        });
      }
      const row = await repo.recordDepositReport(id, {
        reference: body.reference,
        method,
        depositDueAt,
      });
      const isCorrection = booking.deposit_reported_at !== null;
      await recordBookingChange(trx, {
        bookingId: id,
        type: 'deposit_reported',
        data: {
          paymentId: deposit.id,
          reference: body.reference,
          method,
          confirmBy: depositDueAt?.toISOString() ?? null,
          ...(isCorrection ? { correction: true } : {}),
        },
        actor: 'customer',
        action: 'booking.deposit_report',
        before: {
          reference: booking.deposit_reported_reference,
          method: booking.deposit_reported_method,
          depositDueAt: booking.deposit_due_at?.toISOString() ?? null,
        },
        after: {
          reference: body.reference,
          method,
          depositDueAt: depositDueAt?.toISOString() ?? null,
        },
        ctx,
      });
      const scheduled = await this.replan(trx, row, settings, station.timeZone);
      const customer = await new CustomersRepository(trx, this.deps.fieldCrypto).find(
        row.customer_id,
      );
      if (customer)
        await this.deps.notifications.recordDepositReported(trx, {
          booking: row,
          customer,
          report: { reference: body.reference, method },
          confirmBy: depositDueAt,
          timeZone: station.timeZone,
          station,
          settings,
        });
      return { row, scheduled };
    });
    await this.deps.afterCommit(result.scheduled);
    return this.view(this.db, result.row);
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
    const id = current.id;
    const body = { reason: input.reason };
    const { settings } = await this.deps.settings.getForStation(current.station_id);
    const result = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      await repo.lockSlot({
        stationId: current.station_id,
        date: current.date,
        slot: current.slot,
      });
      const booking = await repo.findBookingForUpdate(id);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      if (booking.date !== current.date || booking.slot !== current.slot)
        throw new AppError(
          'BOOKING_VERSION_CONFLICT',
          'The booking was just moved; reload and try again.',
        );
      if (!['pending_deposit', 'confirmed', 'cancellation_requested'].includes(booking.status))
        throw new AppError(
          'CANCEL_NOT_ALLOWED',
          `A ${booking.status.replace('_', ' ')} booking cannot be cancelled.`,
        );
      return cancelLockedBooking(trx, {
        booking,
        settings,
        now: this.deps.now(),
        actor,
        reason: body.reason ?? null,
        ctx,
      });
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
      const booking = await repo.findBookingForUpdate(id);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      if (input.version !== undefined && input.version !== booking.version)
        throw new AppError('BOOKING_VERSION_CONFLICT', undefined, {
          currentVersion: booking.version,
        });
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

  /** Staff cancellation, step two: approve (cancel, free the place) or reject (restore). */
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
      const booking = await repo.findBookingForUpdate(id);
      if (!booking) throw new AppError('BOOKING_NOT_FOUND');
      if (
        input.assignedToStaffId !== undefined &&
        !(await repo.isAssignedToStaff(id, input.assignedToStaffId))
      )
        throw new AppError('BOOKING_NOT_FOUND');
      if (input.version !== undefined && input.version !== booking.version)
        throw new AppError('BOOKING_VERSION_CONFLICT', undefined, {
          currentVersion: booking.version,
        });
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

  /**
   * Staff confirmation of an offline deposit: pending_deposit → confirmed. Card deposits
   * reach the same transition through the payment provider's webhook.
   */
  async confirmDeposit(
    paymentId: string,
    actor: string,
    ctx: RequestContext = {},
  ): Promise<BookingView> {
    const peek = await new PaymentsRepository(this.db).find(paymentId);
    if (!peek || !peek.booking_id) throw new AppError('PAYMENT_NOT_FOUND');
    const bookingId = peek.booking_id;
    const result = await this.db.transaction().execute(async (trx) => {
      const outcome = await this.applyDepositPaid(trx, { bookingId, paymentId, actor, ctx });
      if (outcome.kind !== 'confirmed') throw outcome.error;
      return outcome;
    });
    await this.deps.afterCommit(result.scheduled);
    return this.view(this.db, result.row);
  }

  /**
   * The one place a paid deposit confirms a booking, inside the caller's transaction
   * (lock order: booking → payment). Returns why it could not, instead of throwing, so a
   * webhook can record the outcome and still commit its event row.
   */
  async applyDepositPaid(
    trx: Transaction<DB>,
    input: {
      bookingId: string;
      paymentId: string;
      actor: string;
      ctx?: RequestContext;
      allowFailed?: boolean;
    },
  ): Promise<
    | { kind: 'confirmed'; row: BookingRow; scheduled: ScheduledRow[] }
    | { kind: 'not_applicable'; error: AppError }
  > {
    const { bookingId, paymentId, actor, ctx = {} } = input;
    const repo = new BookingsRepository(trx);
    const booking = await repo.findBookingForUpdate(bookingId);
    if (!booking) return { kind: 'not_applicable', error: new AppError('BOOKING_NOT_FOUND') };
    const payments = new PaymentsRepository(trx);
    const payment = await payments.findForUpdate(paymentId);
    const isPayable =
      payment?.status === 'pending' || (input.allowFailed === true && payment?.status === 'failed');
    if (!payment || !isPayable || payment.kind !== 'deposit')
      return { kind: 'not_applicable', error: new AppError('PAYMENT_NOT_PENDING') };
    if (booking.status !== 'pending_deposit')
      return {
        kind: 'not_applicable',
        error: new AppError(
          'INVALID_TRANSITION',
          `The booking is ${booking.status.replace('_', ' ')}; its deposit cannot be confirmed.`,
        ),
      };
    await payments.updateStatus(paymentId, { status: 'succeeded', confirmedBy: actor });
    const row = await repo.updateBooking(bookingId, booking.version, { status: 'confirmed' });
    if (!row) return { kind: 'not_applicable', error: new AppError('BOOKING_VERSION_CONFLICT') };
    await recordBookingChange(trx, {
      bookingId,
      type: 'deposit_confirmed',
      data: { paymentId, amountCents: payment.amount_cents, provider: payment.provider },
      actor,
      action: 'payment.confirm',
      before: { status: payment.status, bookingStatus: booking.status },
      after: { status: 'succeeded', bookingStatus: row.status },
      ctx,
      entity: { type: 'payment', id: paymentId },
    });
    const { station, settings } = await this.deps.settings.getForStation(row.station_id, trx);
    const scheduled = await this.replan(trx, row, settings, station.timeZone);
    await this.recordConfirmationEmail(trx, {
      row,
      station,
      settings,
    });
    return { kind: 'confirmed', row, scheduled };
  }

  /** The confirmation (with .ics) and the staff alert, committed with the confirmation. */
  private async recordConfirmationEmail(
    trx: Transaction<DB>,
    input: { row: BookingRow; station: Station; settings: Settings },
  ): Promise<void> {
    const repo = new BookingsRepository(trx);
    const customer = await new CustomersRepository(trx, this.deps.fieldCrypto).find(
      input.row.customer_id,
    );
    if (!customer) return;
    const token = randomBytes(24).toString('base64url');
    await repo.addAccessToken({
      bookingId: input.row.id,
      tokenHash: hashToken(token).toString('hex'),
      purpose: 'confirmation_email',
    });
    const quote = await new QuotesRepository(trx).findById(input.row.quote_id);
    await this.deps.notifications.recordBookingConfirmation(trx, {
      booking: input.row,
      customer,
      quote: quote ?? null,
      station: input.station,
      settings: input.settings,
      manageUrl: `${this.deps.publicBaseUrl}/manage/${input.row.id}?token=${token}`,
    });
  }
}
