/**
 * Property-based fuzzing of every public route (fast-check). The contract under test:
 *
 *  - invalid input (wrong types, out-of-range counts, impossible or out-of-window dates,
 *    unknown slots / codes / keys, oversized strings, malformed JSON, wrong content types,
 *    bad or unknown ids, missing or wrong tokens) answers 4xx with
 *    `{ error: { code, message }, requestId }`, where `code` is in the catalogue and its
 *    catalogue status is the HTTP status;
 *  - nothing ever answers 5xx;
 *  - a refused request writes nothing: row counts of the core/crm/audit tables and the
 *    target quote, holds and booking rows are identical before and after each invalid-input
 *    property.
 *
 * Generators mostly mutate a valid body one field at a time, so the request reaches the
 * validation layer and, where the body is schema-valid but wrong for the domain (past dates,
 * unknown ids, conflicting versions), the service layer. Every "invalid" generator is
 * filtered through the request schema from @teppan/core, so it cannot accidentally produce a
 * valid body that would legitimately change state.
 */
import { errorCatalogue, type ErrorCode, defaultSettings } from '@teppan/core';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { z } from 'zod';
import { customer, dateAhead, newStation, quoteBody } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

/** Runs per property; raise it locally (FUZZ_RUNS=1000) for a deeper search. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

// ───────────────────────────── app, targets, snapshots ─────────────────────────────

export let t: TestApp;
/** Stack traces of errors the app handled, by request id: printed when a 5xx slips through. */
export const stacks = new Map<string, string>();

export const targets = {
  quoteId: '',
  /** awaiting_signature: the target of sign fuzzing. */
  holdId: '',
  /** awaiting_deposit: the target of deposit fuzzing. */
  signedHoldId: '',
  /** awaiting_signature: only ever sent requests that must not release it. */
  releaseHoldId: '',
  /** converted into `bookingId`. */
  convertedHoldId: '',
  bookingId: '',
  bookingToken: '',
  bookingVersion: 0,
  bookingDate: '',
  paymentId: '',
};

export const signBody = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
};

export interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
  url: string;
  /** Serialized with JSON.stringify and sent as application/json (unless contentType says otherwise). */
  body?: unknown;
  /** Sent byte for byte. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Sent {
  res: LightMyRequestResponse;
  label: string;
}

export async function send(req: Req): Promise<Sent> {
  const headers: Record<string, string> = { ...req.headers };
  let payload: string | undefined;
  if (req.raw !== undefined) payload = req.raw;
  else if (req.body !== undefined) payload = JSON.stringify(req.body);
  if (payload !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  const options: InjectOptions = {
    method: req.method,
    url: req.url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  };
  const res = await t.app.inject(options);
  const shown =
    payload === undefined
      ? ''
      : ` ${payload.length > 300 ? `${payload.slice(0, 300)}…(${payload.length} chars)` : payload}`;
  const url = req.url.length > 300 ? `${req.url.slice(0, 300)}…(${req.url.length} chars)` : req.url;
  return {
    res,
    label: `${req.method} ${url}${headers['content-type'] ? ` [${headers['content-type']}]` : ''}${shown}`,
  };
}

export function describeResponse({ res, label }: Sent): string {
  const requestId = res.headers['x-request-id'];
  const stack = typeof requestId === 'string' ? stacks.get(requestId) : undefined;
  const shortStack = stack?.split('\n').slice(0, 12).join('\n');
  return `${label}\n  → ${res.statusCode} ${res.body.slice(0, 500)}${shortStack ? `\n  server stack: ${shortStack}` : ''}`;
}

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string().min(1),
    details: z.unknown().optional(),
  }),
  requestId: z.string().min(1),
});

/** A 4xx in the wire format with a catalogued code whose status is the HTTP status. */
export function expectApiError(
  sent: Sent,
  expected: { codes?: readonly ErrorCode[]; statuses?: readonly number[] } = {},
): ErrorCode {
  const { res } = sent;
  const where = describeResponse(sent);
  expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.headers['content-type'], where).toMatch(/^application\/json/);
  const parsed = errorBodySchema.safeParse(JSON.parse(res.body));
  expect(parsed.success, where).toBe(true);
  const body = parsed.data as z.infer<typeof errorBodySchema>;
  expect(
    Object.hasOwn(errorCatalogue, body.error.code),
    `${where}\n  code not in the catalogue`,
  ).toBe(true);
  const code = body.error.code as ErrorCode;
  expect(errorCatalogue[code].status, `${where}\n  catalogue status of ${code}`).toBe(
    res.statusCode,
  );
  expect(body.requestId, where).toBe(res.headers['x-request-id']);
  if (expected.statuses) expect(expected.statuses, where).toContain(res.statusCode);
  if (expected.codes) expect(expected.codes, where).toContain(code);
  return code;
}

