import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import type { SlotInputsJson } from '../availability/availability.repository.ts';
import type { SealedLead } from '../leads/leads.repository.ts';
import type { QuoteRow } from '../quotes/quotes.repository.ts';
import type { HoldRow } from './bookings.repository.ts';
import { holdFromJson, type HoldJson } from './hold-view.ts';

/** What `core.place_hold` takes (migration 0028); every value already checked by the caller. */
export interface PlaceHoldInput {
  stationId: string;
  date: string;
  slot: string;
  weekday: number;
  /** `core.slot_capacity_inputs` as the caller read it; `capacity` was computed from it. */
  inputs: unknown;
  capacity: number;
  /** Null for staff holds (not capped). Lock keys are keyed hashes, never contacts. */
  caps: {
    lockKeys: string[];
    emailIndex: string | null;
    phoneIndex: string | null;
    ipHash: string | null;
    maxOpenPerContact: number;
    maxOpenPerIp: number;
    ipWindowHours: number;
  } | null;
  /** Encrypted contact and blind indexes, as `core.customers` stores them. */
  customer: { name: string; email: string; emailIndex: string; phone: string; phoneIndex: string };
  /** `marketing.consents` rows, encrypted like ConsentsRepository.record writes them. */
  consents: {
    phone: string | null;
    phoneIndex: string | null;
    email: string | null;
    emailIndex: string | null;
    channel: string;
    purpose: string;
    status: string;
    source: string;
    textShown: string | null;
    ip: string | null;
  }[];
  quoteId: string;
  requestedTime: string | null;
  signDeadline: string;
  idempotencyKey: string | null;
  requestHash: string;
  sourceChannel: string;
  ipHash: string | null;
  messages: { kind: string; dueAt: string }[];
  /** Recorded by `core.place_hold_or_lead` (same statement) when the slot turns out full. */
  hotLead: HotLead | null;
}

/** What `core.record_slot_full_lead` takes (migration 0029): it adds the quote's details. */
export interface HotLead {
  quoteId: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  /** Station and details left out: the function takes them from the quote. */
  lead: Omit<SealedLead, 'stationId' | 'details'>;
}

export type PlaceHoldOutcome =
  | { outcome: 'placed'; hold: HoldRow; scheduled: { id: string; due_at: Date }[] }
  | { outcome: 'slot_full'; taken: number }
  | { outcome: 'contact_cap' }
  | { outcome: 'ip_cap' }
  | { outcome: 'stale'; inputs: unknown };

type PlaceHoldJson =
  | { outcome: 'placed'; hold: HoldJson; scheduled: { id: string; due_at: string }[] }
  | Exclude<PlaceHoldOutcome, { outcome: 'placed' }>;

export class HoldPlacementRepository {
  constructor(private readonly db: Executor) {}

  /**
   * A hot lead alone (`core.record_slot_full_lead`), one statement: for a loser turned away
   * by the read without a guess that matched.
   */
  async recordSlotFullLead(hotLead: HotLead): Promise<void> {
    await sql`select core.record_slot_full_lead(${JSON.stringify(hotLead)}::jsonb)`.execute(
      this.db,
    );
  }

  /**
   * Everything a hold needs read before the locked statement, in one round trip
   * (`core.load_for_hold`, migration 0031, a function so that its plans are kept): the
   * quote; with an idempotency key, the hold already placed with it; and for the quote's
   * station, the slot's capacity inputs (`core.slot_capacity_inputs`) and what occupies it
   * now (`core.slot_taken`). `quote` is null when there is no such quote.
   * With `guess` (a whole placement prepared from remembered inputs), when the quote exists
   * on the guessed station, is within the service area, has no replay and the inputs read
   * equal the guessed ones, the same statement goes on: a full slot records the hot lead
   * (no lock), else `core.place_hold_or_lead(guess)`. `attempt` is then that outcome, so a
   * hold or a refusal takes this one round trip.
   */
  async loadForHold(input: {
    quoteId: string;
    idempotencyKey: string | null;
    date: string;
    weekday: number;
    slot: string;
    guess?: PlaceHoldInput | null;
  }): Promise<{
    quote: QuoteRow | null;
    replay: HoldRow | null;
    slotInputs: SlotInputsJson | null;
    taken: number;
    attempt: PlaceHoldOutcome | null;
  }> {
    const { rows } = await sql<
      QuoteRow & {
        replay_hold: HoldJson | null;
        slot_inputs: SlotInputsJson | null;
        slot_taken: number | null;
        attempt: PlaceHoldJson | null;
      }
    >`
      select (r.quote).*, r.replay_hold, r.slot_inputs, r.slot_taken, r.attempt
        from core.load_for_hold(${JSON.stringify({ ...input, guess: input.guess ?? null })}::jsonb) r`.execute(
      this.db,
    );
    const row = rows[0];
    if (!row) throw new Error('quote lookup returned no row');
    const {
      replay_hold: replayJson,
      slot_inputs: slotInputs,
      slot_taken: taken,
      attempt,
      ...quote
    } = row;
    return {
      quote: quote.id ? quote : null,
      replay: replayJson ? holdFromJson(replayJson) : null,
      slotInputs,
      taken: taken ?? 0,
      attempt: attempt ? outcomeOf(attempt) : null,
    };
  }

  /**
   * One statement, its own transaction: `core.place_hold` (migration 0028), and on
   * `slot_full` the hot lead (`core.place_hold_or_lead`, migration 0029).
   */
  async placeHold(input: PlaceHoldInput): Promise<PlaceHoldOutcome> {
    const { rows } = await sql<{ result: PlaceHoldJson }>`
      select core.place_hold_or_lead(${JSON.stringify(input)}::jsonb) as result`.execute(this.db);
    const result = rows[0]?.result;
    if (!result) throw new Error('core.place_hold returned nothing');
    return outcomeOf(result);
  }
}

function outcomeOf(result: PlaceHoldJson): PlaceHoldOutcome {
  if (result.outcome !== 'placed') return result;
  return {
    outcome: 'placed',
    hold: holdFromJson(result.hold),
    scheduled: result.scheduled.map((s) => ({ id: String(s.id), due_at: new Date(s.due_at) })),
  };
}
