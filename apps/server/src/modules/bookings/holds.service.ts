import { createHash, randomBytes } from 'node:crypto';
import {
  checkNotice,
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
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import type { AgreementsService } from '../agreements/agreements.service.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { ConsentsRepository } from '../conversations/consents.repository.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { LeadsRepository } from '../leads/leads.repository.ts';
import { DEFAULT_BRAND } from '../notifications/brand.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { QuotesRepository, type QuoteRow } from '../quotes/quotes.repository.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { BookingsRepository, type HoldRow } from './bookings.repository.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { planBookingMessages, planHoldMessages } from './reminders.ts';
import { ScheduleRepository } from './schedule.repository.ts';

const MINUTE = 60_000;
/** SPEC §4: the per-IP cap counts what one address started "per day". */
const IP_CAP_WINDOW_HOURS = 24;

export interface RequestContext {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  channel?: string;
}

export interface HoldView {
  id: string;
  status: string;
  stationId: string;
  quoteId: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  signDeadline: string;
  depositDeadline: string | null;
  expiresAt: string;
  bookingId: string | null;
  totalCents: number;
  depositCents: number;
  createdAt: string;
}

export function toHoldView(
  hold: HoldRow,
  quote: Pick<QuoteRow, 'total_cents' | 'deposit_cents'>,
): HoldView {
  return {
    id: hold.id,
    status: hold.status,
    stationId: hold.station_id,
    quoteId: hold.quote_id,
    date: hold.date,
    slot: hold.slot,
    requestedTime: hold.requested_time,
    signDeadline: hold.sign_deadline.toISOString(),
    depositDeadline: hold.deposit_deadline?.toISOString() ?? null,
    expiresAt: hold.expires_at.toISOString(),
    bookingId: hold.booking_id,
    totalCents: quote.total_cents,
    depositCents: quote.deposit_cents,
    createdAt: hold.created_at.toISOString(),
  };
}

export interface ScheduledRow {
  id: string;
  due_at: Date;
}

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
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function requestHash(request: HoldRequest): string {
  const { idempotencyKey: _ignored, ...rest } = request;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export class HoldsService {
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

  async create(
    request: HoldRequest,
    ctx: RequestContext = {},
  ): Promise<{ hold: HoldView; isReplay: boolean }> {
    const hash = requestHash(request);
    if (request.idempotencyKey) {
      const replay = await this.findReplay(request.idempotencyKey, hash);
      if (replay) return { hold: replay, isReplay: true };
    }
    const quote = await this.loadQuote(request.quoteId);
    if (!quote.within_service_area) throw new AppError('OUTSIDE_SERVICE_AREA');
    const { station, settings, capacity, reason } = await this.deps.availability.capacityFor({
      stationId: quote.station_id,
      date: request.date,
      slot: request.slot,
    });
    this.validateSchedule({ ...request, settings, timeZone: station.timeZone });
    if (capacity === 0)
      throw new AppError('SLOT_UNAVAILABLE', reason ?? 'No chef is available for that time slot.');

    const key = { stationId: station.id, date: request.date, slot: request.slot };
    const channel = ctx.channel ?? 'web';
    // Staff place holds from the office for customers (one address, any number of them).
    const ipHash =
      ctx.ip && channel !== 'staff' ? this.deps.fieldCrypto.keyedHash('ip', ctx.ip) : null;
    let created: { hold: HoldRow; scheduled: ScheduledRow[] };
    try {
      // Turn away the obvious losers before they queue on the lock; the count is repeated
      // under the lock, which is what actually decides.
      const takenNow = await new BookingsRepository(this.db).countTaken(key);
      if (takenNow >= capacity)
        throw new AppError('SLOT_FULL', undefined, { capacity, taken: takenNow });
      created = await this.db.transaction().execute(async (trx) => {
        const repo = new BookingsRepository(trx);
        // Before the slot lock: a request waiting on a shared contact never holds a slot.
        await this.enforceOpenHoldCaps(trx, {
          customer: request.customer,
          ipHash,
          channel,
          settings,
        });
        await repo.lockSlot(key);
        // Capacity again, as of the lock: a blackout, cap or time off written meanwhile
        // took the same lock, so this is the figure that decides (ADR 0002).
        const locked = await this.deps.availability.capacityUnderLock(
          trx,
          { station, settings },
          key,
        );
        if (locked.capacity === 0)
          throw new AppError(
            'SLOT_UNAVAILABLE',
            locked.reason ?? 'No chef is available for that time slot.',
          );
        // Read with the capacity, in the same query: active bookings + unexpired holds.
        const { taken } = locked;
        if (taken >= locked.capacity)
          throw new AppError('SLOT_FULL', undefined, { capacity: locked.capacity, taken });
        const customer = await new CustomersRepository(trx, this.deps.fieldCrypto).upsert(
          request.customer,
        );
        if (request.consents) await this.recordFormConsents(trx, request, ctx.ip ?? null);
        const signDeadline = new Date(
          this.deps.now().getTime() + settings.holds.signWithinMinutes * MINUTE,
        );
        const hold = await repo.insertHold({
          stationId: station.id,
          quoteId: quote.id,
          customerId: customer.id,
          date: request.date,
          slot: request.slot,
          requestedTime: request.requestedTime ?? null,
          signDeadline,
          idempotencyKey: request.idempotencyKey ?? null,
          requestHash: hash,
          sourceChannel: channel,
          ipHash,
        });
        const scheduled = await new ScheduleRepository(trx).insertMany(
          planHoldMessages({
            status: hold.status,
            signDeadline,
            depositDeadline: null,
            settings,
          }).map((m) => ({
            holdId: hold.id,
            ...m,
          })),
        );
        return { hold, scheduled };
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'SLOT_FULL') {
        await this.recordHotLead(request, quote);
        this.deps.onSlotFull?.();
        throw error;
      }
      if (request.idempotencyKey && isUniqueViolation(error)) {
        const replay = await this.findReplay(request.idempotencyKey, hash);
        if (replay) return { hold: replay, isReplay: true };
      }
      throw error;
    }
    await this.deps.afterCommit(created.scheduled);
    return { hold: toHoldView(created.hold, quote), isReplay: false };
  }

  /**
   * SPEC §4: open holds plus unpaid bookings are capped per email, per phone and per IP, so
   * nobody can block the calendar with throw-away checkouts. Counted under advisory locks on
   * the contact and the address, so two requests at once cannot both take the last place
   * under a cap. Staff holds (placed for a customer on the phone) are not capped.
   */
  private async enforceOpenHoldCaps(
    trx: Transaction<DB>,
    input: {
      customer: { email: string; phone: string };
      ipHash: string | null;
      channel: string;
      settings: Settings;
    },
  ): Promise<void> {
    if (input.channel === 'staff') return;
    const { holds, brand } = input.settings;
    const call = `call us at ${brand.contactPhone ?? DEFAULT_BRAND.contactPhone}`;
    const repo = new BookingsRepository(trx);
    const customers = new CustomersRepository(trx, this.deps.fieldCrypto);
    const email = input.customer.email.trim().toLowerCase();
    const phone = input.customer.phone.replace(/\D/g, '').slice(-10);
    await repo.lockCapKeys(
      [`email:${email}`, `phone:${phone}`, ...(input.ipHash ? [`ip:${input.ipHash}`] : [])].map(
        (key) => this.deps.fieldCrypto.keyedHash('hold-cap', key),
      ),
    );
    const limit = holds.maxOpenPerContact;
    const contactError = () =>
      new AppError(
        'HOLD_LIMIT_REACHED',
        `There are already ${limit} reservations in progress for this email address or phone number (dates on hold or bookings waiting for their deposit). Finish or release one of them with the links in your emails, or ${call} to book more.`,
        { scope: 'contact', limit },
      );
    const byEmail = await customers.findIdByEmail(email);
    if ((await repo.countOpenForCustomers(byEmail ? [byEmail] : [])) >= limit) throw contactError();
    if ((await repo.countOpenForCustomers(await customers.listIdsByPhone(phone))) >= limit)
      throw contactError();
    if (!input.ipHash) return;
    const ipLimit = holds.maxOpenPerIpPerDay;
    if ((await repo.countOpenFromIp(input.ipHash, IP_CAP_WINDOW_HOURS)) >= ipLimit)
      throw new AppError(
        'HOLD_LIMIT_REACHED',
        `${ipLimit} reservations started from your network in the last 24 hours are still open. Finish or release one of them with the links in your emails, or ${call} to book more.`,
        { scope: 'ip', limit: ipLimit },
      );
  }

  /**
   * Booking-form answers go to the shared consent ledger (marketing.consents, append-only).
   * Only ticked boxes are written: an unticked box is no answer, and writing it as
   * "opted_out" would override a consent the person gave elsewhere (e.g. texting START).
   * The boxes cover this event's confirmation and reminders, not promotions.
   */
  private async recordFormConsents(
    trx: Transaction<DB>,
    request: HoldRequest,
    ip: string | null,
  ): Promise<void> {
    const { consents, customer } = request;
    if (!consents) return;
    const ledger = new ConsentsRepository(trx, this.deps.fieldCrypto);
    const answer = {
      purpose: 'transactional',
      status: 'opted_in',
      source: 'booking_form',
      textShown: consents.text,
      ip,
    } as const;
    if (consents.email)
      await ledger.record({ ...answer, channel: 'email', email: customer.email.trim() });
    if (consents.sms) await ledger.record({ ...answer, channel: 'sms', phone: customer.phone });
  }

  private async findReplay(idempotencyKey: string, hash: string): Promise<HoldView | null> {
    const existing = await new BookingsRepository(this.db).findHoldByIdempotencyKey(idempotencyKey);
    if (!existing) return null;
    if (existing.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return toHoldView(existing, await this.loadQuote(existing.quote_id));
  }

  /** A customer who lost the race is the hottest lead there is: keep their details. */
  private async recordHotLead(request: HoldRequest, quote: QuoteRow): Promise<void> {
    await new LeadsRepository(this.db, this.deps.fieldCrypto).insert({
      stationId: quote.station_id,
      source: 'slot_full',
      score: 90,
      name: request.customer.name,
      email: request.customer.email,
      phone: request.customer.phone,
      details: {
        quoteId: quote.id,
        quoteNumber: quote.number,
        date: request.date,
        slot: request.slot,
        requestedTime: request.requestedTime ?? null,
        guests: quote.adults + quote.children + quote.toddlers,
        totalCents: quote.total_cents,
      },
    });
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
      return { booking, quote, payment, scheduled, settings, timeZone: station.timeZone };
    });
    await this.deps.afterCommit(result.scheduled);
    const view = toBookingView({
      booking: result.booking,
      quote: result.quote,
      payments: [result.payment],
      settings: result.settings,
      now: this.deps.now(),
      timeZone: result.timeZone,
    });
    return {
      ...view,
      manageToken: token,
      manageUrl: `${this.deps.publicBaseUrl}/manage/${result.booking.id}?token=${token}`,
    };
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
