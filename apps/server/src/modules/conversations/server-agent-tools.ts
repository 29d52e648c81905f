import {
  AgentToolError,
  type AgentTools,
  type AvailabilityOutput,
  type BookingSummary,
  type HoldInput,
  type HoldOutput,
  type KnowledgeHit,
  type LeadInput,
  type LeadOutput,
  type PaymentStatusOutput,
  type QuoteToolInput,
  type QuoteToolOutput,
  type ScheduleSummaryOutput,
  type TravelFeeOutput,
} from '@teppan/agents';
import { computeTravelFee, quoteRequestSchema, type SlotTime } from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { AppError } from '../../errors.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import type { HoldsService } from '../bookings/holds.service.ts';
import { DistanceError } from '../distance/distance.error.ts';
import type { DistanceService } from '../distance/distance.service.ts';
import type { KnowledgeService } from '../knowledge/knowledge.service.ts';
import { LeadsRepository } from '../leads/leads.repository.ts';
import { totalsOfPaymentRows } from '../payments/payment-amounts.ts';
import { bookingMoneyOf } from '../bookings/booking-view.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import type { QuotesService } from '../quotes/quotes.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { ConversationsRepository } from './conversations.repository.ts';

export interface ServerAgentToolsDeps {
  db: Kysely<DB>;
  quotes: QuotesService;
  availability: AvailabilityService;
  holds: HoldsService;
  settings: SettingsService;
  distance: DistanceService;
  knowledge: Pick<KnowledgeService, 'search'>;
  publicBaseUrl: string;
  channel: string;
  fieldCrypto: FieldCrypto;
}

/** A refusal the assistant should explain (unknown ZIP, slot taken…), not a crash. */
async function asTool<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new AgentToolError(error.code, error.message);
    if (error instanceof DistanceError) throw new AgentToolError(error.code, error.message);
    throw error;
  }
}

/**
 * The assistant's tools are the API's own services: a quote from the chat is the same
 * stored, numbered quote a browser gets, a hold is a real hold under the same lock.
 */
export class ServerAgentTools implements AgentTools {
  constructor(private readonly deps: ServerAgentToolsDeps) {}

  quote(input: QuoteToolInput): Promise<QuoteToolOutput> {
    return asTool(async () => {
      const request = quoteRequestSchema.safeParse(input);
      if (!request.success)
        throw new AgentToolError('VALIDATION_FAILED', 'Those party details are not valid.');
      return this.deps.quotes.create(request.data);
    });
  }

  travelFee(input: { zip: string; address?: string }): Promise<TravelFeeOutput> {
    return asTool(async () => {
      const { station, settings } = await this.deps.settings.getForStation();
      const distance = await this.deps.distance.measure({
        from: { lat: station.lat, lng: station.lng },
        venue: { zip: input.zip, ...(input.address ? { address: input.address } : {}) },
      });
      const fee = computeTravelFee({ miles: distance.miles, settings: settings.travel });
      return {
        zip: input.zip,
        miles: fee.miles,
        feeCents: fee.feeCents,
        withinServiceArea: fee.withinServiceArea,
        isEstimate: distance.source === 'estimate',
      };
    });
  }

  availability(input: { from: string; to: string }): Promise<AvailabilityOutput> {
    return asTool(async () => {
      const range = await this.deps.availability.getRange(input);
      return {
        days: range.days.map((day) => ({
          date: day.date,
          slots: day.slots.map((s) => ({
            slot: s.slot,
            label: s.label,
            remaining: s.remaining,
            bookable: s.bookable,
            ...(s.reason ? { reason: s.reason } : {}),
          })),
        })),
      };
    });
  }

  placeHold(input: HoldInput): Promise<HoldOutput> {
    return asTool(async () => {
      const { hold } = await this.deps.holds.create(
        { ...input, slot: input.slot, requestedTime: input.requestedTime },
        { channel: this.deps.channel },
      );
      return {
        id: hold.id,
        status: hold.status,
        signDeadline: hold.signDeadline,
        link: `${this.deps.publicBaseUrl}/book/hold/${hold.id}`,
      };
    });
  }

