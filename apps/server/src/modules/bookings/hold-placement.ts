import { createHash } from 'node:crypto';
import { weekdayOf, type HoldRequest, type Settings, type SlotTime } from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { contactIndex, PII_CONTEXT } from '@teppan/db/pii';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../lib/db.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { SlotInputsJson } from '../availability/availability.repository.ts';
import { slotInputsOf } from '../availability/availability.repository.ts';
import { LeadsRepository } from '../leads/leads.repository.ts';
import { DEFAULT_BRAND } from '../notifications/brand.ts';
import type { QuoteRow } from '../quotes/quotes.repository.ts';
import type { SettingsService, StationSettings } from '../settings/settings.service.ts';
import type { HoldRow } from './bookings.repository.ts';
import {
  HoldPlacementRepository,
  type HotLead,
  type PlaceHoldInput,
} from './hold-placement.repository.ts';
import { toHoldView, type HoldView, type RequestContext, type ScheduledRow } from './hold-view.ts';
import { planHoldMessages } from './reminders.ts';

const MINUTE = 60_000;
/** SPEC §4: the per-IP cap counts what one address started "per day". */
const IP_CAP_WINDOW_HOURS = 24;
/** Capacity inputs changed under the lock this many times in a row: give up (never seen). */
const MAX_STALE_RETRIES = 5;

export interface HoldPlacementDeps {
  settings: SettingsService;
  availability: AvailabilityService;
  now: () => Date;
  afterCommit: (rows: ScheduledRow[]) => Promise<void>;
  onSlotFull?: () => void;
  /** What earlier attempts read, for the guess that places a hold in one round trip. */
  memory?: PlacementMemory;
  fieldCrypto: FieldCrypto;
  validateSchedule: (input: {
    date: string;
    slot: SlotTime;
    requestedTime?: string | undefined;
    settings: Settings;
    timeZone: string;
  }) => void;
}

/** Entries each map of PlacementMemory keeps (the oldest goes first). */
const MEMORY_ENTRIES = 2_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MEMORY_ENTRIES) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

/**
 * What earlier attempts read, kept per process only to make a guess that SQL checks: a
 * quote's station (a quote never moves) and the last capacity inputs read for a (station,
 * weekday, slot). A wrong or stale guess costs nothing but the fast path: the read compares
 * the inputs it reads with the guessed ones, and the capacity is always computed by core
 * for this request from inputs equal to those read.
 */
export class PlacementMemory {
  private readonly stations = new Map<string, string>();
  private readonly inputs = new Map<string, SlotInputsJson>();

  stationOf(quoteId: string): string | undefined {
    return this.stations.get(quoteId);
  }

  inputsOf(stationId: string, weekday: number, slot: string): SlotInputsJson | undefined {
    return this.inputs.get(`${stationId}|${weekday}|${slot}`);
  }

  note(quoteId: string, stationId: string, weekday: number, slot: string, inputs: SlotInputsJson) {
    if (this.stations.get(quoteId) !== stationId) remember(this.stations, quoteId, stationId);
    remember(this.inputs, `${stationId}|${weekday}|${slot}`, inputs);
  }
}

