import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import type { SlotInputsJson } from '../availability/availability.repository.ts';
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
   * Everything a hold needs read before the locked statement, in one round trip: the
   * quote; with an idempotency key, the hold already placed with it; and for the quote's
   * station, the slot's capacity inputs (`core.slot_capacity_inputs`) and what occupies it
   * now (`core.slot_taken`). `quote` is null when there is no such quote.
   */
  async loadForHold(input: {
    quoteId: string;
    idempotencyKey: string | null;
    date: string;
    weekday: number;
    slot: string;
  }): Promise<{
    quote: QuoteRow | null;
    replay: HoldRow | null;
    slotInputs: SlotInputsJson | null;
    taken: number;
  }> {
    const { rows } = await sql<
      QuoteRow & {
        replay_hold: HoldJson | null;
        slot_inputs: SlotInputsJson | null;
        slot_taken: number | null;
      }
    >`
      select q.*,
             (select to_jsonb(h) from core.holds h
               where h.idempotency_key = ${input.idempotencyKey}) as replay_hold,
             case when q.id is not null then
               core.slot_capacity_inputs(q.station_id, ${input.date}::date,
                                         ${input.weekday}::int, ${input.slot}) end as slot_inputs,
             case when q.id is not null then
               core.slot_taken(q.station_id, ${input.date}::date, ${input.slot}) end as slot_taken
        from (select 1) one
        left join core.quotes q on q.id = ${input.quoteId}::uuid`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('quote lookup returned no row');
    const { replay_hold: replayJson, slot_inputs: slotInputs, slot_taken: taken, ...quote } = row;
    return {
      quote: quote.id ? quote : null,
      replay: replayJson ? holdFromJson(replayJson) : null,
      slotInputs,
      taken: taken ?? 0,
    };
  }

  /** One statement, its own transaction: see `core.place_hold` in migration 0028. */
  async placeHold(input: PlaceHoldInput): Promise<PlaceHoldOutcome> {
    const { rows } = await sql<{ result: PlaceHoldJson }>`
      select core.place_hold(${JSON.stringify(input)}::jsonb) as result`.execute(this.db);
    const result = rows[0]?.result;
    if (!result) throw new Error('core.place_hold returned nothing');
    if (result.outcome !== 'placed') return result;
    return {
      outcome: 'placed',
      hold: holdFromJson(result.hold),
      scheduled: result.scheduled.map((s) => ({ id: String(s.id), due_at: new Date(s.due_at) })),
    };
  }
}
