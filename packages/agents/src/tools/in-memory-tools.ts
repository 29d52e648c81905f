import {
  addDays,
  checkNotice,
  computeQuote,
  computeTravelFee,
  defaultSettings,
  eachDate,
  slotTimes,
  zonedDateTimeToUtc,
} from '@teppan/core';
import type { Settings, SlotTime } from '@teppan/core';
import { KnowledgeIndex, loadKnowledgeDocuments } from '../knowledge/knowledge-base.ts';
import { AgentToolError } from './agent-tools.ts';
import type {
  AgentTools,
  AvailabilityOutput,
  BookingSummary,
  HoldInput,
  HoldOutput,
  KnowledgeHit,
  LeadInput,
  LeadOutput,
  PaymentStatusOutput,
  QuoteToolInput,
  QuoteToolOutput,
  ScheduleSummaryOutput,
  TravelFeeOutput,
} from './agent-tools.ts';

/** One-way driving miles from the Fremont station for the ZIPs the tests and eval use. */
export const demoDistanceTable: Readonly<Record<string, number>> = {
  '94539': 3.1,
  '94536': 6.4,
  '94538': 4.2,
  '95035': 11.3,
  '95112': 18.6,
  '95123': 27.4,
  '95050': 19.2,
  '94301': 21.5,
  '94043': 24.8,
  '94550': 29.9,
  '94566': 16.7,
  '94588': 18.1,
  '94102': 42.3,
  '94110': 40.2,
  '94596': 35.0,
  '94611': 30.2,
  '95060': 47.6,
  '94558': 58.4,
  '95204': 62.7,
  '93940': 72.1,
  '95354': 80.0,
  '95616': 95.2,
  '95814': 104.9,
  '95825': 110.3,
  '95926': 178.5,
  '93721': 158.0,
  '96150': 190.4,
};

export type DemoBooking = BookingSummary & {
  customer: { name: string; phone: string; email: string };
  payments: PaymentStatusOutput['payments'];
  chef: string | null;
};

export type InMemoryToolsOptions = {
  now: Date;
  settings?: Settings;
  timeZone?: string;
  distances?: Readonly<Record<string, number>>;
  bookings?: DemoBooking[];
  /** "YYYY-MM-DD HH:MM" slots with no capacity left. */
  fullSlots?: string[];
  capacityPerSlot?: number;
};

function bookingAt(options: {
  id: string;
  number: string;
  date: string;
  slot: SlotTime;
  status: string;
  adults: number;
  children: number;
  customer: DemoBooking['customer'];
  paidCents: number;
  timeZone: string;
  chef: string | null;
}): DemoBooking {
  const quote = computeQuote({
    input: { adults: options.adults, children: options.children, toddlers: 0 },
    settings: defaultSettings,
    travel: { miles: 18.6, source: 'estimate' },
  });
  return {
    id: options.id,
    number: options.number,
    status: options.status,
    date: options.date,
    slot: options.slot,
    eventStartsAt: zonedDateTimeToUtc({
      date: options.date,
      time: options.slot,
      timeZone: options.timeZone,
    }).toISOString(),
    adults: options.adults,
    children: options.children,
    toddlers: 0,
    totalCents: quote.totalCents,
    depositCents: quote.depositCents,
    reschedulesUsed: 0,
    manageUrl: `https://teppan.example/manage/${options.number}`,
    customer: options.customer,
    payments:
      options.paidCents > 0
        ? [
            {
              method: 'zelle',
              amountCents: options.paidCents,
              status: 'succeeded',
              receivedAt: `${addDays(options.date, -20)}T18:00:00.000Z`,
            },
          ]
        : [],
    chef: options.chef,
  };
}