  async upsertLead(input: LeadInput): Promise<LeadOutput> {
    const { station } = await this.deps.settings.getForStation();
    const lead = await new LeadsRepository(this.deps.db, this.deps.fieldCrypto).insert({
      stationId: station.id,
      source: input.channel,
      score: input.eventDate && input.guests ? 70 : 50,
      name: input.name ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      details: {
        eventDate: input.eventDate ?? null,
        guests: input.guests ?? null,
        zip: input.zip ?? null,
        notes: input.notes ?? null,
      },
    });
    return { id: lead.id, status: 'new' };
  }

  /** Identity check: the phone's last 10 digits or the email must match the customer's. */
  async findBooking(input: {
    number: string;
    phoneOrEmail: string;
  }): Promise<BookingSummary | null> {
    const number = input.number.toUpperCase().replace(/^TP-?/, 'TP-');
    const given = input.phoneOrEmail.trim();
    // A phone must be a whole number: a few digits would let anyone guess their way in.
    if (!given.includes('@') && given.replace(/\D/g, '').length < 10) return null;
    const row = await new ConversationsRepository(
      this.deps.db,
      this.deps.fieldCrypto,
    ).findBookingForContact({ number, contact: given });
    if (!row) return null;
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      date: row.date,
      slot: row.slot as SlotTime,
      eventStartsAt: row.event_starts_at.toISOString(),
      adults: row.adults,
      children: row.children,
      toddlers: row.toddlers,
      totalCents: row.total_cents,
      depositCents: row.deposit_cents,
      reschedulesUsed: row.reschedules_used,
      // No secret in chat: the customer opens the link from their confirmation email.
      manageUrl: `${this.deps.publicBaseUrl}/manage/${row.id}`,
    };
  }

  async paymentStatus(bookingId: string): Promise<PaymentStatusOutput> {
    const payments = await new PaymentsRepository(this.deps.db).listForBooking(bookingId);
    const booking = await new BookingsRepository(this.deps.db).findBooking(bookingId);
    if (!booking) throw new AgentToolError('BOOKING_NOT_FOUND', 'That booking does not exist.');
    const totals = totalsOfPaymentRows(payments);
    // The one definition of what is due: a cancelled booking owes nothing.
    const { settings } = await this.deps.settings.getForStation(booking.station_id);
    const money = bookingMoneyOf({ booking, payments, policies: settings.policies });
    return {
      bookingId,
      bookingStatus: booking.status,
      depositPaid: totals.depositHeldCents > 0,
      paidCents: money.paidTowardTotalCents,
      totalCents: booking.total_cents,
      balanceCents: money.balanceDueCents,
      payments: payments.map((p) => ({
        method: p.method,
        amountCents: p.amount_cents,
        status: p.status,
        receivedAt: (p.confirmed_at ?? p.created_at).toISOString(),
      })),
    };
  }

  /** PostgreSQL full-text search over the documents staff maintain. */
  searchKnowledge(query: string): Promise<KnowledgeHit[]> {
    return this.deps.knowledge.search(query);
  }

  async scheduleSummary(input: { from: string; to: string }): Promise<ScheduleSummaryOutput> {
    const rows = await new ConversationsRepository(
      this.deps.db,
      this.deps.fieldCrypto,
    ).listBookingsBetween(input);
    return {
      from: input.from,
      to: input.to,
      count: rows.length,
      bookings: rows.map((r) => ({
        number: r.number,
        date: r.date,
        slot: r.slot as SlotTime,
        guests: r.adults + r.children + r.toddlers,
        status: r.status,
        chef: null,
      })),
      bookedRevenueCents: rows.reduce((sum, r) => sum + r.total_cents, 0),
    };
  }
}
