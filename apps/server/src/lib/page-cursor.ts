import { AppError } from '../errors.ts';

/**
 * Keyset page cursors: an opaque base64url JSON pair of the last row's sort value and id.
 * Decoding checks the shape strictly (the id must be a UUID, a date must parse), so a forged
 * or stale cursor is a 400, never a query error.
 */
type SortKind = 'date' | 'nullableDate' | 'day' | 'text';
type SortValue<K extends SortKind> = K extends 'date'
  ? Date
  : K extends 'nullableDate'
    ? Date | null
    : string;

/** A calendar day, YYYY-MM-DD, that exists (not 2026-02-30). */
function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodePageCursor(value: Date | string | null, id: string): string {
  const sortValue = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

function parseValue(
  kind: SortKind,
  raw: unknown,
): { ok: true; value: Date | string | null } | { ok: false } {
  if (kind === 'text') return typeof raw === 'string' ? { ok: true, value: raw } : { ok: false };
  if (kind === 'day')
    return typeof raw === 'string' && isCalendarDay(raw) ? { ok: true, value: raw } : { ok: false };
  if (raw === null) return kind === 'nullableDate' ? { ok: true, value: null } : { ok: false };
  if (typeof raw !== 'string') return { ok: false };
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? { ok: false } : { ok: true, value: date };
}

export function decodePageCursor<K extends SortKind>(
  cursor: string,
  kind: K,
): { value: SortValue<K>; id: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [raw, id] = decoded as [unknown, unknown];
      const parsed = parseValue(kind, raw);
      if (parsed.ok && typeof id === 'string' && UUID.test(id))
        return { value: parsed.value as SortValue<K>, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(
    'VALIDATION_FAILED',
    'The page cursor is not valid; start from the first page.',
  );
}
