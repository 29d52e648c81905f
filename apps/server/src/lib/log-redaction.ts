import pino, { type LoggerOptions } from 'pino';

/**
 * What never reaches a log line (SPEC §14: logs carry no secrets and no raw personal data).
 * Three layers, because no single one catches everything:
 * - `logRedactPaths`: fields known to hold secrets or contact details, censored by pino;
 * - the `req` serializer: request URLs lose bearer ids (holds, bookings, conversations and
 *   every other UUID become a keyed fingerprint, so one entity's lines still correlate
 *   without the id that opens it), `?token=` and search terms;
 * - the `err` serializer and a hook on every message: error messages, stacks and properties
 *   (a PostgreSQL `detail`, an SMTP server's reply) and log messages are scrubbed of email
 *   addresses, phone numbers and ids.
 * Street addresses have no reliable pattern; they are kept out at the source (the distance
 * cache keys hold a keyed hash of the address, not the address).
 */
export const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-booking-token"]',
  'req.headers["x-conversation-token"]',
  'res.headers["set-cookie"]',
  'email',
  'phone',
  'password',
  'token',
  'manageToken',
  '*.email',
  '*.phone',
  '*.password',
  '*.token',
  '*.manageToken',
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const EMAIL = /[\w.+%-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
// North American numbers however written, and international ones in E.164.
const PHONE =
  /(?<![\w-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?![\w-])|\+\d{8,15}\b/g;

/** Query parameters whose values are secrets or search terms (names, emails, phones). */
const SENSITIVE_QUERY = new Set([
  'token',
  'q',
  'search',
  'email',
  'phone',
  'name',
  'recipient',
  'address',
  'cursor',
]);

/** Error properties that carry row values or recipient lists wholesale. */
const DROPPED_ERROR_KEYS = new Set([
  'parameters',
  'rejected',
  'accepted',
  'rejectedErrors',
  'envelope',
]);

export type IdFingerprint = (id: string) => string;

export interface LogRedaction {
  /** A request URL as it may be logged. */
  url(url: string): string;
  /** Free text (error messages, provider replies) as it may be logged or stored. */
  text(text: string): string;
  /** pino serializers for `req` and `err`. */
  serializers: { req: pino.SerializerFn; err: pino.SerializerFn };
}

/** Emails and phone numbers out of free text; for text stored outside the logs too. */
export function scrubContactDetails(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part; // a malformed escape stays as it came
  }
}

/** One path segment or query value: judged decoded, so `%40` and `%20` hide nothing. */
function redactUrlPart(part: string, text: (value: string) => string): string {
  const plain = decoded(part);
  const redacted = text(plain);
  return redacted === plain
    ? part
    : encodeURIComponent(redacted).replace(/%5B|%5D|%3A/g, decodeURIComponent);
}

function redactQuery(query: string, text: (value: string) => string): string {
  return query
    .split('&')
    .map((pair) => {
      const separator = pair.indexOf('=');
      if (separator < 0) return redactUrlPart(pair, text);
      const key = pair.slice(0, separator);
      return SENSITIVE_QUERY.has(decoded(key).toLowerCase())
        ? `${key}=[redacted]`
        : `${key}=${redactUrlPart(pair.slice(separator + 1), text)}`;
    })
    .join('&');
}

export function createLogRedaction(fingerprint: IdFingerprint): LogRedaction {
  const text = (value: string) =>
    scrubContactDetails(value.replace(UUID, (id) => `[id:${fingerprint(id.toLowerCase())}]`));
  const url = (value: string) => {
    const mark = value.indexOf('?');
    const path = (mark < 0 ? value : value.slice(0, mark))
      .split('/')
      .map((segment) => redactUrlPart(segment, text))
      .join('/');
    return mark < 0 ? path : `${path}?${redactQuery(value.slice(mark + 1), text)}`;
  };
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object' || depth > 4) return value;
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !DROPPED_ERROR_KEYS.has(key))
        .map(([key, item]) => [key, scrub(item, depth + 1)]),
    );
  };
  return {
    url,
    text,
    serializers: {
      req: (req: { method?: string; url?: string }) => ({
        method: req.method,
        url: url(req.url ?? ''),
      }),
      err: (err: unknown) =>
        err instanceof Error ? scrub(pino.stdSerializers.err(err), 0) : scrub(err, 0),
    },
  };
}

/** A short keyed hash of an id: the same id gives the same mark, and the mark opens nothing. */
export function idFingerprint(hasher: {
  keyedHash(purpose: string, value: string): string;
}): IdFingerprint {
  return (id) => hasher.keyedHash('log.id', id).slice(0, 12);
}

/** The options of every logger of a process, the API's and the worker's alike. */
export function loggerOptions(options: {
  level: string;
  hasher: { keyedHash(purpose: string, value: string): string };
}): LoggerOptions & { level: string } {
  const redaction = createLogRedaction(idFingerprint(options.hasher));
  return {
    level: options.level,
    redact: { paths: logRedactPaths, censor: '[redacted]' },
    serializers: redaction.serializers,
    hooks: {
      // The message text too: `log.error({ err }, err.message)` repeats what the serializer
      // scrubbed, and no serializer sees a message.
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) =>
          typeof arg === 'string' ? redaction.text(arg) : arg,
        ) as Parameters<typeof method>;
        method.apply(this, scrubbed);
      },
    },
  };
}
