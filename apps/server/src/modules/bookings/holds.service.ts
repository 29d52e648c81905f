import { createHash, randomBytes } from 'node:crypto';
import {
  checkNotice,
  offeredOfflineMethods,
  offlineMethodLabels,
  resolveSlot,
  zonedDateTimeToUtc,
  type HoldRequest,
  type Settings,
  type SignRequest,
  type SlotTime,
} from '@teppan/core';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { CustomersRepository } from '../customers/customers.repository.ts';
import type { NotificationsModule } from '../notifications/notifications.module.ts';
import { AppError } from '../../errors.ts';
import type { AgreementsService } from '../agreements/agreements.service.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { LeadsRepository } from '../leads/leads.repository.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { QuotesRepository, type QuoteRow } from '../quotes/quotes.repository.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { BookingsRepository, type HoldRow } from './bookings.repository.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { planBookingMessages, planHoldMessages } from './reminders.ts';
import { ScheduleRepository } from './schedule.repository.ts';
import { PlacementMemory, placeHold } from './hold-placement.ts';
import { toHoldView, type HoldView, type RequestContext, type ScheduledRow } from './hold-view.ts';

const MINUTE = 60_000;

export { toHoldView, type HoldView, type RequestContext, type ScheduledRow } from './hold-view.ts';

export interface HoldsDeps {
  settings: SettingsService;
  availability: AvailabilityService;
  agreements: AgreementsService;
  now: () => Date;
  publicBaseUrl: string;
  /** Wakes the job queue after commit; the sweeper covers a failure here. */
  afterCommit: (rows: ScheduledRow[]) => Promise<void>;
  onSlotFull?: () => void;
  /**
   * Customer contact details and consents are stored encrypted (ADR 0016); the caps store
   * the IP only as `keyedHash('ip', ip)`.
   */
  fieldCrypto: FieldCrypto;
  /** The "booking received" email of an offline deposit, and the station's brand. */
  notifications: Pick<NotificationsModule, 'recordBookingReceived' | 'brandOf'>;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class HoldsService {
  /** Per process: what earlier holds read, for the one-round-trip SLOT_FULL guess. */
  private readonly memory = new PlacementMemory();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: HoldsDeps,
  ) {}

  private async loadQuote(id: string): Promise<QuoteRow> {
    const quote = await new QuotesRepository(this.db).findById(id);
    if (!quote) throw new AppError('QUOTE_NOT_FOUND');
    return quote;
  }

  /** Notice, slot and requested-time rules shared by holds and reschedules. */
  validateSchedule(input: {
    date: string;
    slot: SlotTime;
    requestedTime?: string | undefined;
    settings: Settings;
    timeZone: string;
  }): void {
    const { settings } = input;
    if (!settings.slots.some((s) => s.time === input.slot))
      throw new AppError('SLOT_UNAVAILABLE', 'That time slot is not offered.');
    if (input.requestedTime) {
      const resolved = resolveSlot({
        requestedTime: input.requestedTime,
        slots: settings.slots,
        windowMinutes: settings.requestedTimeWindowMinutes,
      });
      if (resolved !== input.slot)
        throw new AppError(
          'REQUESTED_TIME_OUTSIDE_SLOT',
          `${input.requestedTime} is not within ${settings.requestedTimeWindowMinutes} minutes of the ${input.slot} slot.`,
        );
    }
    const notice = checkNotice({
      date: input.date,
      time: input.requestedTime ?? input.slot,
      timeZone: input.timeZone,
      now: this.deps.now(),
      notice: settings.notice,
    });
    if (!notice.ok) {
      const code = notice.reason === 'PAST' ? 'DATE_IN_PAST' : notice.reason;
      throw new AppError(code, notice.message);
    }
  }

  /**
   * Places a hold: see hold-placement.ts (two round trips, the second one locked statement;
   * a loser usually one).
   */
  async create(
    request: HoldRequest,
    ctx: RequestContext = {},
  ): Promise<{ hold: HoldView; isReplay: boolean }> {
    return placeHold(
      this.db,
      {
        settings: this.deps.settings,
        availability: this.deps.availability,
        now: this.deps.now,
        afterCommit: this.deps.afterCommit,
        ...(this.deps.onSlotFull ? { onSlotFull: this.deps.onSlotFull } : {}),
        fieldCrypto: this.deps.fieldCrypto,
        validateSchedule: (input) => this.validateSchedule(input),
        memory: this.memory,
      },
      request,
      ctx,
    );
  }

  async get(id: string): Promise<HoldView> {
    const hold = await new BookingsRepository(this.db).findHold(id);
    if (!hold) throw new AppError('HOLD_NOT_FOUND');
    return toHoldView(hold, await this.loadQuote(hold.quote_id));
  }

