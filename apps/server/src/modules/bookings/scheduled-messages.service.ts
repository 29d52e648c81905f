import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { QuotesRepository } from '../quotes/quotes.repository.ts';
import { OutboxRepository, type OutboxMessage } from '../messaging/outbox.repository.ts';
import { renderMessage, type MessageContext } from '../messaging/templates.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { SettingsRepository } from '../settings/settings.repository.ts';
import { brandFor } from '../notifications/brand.ts';
import { offlineInstructionFor } from '../notifications/payment-instruction.ts';
import { eventMessageContext } from '../notifications/booking-message.ts';
import { formatInstant } from '../notifications/format.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { cancelLockedBooking } from './booking-cancel.ts';
import { paidDepositCents } from './booking-view.ts';
import { BookingsRepository, type BookingRow, type HoldRow } from './bookings.repository.ts';
import { ScheduleRepository } from './schedule.repository.ts';
import {
  followUpKinds,
  processFollowUp,
  sendOnMyWay,
  type FollowUpDeps,
} from './scheduled-followups.ts';

export type ProcessOutcome =
  'sent' | 'expired' | 'cancelled' | 'skipped' | 'not_due' | 'already_processed' | 'missing';

const holdKindStatus: Record<string, string> = {
  'hold.sign_warning': 'awaiting_signature',
  'hold.sign_deadline': 'awaiting_signature',
  'hold.deposit_warning': 'awaiting_deposit',
  'hold.deposit_deadline': 'awaiting_deposit',
};

const bookingKindStatuses: Record<string, readonly string[]> = {
  'booking.deposit_nudge': ['pending_deposit'],
  'booking.deposit_warning': ['pending_deposit'],
  'booking.reminder_48h': ['pending_deposit', 'confirmed'],
  'booking.reminder_24h': ['pending_deposit', 'confirmed'],
  'booking.review_request': ['completed'],
};

/** Payment nudges stop once the customer says the offline deposit is sent. */
const paymentNudges: readonly string[] = ['booking.deposit_nudge', 'booking.deposit_warning'];

const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/** Marks a planned message skipped, saying why; nothing is sent. */
async function skipMessage(schedule: ScheduleRepository, id: string, why: string) {
  await schedule.markProcessed(id, 'skipped', why);
  return 'skipped' as const;
}

/**
 * Runs one planned message exactly once. Lock order everywhere: slot → hold/booking →
 * scheduled message, so this never deadlocks with a deposit, reschedule or cancellation.
 * The outbox row, the hold's expiry (or the unpaid booking's cancellation) and the 'done'
 * mark commit together.
 */