export function expectNot5xx(sent: Sent): void {
  expect(sent.res.statusCode, describeResponse(sent)).toBeLessThan(500);
  if (sent.res.statusCode >= 400) expectApiError(sent);
}

export const COUNTED_TABLES = [
  'core.quotes',
  'core.holds',
  'core.bookings',
  'core.customers',
  'core.payments',
  'core.agreements',
  'core.scheduled_messages',
  'crm.leads',
  'audit.log',
] as const;

export async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db);
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

/** Row counts plus the full target rows, so an UPDATE of a target shows up too. */
export async function snapshot() {
  const db = t.database.db;
  const holdIds = [
    targets.holdId,
    targets.signedHoldId,
    targets.releaseHoldId,
    targets.convertedHoldId,
  ];
  const [counts, holds, booking, quote, payments] = await Promise.all([
    rowCounts(),
    db.selectFrom('core.holds').selectAll().where('id', 'in', holdIds).orderBy('id').execute(),
    db.selectFrom('core.bookings').selectAll().where('id', '=', targets.bookingId).execute(),
    db.selectFrom('core.quotes').selectAll().where('id', '=', targets.quoteId).execute(),
    db
      .selectFrom('core.payments')
      .selectAll()
      .where('booking_id', '=', targets.bookingId)
      .orderBy('id')
      .execute(),
  ]);
  return { counts, holds, booking, quote, payments };
}

/** Runs invalid-input fuzzing and asserts that it wrote nothing anywhere. */
export async function expectNoWrites(run: () => Promise<void>): Promise<void> {
  const before = await snapshot();
  await run();
  expect(await snapshot()).toEqual(before);
}

/** One request that must be refused: reports a partial write even when the status is also wrong. */
export async function expectRefusedWithoutWrites(
  request: Req,
  expected: Parameters<typeof expectApiError>[1] = {},
): Promise<void> {
  const before = await snapshot();
  const sent = await send(request);
  expect.soft(await snapshot(), `rows written by ${describeResponse(sent)}`).toEqual(before);
  expectApiError(sent, expected);
}

export function fuzz<T>(
  arb: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  numRuns = RUNS,
): Promise<void> {
  return fc.assert(fc.asyncProperty(arb, check), { numRuns });
}

// ───────────────────────────── setup ─────────────────────────────

export const auth = () => ({ 'x-booking-token': targets.bookingToken });

/** Registers the app, its station and the quote, holds and booking the fuzzing targets. */
export function useFuzzApp(): void {
  beforeAll(async () => {
    t = await createTestApp();
    t.app.addHook('onError', async (request, _reply, error) => {
      stacks.set(request.id, error.stack ?? String(error));
    });
    // Plenty of capacity, so the valid-input properties never run into SLOT_FULL.
    await newStation(t.database.db, {
      chefs: 2,
      settings: { capacity: { ...defaultSettings.capacity, defaultPerSlot: 500 } },
    });

    const quote = await send({ method: 'POST', url: '/api/v1/quotes', body: quoteBody() });
    expect(quote.res.statusCode, describeResponse(quote)).toBe(201);
    targets.quoteId = quote.res.json<{ id: string }>().id;

    const newHold = async (days: number, slot: string) => {
      const quoteRes = await send({ method: 'POST', url: '/api/v1/quotes', body: quoteBody() });
      const hold = await send({
        method: 'POST',
        url: '/api/v1/holds',
        body: {
          quoteId: quoteRes.res.json<{ id: string }>().id,
          date: dateAhead(days),
          slot,
          customer: customer(),
        },
      });
      expect(hold.res.statusCode, describeResponse(hold)).toBe(201);
      return hold.res.json<{ id: string }>().id;
    };
    const sign = async (id: string) => {
      const signed = await send({
        method: 'POST',
        url: `/api/v1/holds/${id}/sign`,
        body: signBody,
      });
      expect(signed.res.statusCode, describeResponse(signed)).toBe(200);
    };

    targets.holdId = await newHold(30, '18:00');
    targets.releaseHoldId = await newHold(31, '18:00');
    targets.signedHoldId = await newHold(32, '18:00');
    await sign(targets.signedHoldId);
    targets.convertedHoldId = await newHold(33, '18:00');
    await sign(targets.convertedHoldId);
    const deposit = await send({
      method: 'POST',
      url: `/api/v1/holds/${targets.convertedHoldId}/deposit`,
      body: { method: 'zelle' },
    });
    expect(deposit.res.statusCode, describeResponse(deposit)).toBe(201);
    const booking = deposit.res.json<{
      id: string;
      manageToken: string;
      version: number;
      date: string;
      payments: { id: string }[];
    }>();
    targets.bookingId = booking.id;
    targets.bookingToken = booking.manageToken;
    targets.bookingVersion = booking.version;
    targets.bookingDate = dateAhead(33);
    targets.paymentId = booking.payments[0]?.id ?? '';
    expect(targets.paymentId).not.toBe('');
  });
  afterAll(async () => t.close());
}