  /**
   * Runs `work` with the hold's slot and the hold locked, in that order (see
   * scheduled-messages.service.ts), after settling an expiry that is already due.
   */
  private async withLockedHold<T>(
    id: string,
    work: (trx: Transaction<DB>, hold: HoldRow) => Promise<T>,
  ): Promise<T> {
    const peek = await new BookingsRepository(this.db).findHold(id);
    if (!peek) throw new AppError('HOLD_NOT_FOUND');
    const outcome = await this.db.transaction().execute(async (trx) => {
      const repo = new BookingsRepository(trx);
      await repo.lockSlot({ stationId: peek.station_id, date: peek.date, slot: peek.slot });
      const hold = await repo.findHoldForUpdate(id);
      if (!hold) throw new AppError('HOLD_NOT_FOUND');
      const isActive = hold.status === 'awaiting_signature' || hold.status === 'awaiting_deposit';
      if (isActive && (await repo.isPastDeadline(hold.expires_at))) {
        await repo.updateHold(hold.id, { status: 'expired' });
        return { expired: true as const };
      }
      return { expired: false as const, value: await work(trx, hold) };
    });
    if (outcome.expired) throw new AppError('HOLD_EXPIRED');
    return outcome.value;
  }

  private static assertActive(hold: HoldRow): void {
    switch (hold.status) {
      case 'expired':
        throw new AppError('HOLD_EXPIRED');
      case 'released':
        throw new AppError('HOLD_RELEASED');
      case 'converted':
        throw new AppError('HOLD_ALREADY_CONVERTED', undefined, { bookingId: hold.booking_id });
      default:
    }
  }

  async sign(
    id: string,
    body: Pick<SignRequest, 'signerName' | 'contentHash'>,
    ctx: RequestContext = {},
  ): Promise<HoldView> {
    const result = await this.withLockedHold(id, async (trx, hold) => {
      HoldsService.assertActive(hold);
      if (hold.status !== 'awaiting_signature')
        throw new AppError('HOLD_NOT_SIGNABLE', 'This agreement is already signed.');
      const { settings } = await this.deps.settings.getForStation(hold.station_id, trx);
      const repo = new BookingsRepository(trx);
      const signedAt = this.deps.now();
      await this.deps.agreements.sign(trx, {
        holdId: hold.id,
        stationId: hold.station_id,
        signerName: body.signerName,
        contentHash: body.contentHash,
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent ?? null,
        signedAt,
      });
      const depositDeadline = new Date(
        signedAt.getTime() + settings.holds.depositWithinMinutesAfterSign * MINUTE,
      );
      const updated = await repo.updateHold(hold.id, {
        status: 'awaiting_deposit',
        signedAt,
        depositDeadline,
        expiresAt: depositDeadline,
      });
      const schedule = new ScheduleRepository(trx);
      await schedule.cancelPlanned({ holdId: hold.id });
      const scheduled = await schedule.insertMany(
        planHoldMessages({
          status: updated.status,
          signDeadline: updated.sign_deadline,
          depositDeadline,
          settings,
        }).map((m) => ({ holdId: hold.id, ...m })),
      );
      return { hold: updated, scheduled };
    });
    await this.deps.afterCommit(result.scheduled);
    return toHoldView(result.hold, await this.loadQuote(result.hold.quote_id));
  }

