import type { AddonCode, ProteinCode, SlotTime } from '@teppan/core';

// The tool contract between the agents and the services. The server implements it with the
// real quote, availability, hold, lead and payment services; tests and the eval use the
// in-memory implementation in in-memory-tools.ts. Shapes mirror the HTTP API's views.

export type QuoteToolInput = {
  adults: number;
  children: number;
  toddlers: number;
  proteins?: Partial<Record<ProteinCode, number>>;
  extraProteins?: Partial<Record<ProteinCode, number>>;
  addons?: Partial<Record<AddonCode, number>>;
  venue: { zip: string; address?: string };
  eventDate?: string;
};

/** Same fields as the server's QuoteView (apps/server/src/modules/quotes/quotes.service.ts). */
export type QuoteToolOutput = {
  id: string;
  number: string;
  adults: number;
  children: number;
  toddlers: number;
  lines: { code: string; label: string; quantity: number; unitCents: number; totalCents: number }[];
  foodSubtotalCents: number;
  minimumApplied: boolean;
  travel: {
    miles: number;
    feeCents: number;
    source: string;
    withinServiceArea: boolean;
    isEstimate: boolean;
  };
  taxCents: number;
  totalCents: number;
  depositCents: number;
  balanceCents: number;
  gratuitySuggestions: { percent: number; cents: number }[];
  venue: { zip: string; address: string | null };
  eventDate: string | null;
};

export type TravelFeeOutput = {
  zip: string;
  miles: number;
  feeCents: number;
  withinServiceArea: boolean;
  isEstimate: boolean;
};

export type AvailabilitySlot = {
  slot: SlotTime;
  label: string;
  remaining: number;
  bookable: boolean;
  reason?: string;
};
export type AvailabilityOutput = { days: { date: string; slots: AvailabilitySlot[] }[] };

export type HoldInput = {
  quoteId: string;
  date: string;
  slot: SlotTime;
  requestedTime?: string;
  customer: { name: string; email: string; phone: string };
  idempotencyKey: string;
};
export type HoldOutput = { id: string; status: string; signDeadline: string; link: string };

export type LeadInput = {
  name?: string;
  phone?: string;
  email?: string;
  eventDate?: string;
  guests?: number;
  zip?: string;
  channel: string;
  notes?: string;
};
export type LeadOutput = { id: string; status: string };

export type BookingSummary = {
  id: string;
  number: string;
  status: string;
  date: string;
  slot: SlotTime;
  eventStartsAt: string;
  adults: number;
  children: number;
  toddlers: number;
  totalCents: number;
  depositCents: number;
  reschedulesUsed: number;
  manageUrl: string;
};

export type PaymentStatusOutput = {
  bookingId: string;
  bookingStatus: string;
  depositPaid: boolean;
  paidCents: number;
  totalCents: number;
  balanceCents: number;
  payments: { method: string; amountCents: number; status: string; receivedAt: string }[];
};

export type KnowledgeHit = { docId: string; title: string; text: string };

export type ScheduleSummaryOutput = {
  from: string;
  to: string;
  count: number;
  bookings: {
    number: string;
    date: string;
    slot: SlotTime;
    guests: number;
    status: string;
    chef: string | null;
  }[];
  bookedRevenueCents: number;
};

/** A tool refused the request in a way the customer should hear about (e.g. unknown ZIP). */
export class AgentToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentToolError';
  }
}

export interface AgentTools {
  quote(input: QuoteToolInput): Promise<QuoteToolOutput>;
  travelFee(input: { zip: string; address?: string }): Promise<TravelFeeOutput>;
  availability(input: { from: string; to: string }): Promise<AvailabilityOutput>;
  placeHold(input: HoldInput): Promise<HoldOutput>;
  upsertLead(input: LeadInput): Promise<LeadOutput>;
  /** Identity check: null unless the phone or email matches the booking's customer. */
  findBooking(input: { number: string; phoneOrEmail: string }): Promise<BookingSummary | null>;
  paymentStatus(bookingId: string): Promise<PaymentStatusOutput>;
  searchKnowledge(query: string): Promise<KnowledgeHit[]>;
  /** Staff only; the orchestrator never calls it for a customer conversation. */
  scheduleSummary(input: { from: string; to: string }): Promise<ScheduleSummaryOutput>;
}

export type ToolName = keyof AgentTools | 'cancellationTerms' | 'rescheduleTerms' | 'noticeCheck';

export type ToolCall = { name: ToolName; input: unknown; output: unknown };