/** Demo bookings placed relative to `now`: one far out and paid, one soon and unpaid. */
export function demoBookings(now: Date, timeZone = 'America/Los_Angeles'): DemoBooking[] {
  const today = now.toISOString().slice(0, 10);
  return [
    bookingAt({
      id: 'b-1042',
      number: 'TP-1042',
      date: addDays(today, 17),
      slot: '18:00',
      status: 'confirmed',
      adults: 14,
      children: 2,
      customer: { name: 'Ana Lopez', phone: '4085551234', email: 'ana@example.com' },
      paidCents: 10000,
      timeZone,
      chef: 'Kenji',
    }),
    bookingAt({
      id: 'b-1101',
      number: 'TP-1101',
      date: addDays(today, 2),
      slot: '12:00',
      status: 'pending_deposit',
      adults: 10,
      children: 0,
      customer: { name: 'Ben Carter', phone: '5105550199', email: 'ben@example.com' },
      paidCents: 0,
      timeZone,
      chef: null,
    }),
    bookingAt({
      id: 'b-1200',
      number: 'TP-1200',
      date: addDays(today, 40),
      slot: '21:00',
      status: 'confirmed',
      adults: 25,
      children: 5,
      customer: { name: 'Chloe Park', phone: '4155550142', email: 'chloe@example.com' },
      paidCents: 10000,
      timeZone,
      chef: 'Mai',
    }),
  ];
}

/**
 * Deterministic tools on top of @teppan/core: prices from computeQuote with the given
 * settings and a fixed distance table, capacity from a simple per-slot counter.
 */
export class InMemoryAgentTools implements AgentTools {
  private readonly settings: Settings;
  private readonly timeZone: string;
  private readonly distances: Readonly<Record<string, number>>;
  private readonly bookings: DemoBooking[];
  private readonly taken = new Map<string, number>();
  private readonly capacity: number;
  private readonly knowledge: KnowledgeIndex;
  private readonly holds = new Map<string, HoldOutput>();
  private readonly leads: (LeadInput & { id: string })[] = [];
  private quoteSeq = 0;
  private holdSeq = 0;

  constructor(private readonly options: InMemoryToolsOptions) {
    this.settings = options.settings ?? defaultSettings;
    this.timeZone = options.timeZone ?? 'America/Los_Angeles';
    this.distances = options.distances ?? demoDistanceTable;
    this.bookings = options.bookings ?? demoBookings(options.now, this.timeZone);
    this.capacity = options.capacityPerSlot ?? this.settings.capacity.defaultPerSlot;
    for (const key of options.fullSlots ?? []) this.taken.set(key, this.capacity);
    for (const b of this.bookings) {
      const key = `${b.date} ${b.slot}`;
      this.taken.set(key, (this.taken.get(key) ?? 0) + 1);
    }
    this.knowledge = new KnowledgeIndex(loadKnowledgeDocuments());
  }

  private miles(zip: string): number {
    const miles = this.distances[zip.slice(0, 5)];
    if (miles === undefined) {
      throw new AgentToolError('ZIP_NOT_FOUND', `We could not locate ZIP ${zip}.`);
    }
    return miles;
  }

  async quote(input: QuoteToolInput): Promise<QuoteToolOutput> {
    const miles = this.miles(input.venue.zip);
    const result = computeQuote({
      input,
      settings: this.settings,
      travel: { miles, source: 'estimate' },
    });
    const blocking = result.issues[0];
    if (blocking) throw new AgentToolError(blocking.code, blocking.message);
    this.quoteSeq += 1;
    return {
      id: `00000000-0000-4000-8000-${this.quoteSeq.toString().padStart(12, '0')}`,
      number: `Q-${this.quoteSeq.toString().padStart(7, '0')}`,
      adults: input.adults,
      children: input.children,
      toddlers: input.toddlers,
      lines: result.lines,
      foodSubtotalCents: result.foodSubtotalCents,
      minimumApplied: result.minimumApplied,
      travel: {
        miles: result.travel.miles,
        feeCents: result.travel.feeCents,
        source: result.travel.source,
        withinServiceArea: result.travel.withinServiceArea,
        isEstimate: result.travel.source === 'estimate',
      },
      taxCents: result.taxCents,
      totalCents: result.totalCents,
      depositCents: result.depositCents,
      balanceCents: result.balanceCents,
      gratuitySuggestions: result.gratuitySuggestions,
      venue: { zip: input.venue.zip, address: input.venue.address ?? null },
      eventDate: input.eventDate ?? null,
    };
  }

  async travelFee(input: { zip: string; address?: string }): Promise<TravelFeeOutput> {
    const fee = computeTravelFee({ miles: this.miles(input.zip), settings: this.settings.travel });
    return {
      zip: input.zip,
      miles: fee.miles,
      feeCents: fee.feeCents,
      withinServiceArea: fee.withinServiceArea,
      isEstimate: true,
    };
  }

