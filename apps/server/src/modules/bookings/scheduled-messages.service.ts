import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { QuotesRepository } from '../quotes/quotes.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { renderMessage } from '../messaging/templates.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { SettingsRepository } from '../settings/settings.repository.ts';
import { brandFor } from '../notifications/brand.ts';
import { BookingsRepository, type BookingRow, type HoldRow } from './bookings.repository.ts';
import { ScheduleRepository } from './schedule.repository.ts';

export type ProcessOutcome =
  'sent' | 'expired' | 'skipped' | 'not_due' | 'already_processed' | 'missing';

const holdKindStatus: Record<string, string> = {
  'hold.sign_warning': 'awaiting_signature',
  'hold.sign_deadline': 'awaiting_signature',
  'hold.deposit_warning': 'awaiting_deposit',
  'hold.deposit_deadline': 'awaiting_deposit',
};

const bookingKindStatuses: Record<string, readonly string[]> = {
  'booking.deposit_nudge': ['pending_deposit'],
  'booking.reminder_48h': ['pending_deposit', 'confirmed'],
  'booking.reminder_24h': ['pending_deposit', 'confirmed'],
  'booking.review_request': ['completed'],
};

/**
 * Runs one planned message exactly once. Lock order everywhere: slot → hold/booking →
 * scheduled message, so this never deadlocks with a deposit, reschedule or cancellation.
 * The outbox row, the hold's expiry and the 'done' mark commit together.
 */
export class ScheduledMessagesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: {
      publicBaseUrl: string;
      mailFrom?: string;
      /** For the station's brand settings. */
      settings?: Pick<SettingsService, 'getForStation'>;
      /** Customers' contact details and outbox recipients are encrypted (ADR 0016). */
      fieldCrypto: FieldCrypto;
    },
  ) {}

  async process(id: string): Promise<ProcessOutcome> {
    const peek = await new ScheduleRepository(this.db).find(id);
    if (!peek) return 'missing';
    if (peek.status !== 'planned') return 'already_processed';
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

  private async processHoldMessage(
    trx: Transaction<DB>,
    input: { id: string; kind: string; hold: HoldRow },
  ): Promise<ProcessOutcome> {
    const { id, kind, hold } = input;
    const schedule = new ScheduleRepository(trx);
    const bookings = new BookingsRepository(trx);
    if (hold.status !== holdKindStatus[kind]) {
      await schedule.markProcessed(id, 'skipped', `hold is ${hold.status}`);
      return 'skipped';
    }
    const isDeadline = kind.endsWith('_deadline');
    if (isDeadline) {
      if (!(await bookings.isPastDeadline(hold.expires_at))) return 'not_due';
      await bookings.updateHold(hold.id, { status: 'expired' });
    } else if (await bookings.isPastDeadline(hold.expires_at)) {
      await schedule.markProcessed(id, 'skipped', 'deadline already passed');
      return 'skipped';
    }
    const customer = await new CustomersRepository(trx, this.options.fieldCrypto).find(
      hold.customer_id,
    );
    const quote = await new QuotesRepository(trx).findById(hold.quote_id);
    if (customer) {
      const station = await new SettingsRepository(trx).findStationById(hold.station_id);
      const message = await renderMessage(
        kind,
        {
          customerName: customer.name,
          date: hold.date,
          slot: hold.slot,
          deadline: hold.expires_at,
          ...(station ? { timeZone: station.time_zone } : {}),
          depositCents: quote?.deposit_cents ?? 0,
          link: `${this.options.publicBaseUrl}/book/hold/${hold.id}`,
        },
        { brand: await this.brand(trx, station) },
      );
      await new OutboxRepository(trx, this.options.fieldCrypto).record({
        channel: 'email',
        recipient: customer.email,
        subject: message.subject,
        body: message.text,
        html: message.html || null,
        template: kind,
        data: { holdId: hold.id },
        dedupeKey: `scheduled:${id}`,
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
    const schedule = new ScheduleRepository(trx);
    if (!(bookingKindStatuses[kind] ?? []).includes(booking.status)) {
      await schedule.markProcessed(id, 'skipped', `booking is ${booking.status}`);
      return 'skipped';
    }
    const customer = await new CustomersRepository(trx, this.options.fieldCrypto).find(
      booking.customer_id,
    );
    if (!customer) {
      await schedule.markProcessed(id, 'skipped', 'customer missing');
      return 'skipped';
    }
    const station = await new SettingsRepository(trx).findStationById(booking.station_id);
    const message = await renderMessage(
      kind,
      {
        customerName: customer.name,
        bookingNumber: booking.number,
        date: booking.date,
        slot: booking.requested_time ?? booking.slot,
        guests: booking.adults + booking.children + booking.toddlers,
        guestBreakdown: {
          adults: booking.adults,
          children: booking.children,
          toddlers: booking.toddlers,
        },
        totalCents: booking.total_cents,
        depositCents: booking.deposit_cents,
        allergens: Array.isArray(booking.allergens) ? booking.allergens.map(String) : [],
        venue: booking.venue_address ?? `ZIP ${booking.venue_zip}`,
        ...(station ? { timeZone: station.time_zone } : {}),
        link: `${this.options.publicBaseUrl}/manage/${booking.id}`,
      },
      { brand: await this.brand(trx, station) },
    );
    await new OutboxRepository(trx, this.options.fieldCrypto).record({
      channel: 'email',
      recipient: customer.email,
      subject: message.subject,
      body: message.text,
      html: message.html || null,
      template: kind,
      data: { bookingId: booking.id, version: booking.version },
      dedupeKey: `scheduled:${id}`,
      bookingId: booking.id,
    });
    await schedule.markProcessed(id, 'done', 'sent');
    return 'sent';
  }
}