function requestHash(request: HoldRequest): string {
  const { idempotencyKey: _ignored, ...rest } = request;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/**
 * Places a hold in two round trips to PostgreSQL when the settings are cached: the quote
 * with any replay of the idempotency key, and the slot's capacity inputs with its occupancy
 * (an unlocked pre-check that turns most losers away before the lock); then `core.place_hold`,
 * one statement that takes the slot lock (ADR 0002), reads the capacity inputs and the
 * occupancy again under it, then takes the caps' advisory locks and counts (migration 0031:
 * a loser never takes them), and writes the customer, consents, hold and scheduled messages. The capacity rule stays in core: the function
 * answers `stale` when the inputs changed since they were read, and the capacity is
 * computed again from the fresh ones.
 *
 * With a guess that holds (see PlacementMemory and guessPlacement) an attempt is one round
 * trip: the read itself goes on to record the hot lead of a slot already full
 * (`core.record_slot_full_lead`, migration 0029) or to `core.place_hold_or_lead`, which
 * records it when the slot filled up under the lock. Without one, a loser turned away by
 * the read costs one more statement (the lead and its event together).
 */
export async function placeHold(
  db: Kysely<DB>,
  deps: HoldPlacementDeps,
  request: HoldRequest,
  ctx: RequestContext = {},
): Promise<{ hold: HoldView; isReplay: boolean }> {
  deps = { ...deps, fieldCrypto: rememberingHashes(deps.fieldCrypto) };
  const hash = requestHash(request);
  const placement = new HoldPlacementRepository(db);
  const weekday = weekdayOf(request.date);
  const hotLead = hotLeadOf(db, deps.fieldCrypto, request);
  const prepared = { deps, request, ctx, weekday, hash, hotLead };
  const guessed = await guessPlacement(prepared);
  const read = {
    quoteId: request.quoteId,
    idempotencyKey: request.idempotencyKey ?? null,
    date: request.date,
    weekday,
    slot: request.slot,
  };
  let loaded: Awaited<ReturnType<HoldPlacementRepository['loadForHold']>>;
  try {
    loaded = await placement.loadForHold({ ...read, guess: guessed?.input ?? null });
  } catch (error) {
    // The guessed placement lost a race for its idempotency key: read the replay.
    if (!(guessed && request.idempotencyKey && isUniqueViolation(error))) throw error;
    loaded = await placement.loadForHold(read);
  }
  const { quote, replay } = loaded;
  if (replay) return { hold: replayView(replay, hash, quote), isReplay: true };
  if (!quote || !loaded.slotInputs) throw new AppError('QUOTE_NOT_FOUND');
  if (!quote.within_service_area) throw new AppError('OUTSIDE_SERVICE_AREA');
  deps.memory?.note(quote.id, quote.station_id, weekday, request.slot, loaded.slotInputs);
  let first = guessed ? loaded.attempt : null;
  // A guessed placement ran: the guess passed the checks below, with these settings and
  // inputs equal to those read.
  const context =
    first && guessed ? guessed.context : await deps.settings.getForStation(quote.station_id);
  const { station, settings } = context;
  const input =
    first && guessed
      ? guessed.input
      : await checkedInput(prepared, placement, context, quote.id, {
          slotInputs: loaded.slotInputs,
          taken: loaded.taken,
        });
  const call = `call us at ${settings.brand.contactPhone ?? DEFAULT_BRAND.contactPhone}`;
  try {
    for (let attempt = 0; ; attempt += 1) {
      const outcome = first ?? (await placement.placeHold(input));
      first = null;
      switch (outcome.outcome) {
        case 'placed':
          await deps.afterCommit(outcome.scheduled);
          return { hold: toHoldView(outcome.hold, quote), isReplay: false };
        case 'slot_full':
          // The same statement recorded the hot lead.
          throw slotFull(deps, input.capacity, outcome.taken);
        case 'contact_cap': {
          const limit = settings.holds.maxOpenPerContact;
          throw new AppError(
            'HOLD_LIMIT_REACHED',
            `There are already ${limit} reservations in progress for this email address or phone number (dates on hold or bookings waiting for their deposit). Finish or release one of them with the links in your emails, or ${call} to book more.`,
            { scope: 'contact', limit },
          );
        }
        case 'ip_cap': {
          const ipLimit = settings.holds.maxOpenPerIpPerDay;
          throw new AppError(
            'HOLD_LIMIT_REACHED',
            `${ipLimit} reservations started from your network in the last 24 hours are still open. Finish or release one of them with the links in your emails, or ${call} to book more.`,
            { scope: 'ip', limit: ipLimit },
          );
        }
        case 'stale': {
          // A blackout, cap or time off was written while this request waited for the lock.
          if (attempt >= MAX_STALE_RETRIES)
            throw new Error('slot capacity inputs kept changing under the lock');
          const fresh = deps.availability.capacityFromInputs(
            { station, settings },
            request,
            slotInputsOf(outcome.inputs as SlotInputsJson),
          );
          if (fresh.capacity === 0)
            throw new AppError(
              'SLOT_UNAVAILABLE',
              fresh.reason ?? 'No chef is available for that time slot.',
            );
          input.inputs = outcome.inputs;
          input.capacity = fresh.capacity;
          break;
        }
      }
    }
  } catch (error) {
    if (request.idempotencyKey && isUniqueViolation(error)) {
      const again = await placement.loadForHold({
        quoteId: quote.id,
        idempotencyKey: request.idempotencyKey,
        date: request.date,
        weekday,
        slot: request.slot,
      });
      if (again.replay)
        return { hold: replayView(again.replay, hash, again.quote), isReplay: true };
    }
    throw error;
  }
}

function slotFull(deps: HoldPlacementDeps, capacity: number, taken: number): AppError {
  deps.onSlotFull?.();
  return new AppError('SLOT_FULL', undefined, { capacity, taken });
}

interface Prepared {
  deps: HoldPlacementDeps;
  request: HoldRequest;
  ctx: RequestContext;
  weekday: number;
  hash: string;
  hotLead: HotLead;
}

/**
 * The checks of a read without a guessed placement (or whose guess did not match), then the
 * placement input. Turns away the obvious losers before they queue on the lock; the count
 * is repeated under the lock, which is what actually decides. A customer who lost the race
 * is the hottest lead there is: one statement records it.
 */
async function checkedInput(
  prepared: Prepared,
  placement: HoldPlacementRepository,
  context: StationSettings,
  quoteId: string,
  loaded: { slotInputs: SlotInputsJson; taken: number },
): Promise<PlaceHoldInput> {
  const { deps, request } = prepared;
  const { station, settings } = context;
  const slot = {
    ...deps.availability.capacityFromInputs(context, request, slotInputsOf(loaded.slotInputs)),
    taken: loaded.taken,
  };
  deps.validateSchedule({ ...request, settings, timeZone: station.timeZone });
  if (slot.capacity === 0)
    throw new AppError(
      'SLOT_UNAVAILABLE',
      slot.reason ?? 'No chef is available for that time slot.',
    );
  if (slot.taken >= slot.capacity) {
    await placement.recordSlotFullLead(prepared.hotLead);
    throw slotFull(deps, slot.capacity, slot.taken);
  }
  return placementInput(prepared, context, quoteId, loaded.slotInputs, slot.capacity);
}

/**
 * What `core.place_hold` gets: the capacity `capacity` was computed by core from `inputs`
 * for this request; contact details and consents encrypted, caps keyed (ADR 0016).
 */
function placementInput(
  { deps, request, ctx, weekday, hash, hotLead }: Prepared,
  { station, settings }: StationSettings,
  quoteId: string,
  inputs: SlotInputsJson,
  capacity: number,
): PlaceHoldInput {
  const channel = ctx.channel ?? 'web';
  // Staff place holds from the office for customers (one address, any number of them).
  const ipHash = ctx.ip && channel !== 'staff' ? deps.fieldCrypto.keyedHash('ip', ctx.ip) : null;
  const signDeadline = new Date(deps.now().getTime() + settings.holds.signWithinMinutes * MINUTE);
  return {
    stationId: station.id,
    date: request.date,
    slot: request.slot,
    weekday,
    inputs,
    capacity,
    caps: channel === 'staff' ? null : capsOf(deps.fieldCrypto, request.customer, ipHash, settings),
    customer: customerValues(deps.fieldCrypto, request.customer),
    consents: consentRows(deps.fieldCrypto, request, ctx.ip ?? null),
    quoteId,
    requestedTime: request.requestedTime ?? null,
    signDeadline: signDeadline.toISOString(),
    idempotencyKey: request.idempotencyKey ?? null,
    requestHash: hash,
    sourceChannel: channel,
    ipHash,
    messages: planHoldMessages({
      status: 'awaiting_signature',
      signDeadline,
      depositDeadline: null,
      settings,
    }).map((m) => ({ kind: m.kind, dueAt: m.dueAt.toISOString() })),
    hotLead,
  };
}

/**
 * The placement the read itself may run (see PlacementMemory and loadForHold): the quote's
 * station and the slot's inputs as remembered, the schedule rules passed with that station's
 * settings, and the capacity core computes from those inputs for this request. SQL runs it
 * only when the quote and the inputs read match. Null when there is nothing to guess from or
 * the rules would refuse the request anyway (the read then decides which error to answer,
 * as without a guess).
 */
async function guessPlacement(
  prepared: Prepared,
): Promise<{ context: StationSettings; input: PlaceHoldInput } | null> {
  const { deps, request, weekday } = prepared;
  const stationId = deps.memory?.stationOf(request.quoteId);
  const inputs = stationId ? deps.memory?.inputsOf(stationId, weekday, request.slot) : undefined;
  if (!stationId || !inputs) return null;
  let context: StationSettings;
  let capacity: number;
  try {
    context = await deps.settings.getForStation(stationId);
    deps.validateSchedule({
      ...request,
      settings: context.settings,
      timeZone: context.station.timeZone,
    });
    ({ capacity } = deps.availability.capacityFromInputs(context, request, slotInputsOf(inputs)));
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
  if (capacity === 0) return null;
  return { context, input: placementInput(prepared, context, request.quoteId, inputs, capacity) };
}

function replayView(replay: HoldRow, hash: string, quote: QuoteRow | null): HoldView {
  if (replay.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  // The request hash covers the quote id: the replay's quote is the one asked for.
  if (!quote || quote.id !== replay.quote_id) throw new AppError('QUOTE_NOT_FOUND');
  return toHoldView(replay, quote);
}

/**
 * SPEC §4: open holds plus unpaid bookings are capped per email, per phone and per IP, so
 * nobody can block the calendar with throw-away checkouts. `core.place_hold` counts them
 * under advisory locks on the contact and the address (keyed hashes), so two requests at
 * once cannot both take the last place under a cap. Staff holds are not capped.
 */
function capsOf(
  crypto: FieldCrypto,
  customer: { email: string; phone: string },
  ipHash: string | null,
  settings: Settings,
): NonNullable<PlaceHoldInput['caps']> {
  const email = customer.email.trim().toLowerCase();
  const phone = customer.phone.replace(/\D/g, '').slice(-10);
  return {
    lockKeys: [`email:${email}`, `phone:${phone}`, ...(ipHash ? [`ip:${ipHash}`] : [])].map((key) =>
      crypto.keyedHash('hold-cap', key),
    ),
    emailIndex: contactIndex(crypto, 'email', email),
    phoneIndex: contactIndex(crypto, 'phone', phone),
    ipHash,
    maxOpenPerContact: settings.holds.maxOpenPerContact,
    maxOpenPerIp: settings.holds.maxOpenPerIpPerDay,
    ipWindowHours: IP_CAP_WINDOW_HOURS,
  };
}

/** The values CustomersRepository.upsert writes (ADR 0016), for the insert in the function. */
function customerValues(
  crypto: FieldCrypto,
  customer: { name: string; email: string; phone: string },
): PlaceHoldInput['customer'] {
  const email = customer.email.trim();
  const emailIndex = contactIndex(crypto, 'email', email);
  const phoneIndex = contactIndex(crypto, 'phone', customer.phone);
  // The boundary (customerSchema) already refused an empty email or a phone without digits.
  if (!emailIndex || !phoneIndex) throw new Error('customer contact is empty after normalising');
  return {
    name: customer.name,
    email: crypto.encrypt(email, PII_CONTEXT.customerEmail),
    emailIndex,
    phone: crypto.encrypt(customer.phone, PII_CONTEXT.customerPhone),
    phoneIndex,
  };
}

/**
 * Booking-form answers go to the shared consent ledger (marketing.consents, append-only),
 * encrypted as ConsentsRepository.record writes them. Only ticked boxes are written: an
 * unticked box is no answer, and writing it as "opted_out" would override a consent the
 * person gave elsewhere (e.g. texting START). The boxes cover this event's confirmation and
 * reminders, not promotions.
 */
function consentRows(
  crypto: FieldCrypto,
  request: HoldRequest,
  ip: string | null,
): PlaceHoldInput['consents'] {
  const { consents, customer } = request;
  if (!consents) return [];
  const answer = {
    purpose: 'transactional',
    status: 'opted_in',
    source: 'booking_form',
    textShown: consents.text,
    ip,
  };
  const rows: PlaceHoldInput['consents'] = [];
  if (consents.email) {
    const email = customer.email.trim();
    rows.push({
      ...answer,
      channel: 'email',
      email: crypto.encrypt(email, PII_CONTEXT.consentEmail),
      emailIndex: contactIndex(crypto, 'email', email),
      phone: null,
      phoneIndex: null,
    });
  }
  if (consents.sms)
    rows.push({
      ...answer,
      channel: 'sms',
      phone: crypto.encrypt(customer.phone, PII_CONTEXT.consentPhone),
      phoneIndex: contactIndex(crypto, 'phone', customer.phone),
      email: null,
      emailIndex: null,
    });
  return rows;
}

/**
 * A customer who lost the race is the hottest lead there is: their details, sealed as
 * LeadsRepository writes them (ADR 0016); the quote's details are added in SQL
 * (`core.record_slot_full_lead`, migration 0029).
 */
/**
 * The request's field crypto, remembering its keyed hashes: the caps, the customer, the
 * consents and the hot lead each hash the same email and phone (about a dozen HMACs, half
 * of them repeats).
 */
function rememberingHashes(crypto: FieldCrypto): FieldCrypto {
  const hashes = new Map<string, string>();
  const remembering = Object.create(crypto) as FieldCrypto;
  remembering.keyedHash = (purpose, value) => {
    const key = `${purpose}\u0000${value}`;
    let hash = hashes.get(key);
    if (hash === undefined) {
      hash = crypto.keyedHash(purpose, value);
      hashes.set(key, hash);
    }
    return hash;
  };
  return remembering;
}

function hotLeadOf(db: Kysely<DB>, crypto: FieldCrypto, request: HoldRequest): HotLead {
  const {
    stationId: _station,
    details: _details,
    ...lead
  } = new LeadsRepository(db, crypto).sealedLead({
    stationId: null,
    source: 'slot_full',
    score: 90,
    name: request.customer.name,
    email: request.customer.email,
    phone: request.customer.phone,
    details: null,
  });
  return {
    quoteId: request.quoteId,
    date: request.date,
    slot: request.slot,
    requestedTime: request.requestedTime ?? null,
    lead,
  };
}
