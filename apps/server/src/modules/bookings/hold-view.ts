import type { QuoteRow } from '../quotes/quotes.repository.ts';
import type { HoldRow } from './bookings.repository.ts';

export interface RequestContext {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  channel?: string;
}

export interface HoldView {
  id: string;
  status: string;
  stationId: string;
  quoteId: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  signDeadline: string;
  depositDeadline: string | null;
  expiresAt: string;
  bookingId: string | null;
  totalCents: number;
  depositCents: number;
  createdAt: string;
}

export function toHoldView(
  hold: HoldRow,
  quote: Pick<QuoteRow, 'total_cents' | 'deposit_cents'>,
): HoldView {
  return {
    id: hold.id,
    status: hold.status,
    stationId: hold.station_id,
    quoteId: hold.quote_id,
    date: hold.date,
    slot: hold.slot,
    requestedTime: hold.requested_time,
    signDeadline: hold.sign_deadline.toISOString(),
    depositDeadline: hold.deposit_deadline?.toISOString() ?? null,
    expiresAt: hold.expires_at.toISOString(),
    bookingId: hold.booking_id,
    totalCents: quote.total_cents,
    depositCents: quote.deposit_cents,
    createdAt: hold.created_at.toISOString(),
  };
}

export interface ScheduledRow {
  id: string;
  due_at: Date;
}

/** A `core.holds` row as `to_jsonb` writes it (timestamps as ISO text), typed like a read. */
export type HoldJson = Record<keyof HoldRow, string | null>;

export function holdFromJson(json: HoldJson): HoldRow {
  const at = (value: string | null) => (value === null ? null : new Date(value));
  const required = (value: string | null, name: string): string => {
    if (value === null) throw new Error(`core.holds.${name} is null`);
    return value;
  };
  return {
    id: required(json.id, 'id'),
    station_id: required(json.station_id, 'station_id'),
    quote_id: required(json.quote_id, 'quote_id'),
    customer_id: required(json.customer_id, 'customer_id'),
    date: required(json.date, 'date'),
    slot: required(json.slot, 'slot'),
    requested_time: json.requested_time,
    status: required(json.status, 'status'),
    sign_deadline: new Date(required(json.sign_deadline, 'sign_deadline')),
    deposit_deadline: at(json.deposit_deadline),
    expires_at: new Date(required(json.expires_at, 'expires_at')),
    signed_at: at(json.signed_at),
    booking_id: json.booking_id,
    idempotency_key: json.idempotency_key,
    request_hash: json.request_hash,
    source_channel: required(json.source_channel, 'source_channel'),
    created_at: new Date(required(json.created_at, 'created_at')),
    updated_at: new Date(required(json.updated_at, 'updated_at')),
    ip_hash: json.ip_hash,
  };
}