export class ScheduledMessagesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: {
      publicBaseUrl: string;
      mailFrom?: string;
      /** The station's settings: brand, time zone, policies of a deadline cancellation. */
      settings: Pick<SettingsService, 'getForStation'>;
      now: () => Date;
      /** Customers' contact details and outbox recipients are encrypted (ADR 0016). */
      fieldCrypto: FieldCrypto;
      /** STAFF_ALERT_EMAIL: where the alert of a booking still without a chef goes. */
      staffAlertEmail?: string | null;
    },
  ) {}

  private get followUps(): FollowUpDeps {
    return {
      publicBaseUrl: this.options.publicBaseUrl,
      staffAlertEmail: this.options.staffAlertEmail ?? null,
      fieldCrypto: this.options.fieldCrypto,
      brand: (trx, station) => this.brand(trx, station),
    };
  }

  /** The chef's "On my way": sent at once, the planned one dropped; once per booking. */
  onMyWay(bookingId: string, input: { assignedToStaffId?: string | undefined }) {
    return sendOnMyWay(this.db, this.followUps, bookingId, input);
  }

  async process(id: string): Promise<ProcessOutcome> {
    const peek = await new ScheduleRepository(this.db).find(id);
    if (!peek) return 'missing';
    if (peek.status !== 'planned') return 'already_processed';
    if (peek.kind === 'booking.deposit_deadline' && peek.booking_id)
      return this.processDepositDeadline(id, peek.booking_id);
    return this.db.transaction().execute(async (trx) => {
      const bookings = new BookingsRepository(trx);
      const schedule = new ScheduleRepository(trx);
      if (peek.hold_id) {
        const holdPeek = await bookings.findHold(peek.hold_id);
        if (!holdPeek) return 'missing';
        await bookings.lockSlot({
          stationId: holdPeek.station_id,
          date: holdPeek.date,
          slot: holdPeek.slot,
        });
        const hold = await bookings.findHoldForUpdate(peek.hold_id);
        const row = await schedule.findForUpdate(id);
        if (!hold || !row) return 'missing';
        if (row.status !== 'planned') return 'already_processed';
        if (!(await bookings.isPastDeadline(row.due_at))) return 'not_due';
        return this.processHoldMessage(trx, { id, kind: row.kind, hold });
      }
      if (!peek.booking_id) return 'missing';
      const booking = await bookings.findBookingForUpdate(peek.booking_id);
      const row = await schedule.findForUpdate(id);
      if (!booking || !row) return 'missing';
      if (row.status !== 'planned') return 'already_processed';
      if (!(await bookings.isPastDeadline(row.due_at))) return 'not_due';
      return this.processBookingMessage(trx, { id, kind: row.kind, booking });
    });
  }

  /**
   * The deadline of an unpaid booking (SPEC §4): still pending_deposit when it passes (the
   * deposit deadline, or the staff-confirmation deadline once the customer said they
   * paid), the booking is cancelled, its place freed and the customer told. Under the slot
   * lock, then the booking's, like every other cancellation: a staff confirmation racing
   * this (booking lock) either commits first (the booking is confirmed; this skips) or
   * waits and finds the booking cancelled and its payment no longer pending.
   */
  private async processDepositDeadline(id: string, bookingId: string): Promise<ProcessOutcome> {
    // A reschedule between the peek and the lock moves the booking to another slot row:
    // lock again by the new one.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const peek = await new BookingsRepository(this.db).findBooking(bookingId);
      if (!peek) return 'missing';
      const outcome = await this.db.transaction().execute(async (trx) => {
        const bookings = new BookingsRepository(trx);
        await bookings.lockSlot({ stationId: peek.station_id, date: peek.date, slot: peek.slot });
        const booking = await bookings.findBookingForUpdate(bookingId);
        const row = await new ScheduleRepository(trx).findForUpdate(id);
        if (!booking || !row) return 'missing';
        if (row.status !== 'planned') return 'already_processed';
        if (booking.date !== peek.date || booking.slot !== peek.slot) return 'moved';
        if (!(await bookings.isPastDeadline(row.due_at))) return 'not_due';
        return this.cancelUnpaidBooking(trx, { id, booking });
      });
      if (outcome !== 'moved') return outcome;
    }
    // Still moving: the sweeper tries again on its next round.
    return 'not_due';
  }

  private async cancelUnpaidBooking(
    trx: Transaction<DB>,
    input: { id: string; booking: BookingRow },
  ): Promise<ProcessOutcome> {
    const { id, booking } = input;
    const schedule = new ScheduleRepository(trx);
    const bookings = new BookingsRepository(trx);
    if (booking.status !== 'pending_deposit')
      return skipMessage(schedule, id, `booking is ${booking.status}`);
    const deadline = booking.deposit_due_at;
    if (!deadline) return skipMessage(schedule, id, 'no deposit deadline');
    // The customer said they paid before this ran: the later deadline has its own row.
    if (!(await bookings.isPastDeadline(deadline)))
      return skipMessage(schedule, id, 'deadline moved');
    const payments = await new PaymentsRepository(trx).listForBooking(booking.id);
    if (paidDepositCents(payments) > 0) return skipMessage(schedule, id, 'deposit paid');
    const { station, settings } = await this.options.settings.getForStation(
      booking.station_id,
      trx,
    );
    const isReported = booking.deposit_reported_at !== null;
    const when = formatInstant(deadline, station.timeZone);
    const reason = isReported
      ? `Deposit not confirmed by ${when} (the customer gave the reference “${booking.deposit_reported_reference ?? ''}”)`
      : `Deposit not received by ${when}`;
    const { row } = await cancelLockedBooking(trx, {
      booking,
      settings,
      now: this.options.now(),
      actor: 'system',
      reason,
      data: {
        cause: isReported ? 'confirmation_deadline' : 'deposit_deadline',
        deadline: deadline.toISOString(),
      },
    });
    const customer = await new CustomersRepository(trx, this.options.fieldCrypto).find(
      booking.customer_id,
    );
    if (customer) {
      await this.sendEmail(trx, {
        id,
        kind: 'booking.deposit_deadline',
        station,
        recipient: customer.email,
        context: {
          customerName: customer.name,
          bookingNumber: row.number,
          date: row.date,
          slot: row.requested_time ?? row.slot,
          guests: row.adults + row.children + row.toddlers,
          depositCents: row.deposit_cents,
          deadline,
          timeZone: station.timeZone,
          depositReported: isReported,
          ...(booking.deposit_reported_reference
            ? { reference: booking.deposit_reported_reference }
            : {}),
          link: `${this.options.publicBaseUrl}/book/venue`,
        },
        outbox: { data: { bookingId: row.id }, bookingId: row.id },
      });
    }
    // cancelLockedBooking dropped every planned message of the booking, this one included.
    await schedule.markProcessed(id, 'done', 'booking cancelled');
    return 'cancelled';
  }

  /** Processes planned messages overdue by more than `graceSeconds` (missed wake-ups). */
  async sweepOverdue(options: { graceSeconds: number; limit: number }): Promise<number> {
    const overdue = await new ScheduleRepository(this.db).listOverdue(options);
    let processed = 0;
    for (const { id } of overdue) {
      const outcome = await this.process(id);
      if (outcome !== 'not_due' && outcome !== 'already_processed') processed += 1;
    }
    return processed;
  }

  /** Inside the message's transaction (it may hold the slot lock): settings read through it. */
  private async brand(trx: Executor, station: { id: string; address: string } | undefined) {
    const settings = station
      ? await this.options.settings?.getForStation(station.id, trx)
      : undefined;
    return brandFor({
      publicBaseUrl: this.options.publicBaseUrl,
      ...(this.options.mailFrom ? { mailFrom: this.options.mailFrom } : {}),
      station: station ?? null,
      brand: settings?.settings.brand,
    });
  }

  /** Renders the planned message in the station's brand and records it, once, in the outbox. */
  private async sendEmail(
    trx: Transaction<DB>,
    input: {
      id: string;
      kind: string;
      station: { id: string; address: string } | undefined;
      recipient: string;
      context: MessageContext;
      outbox: Pick<OutboxMessage, 'data' | 'bookingId' | 'secrets'>;
    },
  ): Promise<void> {
    const message = await renderMessage(input.kind, input.context, {
      brand: await this.brand(trx, input.station),
    });
    await new OutboxRepository(trx, this.options.fieldCrypto).record({
      channel: 'email',
      recipient: input.recipient,
      subject: message.subject,
      body: message.text,
      html: message.html || null,
      template: input.kind,
      ...input.outbox,
      dedupeKey: `scheduled:${input.id}`,
    });
  }

  private async processHoldMessage(
    trx: Transaction<DB>,
    input: { id: string; kind: string; hold: HoldRow },
  ): Promise<ProcessOutcome> {
    const { id, kind, hold } = input;
    const schedule = new ScheduleRepository(trx);
    const bookings = new BookingsRepository(trx);
    if (hold.status !== holdKindStatus[kind]) {
      return skipMessage(schedule, id, `hold is ${hold.status}`);
    }
    const isDeadline = kind.endsWith('_deadline');
    if (isDeadline) {
      if (!(await bookings.isPastDeadline(hold.expires_at))) return 'not_due';
      await bookings.updateHold(hold.id, { status: 'expired' });
    } else if (await bookings.isPastDeadline(hold.expires_at)) {
      return skipMessage(schedule, id, 'deadline already passed');
    }
    const customer = await new CustomersRepository(trx, this.options.fieldCrypto).find(
      hold.customer_id,
    );
    const quote = await new QuotesRepository(trx).findById(hold.quote_id);
    if (customer) {
      const station = await new SettingsRepository(trx).findStationById(hold.station_id);
      await this.sendEmail(trx, {
        id,
        kind,
        station,
        recipient: customer.email,
        context: {
          customerName: customer.name,
          date: hold.date,
          slot: hold.slot,
          deadline: hold.expires_at,
          ...(station ? { timeZone: station.time_zone } : {}),
          depositCents: quote?.deposit_cents ?? 0,
          link: `${this.options.publicBaseUrl}/book/hold/${hold.id}`,
        },
        outbox: { data: { holdId: hold.id } },
      });
    }
    await schedule.markProcessed(id, 'done', isDeadline ? 'hold expired' : 'sent');
    return isDeadline ? 'expired' : 'sent';
  }

  private async processBookingMessage(
    trx: Transaction<DB>,
    input: { id: string; kind: string; booking: BookingRow },
  ): Promise<ProcessOutcome> {
    const { id, kind, booking } = input;
    if (followUpKinds.includes(kind)) return processFollowUp(trx, this.followUps, input);
    const schedule = new ScheduleRepository(trx);
    const bookings = new BookingsRepository(trx);
    if (!(bookingKindStatuses[kind] ?? []).includes(booking.status)) {
      return skipMessage(schedule, id, `booking is ${booking.status}`);
    }
    if (paymentNudges.includes(kind) && booking.deposit_reported_at) {
      return skipMessage(schedule, id, 'customer says the deposit is sent');
    }
    const customer = await new CustomersRepository(trx, this.options.fieldCrypto).find(
      booking.customer_id,
    );
    if (!customer) {
      return skipMessage(schedule, id, 'customer missing');
    }
    const station = await new SettingsRepository(trx).findStationById(booking.station_id);
    let link = `${this.options.publicBaseUrl}/manage/${booking.id}`;
    let depositDetails = {};
    let secrets: { values: string[]; expiresAt: Date } | undefined;
    if (kind === 'booking.deposit_warning') {
      if (!booking.deposit_due_at || (await bookings.isPastDeadline(booking.deposit_due_at))) {
        return skipMessage(schedule, id, 'deadline already passed');
      }
      // The warning asks for an action on the booking page: its link carries its own token.
      const token = randomBytes(24).toString('base64url');
      await bookings.addAccessToken({
        bookingId: booking.id,
        tokenHash: sha256Hex(token),
        purpose: 'deposit_warning',
      });
      link = `${link}?token=${token}`;
      // Readable until sent, and no longer than the booking can be managed (ADR 0016).
      secrets = {
        values: [token],
        expiresAt: new Date(booking.event_starts_at.getTime() + 86_400_000),
      };
      const deposit = (await new PaymentsRepository(trx).listForBooking(booking.id)).find(
        (p) => p.kind === 'deposit' && p.status === 'pending',
      );
      const offline =
        deposit && station && deposit.provider !== 'stripe'
          ? {
              paymentInstruction: offlineInstructionFor({
                brand: await this.brand(trx, station),
                payees: (await this.options.settings.getForStation(station.id, trx)).settings
                  .payees,
                method:
                  deposit.method === 'venmo' || deposit.method === 'cash'
                    ? deposit.method
                    : 'zelle',
                amountCents: deposit.amount_cents,
                reference: deposit.reference,
                deadline: booking.deposit_due_at,
                timeZone: station.time_zone,
              }),
            }
          : {};
      depositDetails = {
        deadline: booking.deposit_due_at,
        ...(deposit ? { reference: deposit.reference, paymentMethod: deposit.method } : {}),
        // Whom to pay, named as on every other offline instruction (SPEC §5).
        ...offline,
      };
    }
    await this.sendEmail(trx, {
      id,
      kind,
      station,
      recipient: customer.email,
      context: {
        customerName: customer.name,
        ...eventMessageContext(booking),
        ...(station ? { timeZone: station.time_zone } : {}),
        ...depositDetails,
        link,
      },
      outbox: {
        data: { bookingId: booking.id, version: booking.version },
        bookingId: booking.id,
        ...(secrets ? { secrets } : {}),
      },
    });
    await schedule.markProcessed(id, 'done', 'sent');
    return 'sent';
  }
}
