import { createClient } from '@teppan/web-client';

export { ApiError, errorMessage } from '@teppan/web-client';

// The session lives in an HttpOnly cookie; the CSRF token that goes with it is kept in memory
// only and re-read from /auth/me after a reload.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * The admin app's one client (same origin, cookie session; the CSRF token rides on every
 * call); every error is an `ApiError`. `call(routes.x, { params, query, body })` takes a
 * contract reference (`route<typeof contract.area.op>(method, path)`, kept beside the area's
 * screens in `api-<area>.ts`) and answers the contract's response type: the admin app declares
 * no response types of its own.
 */
export const client = createClient({
  credentials: 'same-origin',
  headers: (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {}),
});

export const { call } = client;

/**
 * A request to a built path, typed by the caller. The admin areas still use it while their
 * calls move onto contract entries (`client.call`); the fetch, the errors and the parsing are
 * the shared client's.
 */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown } = {},
): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> =
    method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {};
  return (await client.request(method, path, {
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  })) as T;
}

export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export type BookingListItem = {
  id: string;
  number: string;
  stationId: string;
  status: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  eventStartsAt: string;
  guests: number;
  /** Absent from a chef's view: chefs never see pay (SPEC §14). */
  totalCents?: number;
  venueZip: string;
  sourceChannel: string;
  customer: { name: string; email: string; phone: string };
};

export type BookingPage = { items: BookingListItem[]; nextCursor: string | null };

export type PaymentView = {
  id: string;
  kind: string;
  method: string;
  provider: string;
  status: string;
  amountCents: number;
  reference: string;
};

export type DepositDue = {
  /** Waiting for the customer's payment, or (they say they sent it) for staff to confirm. */
  stage: 'awaiting_payment' | 'awaiting_confirmation';
  /** Cancelled automatically when this passes unpaid; null on older bookings. */
  deadline: string | null;
  reported: { at: string; reference: string; method: string } | null;
  canReport: boolean;
};

export type BookingDetail = {
  id: string;
  number: string;
  stationId: string;
  status: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  eventStartsAt: string;
  guests: { adults: number; children: number; toddlers: number };
  allergens: unknown;
  specialRequests: string | null;
  venue: { zip: string; address: string | null };
  menu: {
    proteins?: Record<string, number>;
    extraProteins?: Record<string, number>;
    addons?: Record<string, number>;
  } | null;
  // Absent from a chef's view (no payments.read): chefs never see pay (SPEC §14).
  totalCents?: number;
  depositCents?: number;
  paidCents?: number;
  balanceCents?: number;
  version: number;
  payments?: PaymentView[];
  /** SPEC §4: an unpaid booking's deadline and the customer's "I've sent it"; null otherwise. */
  depositDue?: DepositDue | null;
  policies?: { cancellation?: { message: string } };
  customer: { id: string; name: string; email: string; phone: string };
  previousStatus: string | null;
  cancellationReason: string | null;
  timeline: {
    type: string;
    /** Absent from a chef's view: what money moved is not theirs to see. */
    data?: unknown;
    actor: string | null;
    actorName: string | null;
    at: string;
  }[];
  /** Messages recorded or sent about the booking; absent from a chef's view. */
  sentMessages?: {
    channel: string;
    recipient: string;
    subject: string | null;
    template: string;
    status: string;
    provider: string;
    at: string;
  }[];
  /** Absent from a chef's view (chefs do not message customers). */
  scheduledMessages?: {
    kind: string;
    dueAt: string;
    status: string;
    outcome: string | null;
    processedAt: string | null;
  }[];
};

export type SlotView = {
  slot: string;
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

export type AuditEntry = {
  id: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  /** null: organisation-wide (sign-ins, staff accounts), shown to super admins only. */
  stationId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
  at: string;
};

export type AuditPage = { items: AuditEntry[]; nextBeforeId: number | null };

export type InboxStatus = 'assistant' | 'handoff';

export type InboxItem = {
  id: string;
  channel: string;
  status: InboxStatus;
  /** null only for a conversation no station owns; super admins alone see those. */
  stationId: string | null;
  phone: string | null;
  handoffReason: string | null;
  handoffSummary: string | null;
  lastMessage: string | null;
  createdAt: string;
  updatedAt: string;
};

export type InboxPage = { items: InboxItem[]; nextCursor: string | null };

export type InboxToolCall = { name: string; input: unknown; output: unknown };

export type InboxMessage = {
  id: number;
  role: 'customer' | 'assistant' | 'staff';
  text: string;
  intent: string | null;
  confidence: number | null;
  agent: string | null;
  entities: unknown;
  toolCalls: InboxToolCall[] | null;
  guardrail: unknown;
  handoff: unknown;
  latencyMs: number | null;
  createdAt: string;
};

export type InboxDetail = Omit<InboxItem, 'lastMessage'> & { messages: InboxMessage[] };
