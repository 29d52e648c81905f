import type { AddonCode, ProteinCode, SlotTime } from '@teppan/core';
import { useCallback, useSyncExternalStore } from 'react';
import type { DepositResult, HoldView, ServerQuote } from './api.ts';

/** Everything the booking wizard has collected; kept in sessionStorage so refresh/back keep it. */
export type Draft = {
  venue: { zip: string; address: string };
  date: string | null;
  slot: SlotTime | null;
  requestedTime: string;
  adults: number;
  children: number;
  toddlers: number;
  proteins: Partial<Record<ProteinCode, number>>;
  extraProteins: Partial<Record<ProteinCode, number>>;
  addons: Partial<Record<AddonCode, number>>;
  allergies: { guest: string; allergy: string }[];
  allGuestsAsked: boolean;
  specialRequests: string;
  customer: { name: string; email: string; phone: string };
  emailConsent: boolean;
  smsConsent: boolean;
  /** Per-wizard random part of the hold's idempotency key. */
  sessionKey: string;
  quote: ServerQuote | null;
  quoteSignature: string | null;
  hold: HoldView | null;
  holdSignature: string | null;
  signerName: string;
  signed: boolean;
  booking: DepositResult | null;
  allergensSaved: boolean;
};

const KEY = 'teppan.booking.v1';

function randomKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
}

export function emptyDraft(): Draft {
  return {
    venue: { zip: '', address: '' },
    date: null,
    slot: null,
    requestedTime: '',
    adults: 10,
    children: 0,
    toddlers: 0,
    proteins: {},
    extraProteins: {},
    addons: {},
    allergies: [],
    allGuestsAsked: false,
    specialRequests: '',
    customer: { name: '', email: '', phone: '' },
    emailConsent: false,
    smsConsent: false,
    sessionKey: randomKey(),
    quote: null,
    quoteSignature: null,
    hold: null,
    holdSignature: null,
    signerName: '',
    signed: false,
    booking: null,
    allergensSaved: false,
  };
}

let cached: Draft | null = null;
const listeners = new Set<() => void>();

function read(): Draft {
  if (cached) return cached;
  try {
    const raw = sessionStorage.getItem(KEY);
    cached = raw ? { ...emptyDraft(), ...(JSON.parse(raw) as Partial<Draft>) } : emptyDraft();
  } catch {
    cached = emptyDraft();
  }
  return cached;
}

function write(next: Draft): void {
  cached = next;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Private mode or a full quota: the wizard still works for this page view.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function resetDraft(): void {
  write(emptyDraft());
}

export function useDraft(): [
  Draft,
  (patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => void,
] {
  const draft = useSyncExternalStore(subscribe, read, read);
  const update = useCallback((patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => {
    const current = read();
    write({ ...current, ...(typeof patch === 'function' ? patch(current) : patch) });
  }, []);
  return [draft, update];
}

/** A short stable hash of a JSON-able value (FNV-1a), to tell whether inputs changed. */
export function signatureOf(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Counts without zeros, so requests and signatures stay canonical. */
export function nonZero<K extends string>(
  counts: Partial<Record<K, number>>,
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const [code, n] of Object.entries(counts) as [K, number | undefined][]) {
    if (n && n > 0) out[code] = n;
  }
  return out;
}
