import type {
  AddonCode,
  ProteinCode,
  QuoteLine,
  Settings,
  SlotTime,
  TravelSource,
} from '@teppan/core';

/** Every error the API returns: `{ error: { code, message, details? }, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ErrorEnvelope = {
  error?: { code?: string; message?: string; details?: unknown };
  requestId?: string;
};

export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; token?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers['x-booking-token'] = options.token;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'We could not reach the server. Check your connection.');
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const envelope = (data ?? {}) as ErrorEnvelope;
    throw new ApiError(
      response.status,
      envelope.error?.code ?? 'HTTP_' + String(response.status),
      envelope.error?.message ?? `The server answered ${response.status}.`,
      envelope.error?.details,
      envelope.requestId,
    );
  }
  return data as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** GET /api/v1/settings: the public subset of the station settings. */
export type PublicSettings = {
  station: { id: string; code: string; name: string; timeZone: string; zip: string };
  version: number;
  pricing: Settings['pricing'];
  travel: { freeMiles: number; perMileCents: number; serviceRadiusMiles: number };
  slots: Settings['slots'];
  requestedTimeWindowMinutes: number;
  notice: Settings['notice'];
  holds: Settings['holds'];
  policies: Settings['policies'];
  eventDuration: Settings['eventDuration'];
  serviceArea: Settings['serviceArea'];
  largePartyHandoffGuests: number;
  /** Which deposit methods the server accepts; offline methods are always there. */
  payments?: { cardAvailable: boolean; offlineMethods: string[] };
};

/** GET /api/v1/agreements/current: the text to sign and the hash to send with the signature. */
export type AgreementView = {
  stationId: string;
  version: string;
  contentHash: string;
  documents: {
    kind: 'terms' | 'liability_waiver' | 'allergen_disclosure';
    version: number;
    title: string;
    paragraphs: string[];
  }[];
};

/** POST /api/v1/bookings/:id/pay: where to send the browser to pay by card. */
export type PayResult = { paymentId: string; url: string };

export type MenuCounts = {
  proteins?: Partial<Record<ProteinCode, number>>;
  extraProteins?: Partial<Record<ProteinCode, number>>;
  addons?: Partial<Record<AddonCode, number>>;
};

export type QuoteRequestBody = MenuCounts & {
  adults: number;
  children: number;
  toddlers: number;
  venue: { zip: string; address?: string };
  eventDate?: string;
};

export type ServerQuote = {
  id: string;
  number: string;
  stationId: string;
  settingsVersion: number;
  adults: number;
  children: number;
  toddlers: number;
  lines: QuoteLine[];
  foodSubtotalCents: number;
  minimumApplied: boolean;
  travel: {
    miles: number;
    feeCents: number;
    source: TravelSource;
    withinServiceArea: boolean;
    isEstimate: boolean;
  };
  taxCents: number;
  totalCents: number;
  depositCents: number;
  balanceCents: number;
  gratuitySuggestions: { percent: number; cents: number }[];
  proteinSelection: { required: number; selected: number; status: string; message?: string };
  venue: { zip: string; address: string | null };
  eventDate: string | null;
};

export type SlotView = {
  slot: SlotTime;
  label: string;
  capacity: number;
  taken: number;
  remaining: number;
  bookable: boolean;
  reason?: string;
};

export type Availability = {
  stationId: string;
  timeZone: string;
  days: { date: string; slots: SlotView[] }[];
};

export type HoldView = {
  id: string;
  status: string;
  date: string;
  slot: SlotTime;
  requestedTime: string | null;
  signDeadline: string;
  depositDeadline: string | null;
  expiresAt: string;
  bookingId: string | null;
  totalCents: number;
  depositCents: number;
};

export type PaymentView = {
  id: string;
  kind: string;
  method: string;
  provider: string;
  status: string;
  amountCents: number;
  reference: string;
  instructions?: string;
  checkoutUrl?: string;
};

/** SPEC §4: the deadline in force and what the customer said about an offline payment. */
export type DepositDue = {
  stage: 'awaiting_payment' | 'awaiting_confirmation';
  deadline: string | null;
  reported: { at: string; reference: string; method: string } | null;
  canReport: boolean;
};

export type BookingView = {
  id: string;
  number: string;
  status: string;
  date: string;
  slot: SlotTime;
  requestedTime: string | null;
  eventStartsAt: string;
  guests: { adults: number; children: number; toddlers: number };
  menu: unknown;
  allergens: unknown;
  specialRequests: string | null;
  venue: { zip: string; address: string | null };
  totalCents: number;
  depositCents: number;
  paidCents: number;
  balanceCents: number;
  reschedulesUsed: number;
  version: number;
  quote: ServerQuote;
  payments: PaymentView[];
  /** Where an unpaid booking stands with its deposit; null once paid or cancelled. */
  depositDue: DepositDue | null;
  policies: {
    cancellation: {
      refundCents: number;
      forfeitedCents: number;
      refundable: boolean;
      message: string;
    };
    reschedule: { feeCents: number; free: boolean; message: string };
    guestCountChange: { allowed: boolean; message?: string };
    menuChange: { allowed: boolean; message?: string };
  };
};

export type DepositResult = BookingView & {
  manageToken: string;
  manageUrl: string;
  checkout?: { url?: string; error?: { code: string; message: string } } | null;
};