  /**
   * Records the deposit through the offline payment method and turns the hold into a
   * booking in one transaction: capacity passes from the hold to the booking atomically.
   */
  async deposit(
    id: string,
    body: { method: 'zelle' | 'venmo' | 'cash' | 'card' },
    ctx: RequestContext = {},
  ): Promise<BookingView & { manageToken: string; manageUrl: string }> {
    const token = randomBytes(24).toString('base64url');
    const result = await this.withLockedHold(id, async (trx, hold) => {
      HoldsService.assertActive(hold);
      if (hold.status !== 'awaiting_deposit') throw new AppError('HOLD_NOT_PAYABLE');
      const { station, settings } = await this.deps.settings.getForStation(hold.station_id, trx);
      const method = body.method;
      // Never an instruction without a payee (SPEC §5): a method not set up is refused.
      if (method !== 'card' && !offeredOfflineMethods(settings.payees).includes(method)) {
        const brand = this.deps.notifications.brandOf({ station, settings });
        throw new AppError(
          'PAYMENT_METHOD_UNAVAILABLE',
          `${offlineMethodLabels[method]} is not set up for ${station.name}; choose another way to pay, or call us at ${brand.contactPhone}.`,
          { method, offered: offeredOfflineMethods(settings.payees) },
        );
      }
      const quotes = new QuotesRepository(trx);
      const quote = await quotes.findById(hold.quote_id);
      if (!quote) throw new AppError('QUOTE_NOT_FOUND');
      const repo = new BookingsRepository(trx);
      const booking = await repo.insertBooking({
        stationId: hold.station_id,
        customerId: hold.customer_id,
        quoteId: quote.id,
        holdId: hold.id,
        status: 'pending_deposit',
        date: hold.date,
        slot: hold.slot,
        requestedTime: hold.requested_time,
        eventStartsAt: zonedDateTimeToUtc({
          date: hold.date,
          time: hold.requested_time ?? hold.slot,
          timeZone: station.timeZone,
        }),
        adults: quote.adults,
        children: quote.children,
        toddlers: quote.toddlers,
        menu: quote.menu,
        venueZip: quote.venue_zip,
        venueAddress: quote.venue_address,
        venueLat: quote.venue_lat,
        venueLng: quote.venue_lng,
        totalCents: quote.total_cents,
        depositCents: quote.deposit_cents,
        sourceChannel: hold.source_channel,
        accessTokenHash: hashToken(token),
        // SPEC §4: the deposit deadline stays in force on the unpaid booking.
        depositDueAt: hold.deposit_deadline ?? hold.expires_at,
      });
      await repo.updateHold(hold.id, { status: 'converted', bookingId: booking.id });
      // A hold staff placed for a lead (leads convert route): that lead is now converted.
      const leads = await new LeadsRepository(trx, this.deps.fieldCrypto).convertByHold({
        holdId: hold.id,
        bookingId: booking.id,
        actor: 'system',
      });
      for (const lead of leads)
        await new AuditRepository(trx).record({
          actor: 'system',
          action: 'lead.convert',
          entity: 'lead',
          entityId: lead.id,
          stationId: lead.station_id,
          after: { status: 'converted', bookingId: booking.id, holdId: hold.id },
          ip: ctx.ip ?? null,
          requestId: ctx.requestId ?? null,
        });
      const payment = await new PaymentsRepository(trx).insert({
        bookingId: booking.id,
        holdId: hold.id,
        kind: 'deposit',
        method: body.method,
        provider: body.method === 'card' ? 'stripe' : 'manual',
        status: 'pending',
        amountCents: quote.deposit_cents,
        reference: `DEP-${booking.number}`,
      });
      await repo.addEvent({
        bookingId: booking.id,
        type: 'created',
        data: { holdId: hold.id, quoteNumber: quote.number, depositMethod: body.method },
        actor: 'customer',
      });
      await new AuditRepository(trx).record({
        actor: 'customer',
        action: 'booking.create',
        entity: 'booking',
        entityId: booking.id,
        stationId: booking.station_id,
        after: {
          number: booking.number,
          status: booking.status,
          date: booking.date,
          slot: booking.slot,
        },
        ip: ctx.ip ?? null,
        requestId: ctx.requestId ?? null,
      });
      const schedule = new ScheduleRepository(trx);
      await schedule.cancelPlanned({ holdId: hold.id });
      const scheduled = await schedule.insertMany(
        planBookingMessages({
          status: booking.status,
          createdAt: booking.created_at,
          depositDueAt: booking.deposit_due_at,
          depositReportedAt: booking.deposit_reported_at,
          date: booking.date,
          slot: booking.requested_time ?? booking.slot,
          guests: booking.adults + booking.children + booking.toddlers,
          timeZone: station.timeZone,
          settings,
          now: this.deps.now(),
        }).map((m) => ({ bookingId: booking.id, ...m })),
      );
      if (method !== 'card') {
        const customer = await new CustomersRepository(trx, this.deps.fieldCrypto).find(
          hold.customer_id,
        );
        if (customer)
          await this.deps.notifications.recordBookingReceived(trx, {
            booking,
            customer,
            deposit: { method, amountCents: payment.amount_cents, reference: payment.reference },
            timeZone: station.timeZone,
            manageUrl: this.manageUrl(booking.id, token),
            station,
            settings,
          });
      }
      return { booking, quote, payment, scheduled, settings, station };
    });
    await this.deps.afterCommit(result.scheduled);
    const view = toBookingView({
      booking: result.booking,
      quote: result.quote,
      payments: [result.payment],
      settings: result.settings,
      now: this.deps.now(),
      timeZone: result.station.timeZone,
      brand: this.deps.notifications.brandOf(result),
    });
    return { ...view, manageToken: token, manageUrl: this.manageUrl(result.booking.id, token) };
  }

  private manageUrl(bookingId: string, token: string): string {
    return `${this.deps.publicBaseUrl}/manage/${bookingId}?token=${token}`;
  }

  async release(id: string): Promise<HoldView> {
    const hold = await this.withLockedHold(id, async (trx, locked) => {
      HoldsService.assertActive(locked);
      await new ScheduleRepository(trx).cancelPlanned({ holdId: locked.id });
      return new BookingsRepository(trx).updateHold(locked.id, { status: 'released' });
    });
    return toHoldView(hold, await this.loadQuote(hold.quote_id));
  }
}