  async availability(input: { from: string; to: string }): Promise<AvailabilityOutput> {
    return {
      days: eachDate(input.from, input.to).map((date) => ({
        date,
        slots: this.settings.slots.map((s) => {
          const taken = this.taken.get(`${date} ${s.time}`) ?? 0;
          const remaining = Math.max(0, this.capacity - taken);
          const notice = checkNotice({
            date,
            time: s.time,
            timeZone: this.timeZone,
            now: this.options.now,
            notice: this.settings.notice,
          });
          return {
            slot: s.time,
            label: s.label,
            remaining,
            bookable: remaining > 0 && notice.ok,
            ...(notice.ok ? {} : { reason: notice.reason }),
          };
        }),
      })),
    };
  }

  async placeHold(input: HoldInput): Promise<HoldOutput> {
    const existing = this.holds.get(input.idempotencyKey);
    if (existing) return existing;
    const key = `${input.date} ${input.slot}`;
    const taken = this.taken.get(key) ?? 0;
    if (taken >= this.capacity) throw new AgentToolError('SLOT_FULL', 'That slot was just taken.');
    this.taken.set(key, taken + 1);
    this.holdSeq += 1;
    const id = `hold-${this.holdSeq}`;
    const signDeadline = new Date(
      this.options.now.getTime() + this.settings.holds.signWithinMinutes * 60_000,
    ).toISOString();
    const hold = {
      id,
      status: 'pending_signature',
      signDeadline,
      link: `https://teppan.example/checkout/${id}`,
    };
    this.holds.set(input.idempotencyKey, hold);
    return hold;
  }

  async upsertLead(input: LeadInput): Promise<LeadOutput> {
    const match = this.leads.find(
      (l) => (input.phone && l.phone === input.phone) || (input.email && l.email === input.email),
    );
    if (match) {
      Object.assign(match, input);
      return { id: match.id, status: 'updated' };
    }
    const id = `lead-${this.leads.length + 1}`;
    this.leads.push({ ...input, id });
    return { id, status: 'created' };
  }

  async findBooking(input: {
    number: string;
    phoneOrEmail: string;
  }): Promise<BookingSummary | null> {
    const b = this.bookings.find((x) => x.number.toUpperCase() === input.number.toUpperCase());
    if (!b) return null;
    const probe = input.phoneOrEmail.trim().toLowerCase();
    const digits = probe.replace(/\D/g, '').slice(-10);
    const isOwner =
      probe === b.customer.email || (digits.length === 10 && digits === b.customer.phone);
    if (!isOwner) return null;
    const { customer: _customer, payments: _payments, chef: _chef, ...summary } = b;
    return summary;
  }

  async paymentStatus(bookingId: string): Promise<PaymentStatusOutput> {
    const b = this.bookings.find((x) => x.id === bookingId);
    if (!b) throw new AgentToolError('NOT_FOUND', 'Booking not found.');
    const paidCents = b.payments.reduce((sum, p) => sum + p.amountCents, 0);
    return {
      bookingId,
      bookingStatus: b.status,
      depositPaid: paidCents >= b.depositCents,
      paidCents,
      totalCents: b.totalCents,
      balanceCents: b.totalCents - paidCents,
      payments: b.payments,
    };
  }

  async searchKnowledge(query: string): Promise<KnowledgeHit[]> {
    return this.knowledge.search(query);
  }

  async scheduleSummary(input: { from: string; to: string }): Promise<ScheduleSummaryOutput> {
    const bookings = this.bookings
      .filter((b) => b.date >= input.from && b.date <= input.to)
      .map((b) => ({
        number: b.number,
        date: b.date,
        slot: b.slot,
        guests: b.adults + b.children + b.toddlers,
        status: b.status,
        chef: b.chef,
      }));
    const bookedRevenueCents = this.bookings
      .filter((b) => b.date >= input.from && b.date <= input.to)
      .reduce((sum, b) => sum + b.totalCents, 0);
    return { from: input.from, to: input.to, count: bookings.length, bookings, bookedRevenueCents };
  }

  /** Test helper: the leads recorded so far. */
  recordedLeads(): readonly (LeadInput & { id: string })[] {
    return this.leads;
  }
}

export const allSlotTimes: readonly SlotTime[] = slotTimes;
