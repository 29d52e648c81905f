import {
  addonCodes,
  proteinCodes,
  slotTimes,
  type AddonCode,
  type ProteinCode,
  type SlotTime,
} from '@teppan/core';
import type { HoldView, ServerQuote } from '../api.ts';
import { emptyDraft, signatureOf, type Draft } from '../draft.ts';
import { toQuoteRequest } from '../quote.ts';

// What a hold link (/book/hold/:id) finds, and the wizard draft it resumes or starts again.

export type HoldStage =
  | { kind: 'sign' }
  | { kind: 'pay' }
  | { kind: 'expired' }
  | { kind: 'released' }
  | { kind: 'booked'; bookingId: string }
  | { kind: 'unknown'; status: string };

/**
 * Where the hold stands at `now`. The read does not settle an expiry that is due (the sweep
 * does), so a running status past `expiresAt` counts as expired here, as the server would.
 */
export function holdStage(hold: HoldView, now: number): HoldStage {
  const isRunning = new Date(hold.expiresAt).getTime() > now;
  switch (hold.status) {
    case 'awaiting_signature':
      return isRunning ? { kind: 'sign' } : { kind: 'expired' };
    case 'awaiting_deposit':
      return isRunning ? { kind: 'pay' } : { kind: 'expired' };
    case 'expired':
      return { kind: 'expired' };
    case 'released':
      return { kind: 'released' };
    case 'converted':
      return hold.bookingId
        ? { kind: 'booked', bookingId: hold.bookingId }
        : { kind: 'unknown', status: hold.status };
    default:
      return { kind: 'unknown', status: hold.status };
  }
}

/** Positive whole counts of the known codes; anything else in the stored JSON is dropped. */
function countsOf<K extends string>(
  value: unknown,
  codes: readonly K[],
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [code, n] of Object.entries(value)) {
    const known = codes.find((c) => c === code);
    if (known && typeof n === 'number' && Number.isInteger(n) && n > 0) out[known] = n;
  }
  return out;
}

/** The stored quote's menu (`{ proteins, extraProteins, addons }`, typed unknown on the wire). */
export function menuOfQuote(menu: unknown): {
  proteins: Partial<Record<ProteinCode, number>>;
  extraProteins: Partial<Record<ProteinCode, number>>;
  addons: Partial<Record<AddonCode, number>>;
} {
  const source: Record<string, unknown> =
    typeof menu === 'object' && menu !== null ? { ...menu } : {};
  return {
    proteins: countsOf(source.proteins, proteinCodes),
    extraProteins: countsOf(source.extraProteins, proteinCodes),
    addons: countsOf(source.addons, addonCodes),
  };
}

function slotOf(slot: string): SlotTime | null {
  return slotTimes.find((s) => s === slot) ?? null;
}

/** The party, venue and menu a quote was made for, as the wizard keeps them. */
function partyOf(quote: ServerQuote | null): Partial<Draft> {
  if (!quote) return {};
  const menu = menuOfQuote(quote.menu);
  return {
    venue: { zip: quote.venue.zip, address: quote.venue.address ?? '' },
    adults: quote.adults,
    children: quote.children,
    toddlers: quote.toddlers,
    proteins: menu.proteins,
    extraProteins: menu.extraProteins,
    addons: menu.addons,
  };
}

/**
 * The wizard draft that carries on with a running hold. The same hold already in this tab's
 * draft keeps what was typed (signer name, allergies); another hold starts a fresh draft, so no
 * answer of a different booking leaks into this one.
 */
export function draftForRunningHold(options: {
  current: Draft;
  hold: HoldView;
  quote: ServerQuote | null;
  isSigned: boolean;
}): Draft {
  const { current, hold, quote, isSigned } = options;
  if (current.hold?.id === hold.id) return { ...current, hold, signed: isSigned };
  const base: Draft = {
    ...emptyDraft(),
    ...partyOf(quote),
    date: hold.date,
    slot: slotOf(hold.slot),
    requestedTime: hold.requestedTime ?? '',
    hold,
    signed: isSigned,
  };
  if (!quote) return base;
  // The wizard re-prices only when its inputs change; these are the inputs of this quote.
  const request = toQuoteRequest({
    adults: base.adults,
    children: base.children,
    toddlers: base.toddlers,
    proteins: base.proteins,
    extraProteins: base.extraProteins,
    addons: base.addons,
    zip: base.venue.zip,
    address: base.venue.address,
    eventDate: base.date,
  });
  return { ...base, quote, quoteSignature: signatureOf(request) };
}

/**
 * A fresh draft for holding the party's date again after the hold lapsed: the party, venue and
 * menu of its quote, the date and slot only when `keepDate` (the slot is still free). Prices
 * are asked for again (settings may have changed), and the allergy question is asked again.
 */
export function draftForNewHold(options: {
  hold: HoldView;
  quote: ServerQuote | null;
  keepDate: boolean;
}): Draft {
  const { hold, quote, keepDate } = options;
  return {
    ...emptyDraft(),
    ...partyOf(quote),
    ...(keepDate
      ? { date: hold.date, slot: slotOf(hold.slot), requestedTime: hold.requestedTime ?? '' }
      : {}),
  };
}
