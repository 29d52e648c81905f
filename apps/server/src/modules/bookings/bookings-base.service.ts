import { createHash, timingSafeEqual } from 'node:crypto';
import { canChangeGuestCount, canChangeMenu, menuSchema, type Settings } from '@teppan/core';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { z } from 'zod';
import type { bookingPatchSchema } from '@teppan/core';
import { AppError } from '../../errors.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { recordBookingChange } from './booking-change.ts';
import { notifyBookingChanged } from './booking-change-notify.ts';
import { PaymentsRepository, type PaymentRow } from '../payments/payments.repository.ts';
import { QuotesRepository } from '../quotes/quotes.repository.ts';
import type { QuotesService } from '../quotes/quotes.service.ts';
import type { NotificationsModule } from '../notifications/notifications.module.ts';
import { renderBookingIcs } from '../notifications/booking-ics.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { BookingsRepository, type BookingRow } from './bookings.repository.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import type { HoldsService, RequestContext, ScheduledRow } from './holds.service.ts';
import { bookingMessageKinds, planBookingMessages } from './reminders.ts';
import { ScheduleRepository } from './schedule.repository.ts';

export type BookingPatch = z.infer<typeof bookingPatchSchema>;

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** Why a booking cannot take an "I've sent it" now, or null when it can. */
export function depositReportRefusal(
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

export const offlineMethodOf = (method: string): 'zelle' | 'venmo' | 'cash' =>
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
    | 'recordBookingConfirmation'
    | 'recordDepositReported'
    | 'recordBookingChangeMessages'
    | 'recordPaymentReceipt'
    | 'brand'
    | 'brandOf'
  >;
  publicBaseUrl: string;
  fieldCrypto: FieldCrypto;
}
/** Access, views and patches of a booking; the payment and schedule changes extend it. */
export class BookingsServiceBase {
  constructor(
    protected readonly db: Kysely<DB>,
    protected readonly deps: BookingsDeps,
  ) {}

  /** The manage link's secret: only its SHA-256 is stored; compared in constant time. */
  protected async authorize(id: string, token: string | undefined): Promise<BookingRow> {
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
      brand: this.deps.notifications.brandOf({ station, settings }),
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

  protected async replan(
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
  protected async versionConflict(id: string): Promise<AppError> {
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

  protected async applyPatch(
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
      await notifyBookingChanged(trx, this.deps, {
        row,
        change: {
          parts: [
            ...(guestsChanged ? ['guests' as const] : []),
            ...(menuChanged ? ['menu' as const] : []),
          ],
        },
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
}
