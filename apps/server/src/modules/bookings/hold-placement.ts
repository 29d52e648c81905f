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
import type { SettingsService } from '../settings/settings.service.ts';
import type { HoldRow } from './bookings.repository.ts';
import { HoldPlacementRepository, type PlaceHoldInput } from './hold-placement.repository.ts';
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
  fieldCrypto: FieldCrypto;
  validateSchedule: (input: {
    date: string;
    slot: SlotTime;
    requestedTime?: string | undefined;
    settings: Settings;
    timeZone: string;
  }) => void;
}

function requestHash(request: HoldRequest): string {
  const { idempotencyKey: _ignored, ...rest } = request;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/**
 * Places a hold in two round trips to PostgreSQL when the settings are cached: the quote
 * with any replay of the idempotency key, and the slot's capacity inputs with its occupancy
 * (an unlocked pre-check that turns most losers away before the lock); then `core.place_hold`,
 * one statement that takes the caps' advisory locks and counts, the slot lock (ADR 0002),
 * reads the capacity inputs and the occupancy again under it, and writes the customer,
 * consents, hold and scheduled messages. The capacity rule stays in core: the function
 * answers `stale` when the inputs changed since they were read, and the capacity is
 * computed again from the fresh ones.
 */
export async function placeHold(
  db: Kysely<DB>,
  deps: HoldPlacementDeps,
  request: HoldRequest,
  ctx: RequestContext = {},
): Promise<{ hold: HoldView; isReplay: boolean }> {
  const hash = requestHash(request);
  const placement = new HoldPlacementRepository(db);
  const weekday = weekdayOf(request.date);
  const loaded = await placement.loadForHold({
    quoteId: request.quoteId,
    idempotencyKey: request.idempotencyKey ?? null,
    date: request.date,
    weekday,
    slot: request.slot,
  });
  const { quote, replay } = loaded;
  if (replay) return { hold: replayView(replay, hash, quote), isReplay: true };
  if (!quote || !loaded.slotInputs) throw new AppError('QUOTE_NOT_FOUND');
  if (!quote.within_service_area) throw new AppError('OUTSIDE_SERVICE_AREA');
  const { station, settings } = await deps.settings.getForStation(quote.station_id);
  const slot = {
    ...deps.availability.capacityFromInputs(
      { station, settings },
      request,
      slotInputsOf(loaded.slotInputs),
    ),
    taken: loaded.taken,
  };
  deps.validateSchedule({ ...request, settings, timeZone: station.timeZone });
  if (slot.capacity === 0)
    throw new AppError(
      'SLOT_UNAVAILABLE',
      slot.reason ?? 'No chef is available for that time slot.',
    );
  const channel = ctx.channel ?? 'web';
  // Staff place holds from the office for customers (one address, any number of them).
  const ipHash = ctx.ip && channel !== 'staff' ? deps.fieldCrypto.keyedHash('ip', ctx.ip) : null;
  const signDeadline = new Date(deps.now().getTime() + settings.holds.signWithinMinutes * MINUTE);
  const input: PlaceHoldInput = {
    stationId: station.id,
    date: request.date,
    slot: request.slot,
    weekday,
    inputs: loaded.slotInputs,
    capacity: slot.capacity,
    caps: channel === 'staff' ? null : capsOf(deps.fieldCrypto, request.customer, ipHash, settings),
    customer: customerValues(deps.fieldCrypto, request.customer),
    consents: consentRows(deps.fieldCrypto, request, ctx.ip ?? null),
    quoteId: quote.id,
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
  };
  const call = `call us at ${settings.brand.contactPhone ?? DEFAULT_BRAND.contactPhone}`;
  try {
    // Turn away the obvious losers before they queue on the lock; the count is repeated
    // under the lock, which is what actually decides.
    if (slot.taken >= slot.capacity)
      throw new AppError('SLOT_FULL', undefined, { capacity: slot.capacity, taken: slot.taken });
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await placement.placeHold(input);
      switch (outcome.outcome) {
        case 'placed':
          await deps.afterCommit(outcome.scheduled);
          return { hold: toHoldView(outcome.hold, quote), isReplay: false };
        case 'slot_full':
          throw new AppError('SLOT_FULL', undefined, {
            capacity: input.capacity,
            taken: outcome.taken,
          });
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
    if (error instanceof AppError && error.code === 'SLOT_FULL') {
      await recordHotLead(db, deps.fieldCrypto, request, quote);
      deps.onSlotFull?.();
      throw error;
    }
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

/** A customer who lost the race is the hottest lead there is: keep their details. */
async function recordHotLead(
  db: Kysely<DB>,
  crypto: FieldCrypto,
  request: HoldRequest,
  quote: QuoteRow,
): Promise<void> {
  await new LeadsRepository(db, crypto).insert({
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
