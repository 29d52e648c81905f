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
import {
  addonCodes,
  availabilityQuerySchema,
  bookingPatchSchema,
  cancelRequestSchema,
  depositReportSchema,
  defaultSettings,
  depositRequestSchema,
  errorCatalogue,
  holdRequestSchema,
  proteinCodes,
  quoteRequestSchema,
  rescheduleRequestSchema,
  signRequestSchema,
  slotTimes,
  type ErrorCode,
} from '@teppan/core';
import fc from 'fast-check';
import { contactIndex } from '@teppan/db/pii';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { customer, dateAhead, newStation, quoteBody } from './factories.ts';
import { createTestApp, STAFF_KEY, type TestApp } from './harness.ts';

/** Runs per property; raise it locally (FUZZ_RUNS=1000) for a deeper search. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

// ───────────────────────────── app, targets, snapshots ─────────────────────────────

let t: TestApp;
/** Stack traces of errors the app handled, by request id: printed when a 5xx slips through. */
const stacks = new Map<string, string>();

const targets = {
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

const signBody = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
};

interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
  url: string;
  /** Serialized with JSON.stringify and sent as application/json (unless contentType says otherwise). */
  body?: unknown;
  /** Sent byte for byte. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

interface Sent {
  res: LightMyRequestResponse;
  label: string;
}

async function send(req: Req): Promise<Sent> {
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

function describeResponse({ res, label }: Sent): string {
  const requestId = res.headers['x-request-id'];
  const stack = typeof requestId === 'string' ? stacks.get(requestId) : undefined;
  const shortStack = stack?.split('\n').slice(0, 12).join('\n');
  return `${label}\n  → ${res.statusCode} ${res.body.slice(0, 500)}${shortStack ? `\n  server stack: ${shortStack}` : ''}`;
}

const errorBodySchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string().min(1),
    details: z.unknown().optional(),
  }),
  requestId: z.string().min(1),
});

/** A 4xx in the wire format with a catalogued code whose status is the HTTP status. */
function expectApiError(
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

function expectNot5xx(sent: Sent): void {
  expect(sent.res.statusCode, describeResponse(sent)).toBeLessThan(500);
  if (sent.res.statusCode >= 400) expectApiError(sent);
}

const COUNTED_TABLES = [
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

async function rowCounts(): Promise<Record<string, number>> {
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
async function snapshot() {
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
async function expectNoWrites(run: () => Promise<void>): Promise<void> {
  const before = await snapshot();
  await run();
  expect(await snapshot()).toEqual(before);
}

/** One request that must be refused: reports a partial write even when the status is also wrong. */
async function expectRefusedWithoutWrites(
  request: Req,
  expected: Parameters<typeof expectApiError>[1] = {},
): Promise<void> {
  const before = await snapshot();
  const sent = await send(request);
  expect.soft(await snapshot(), `rows written by ${describeResponse(sent)}`).toEqual(before);
  expectApiError(sent, expected);
}

function fuzz<T>(
  arb: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  numRuns = RUNS,
): Promise<void> {
  return fc.assert(fc.asyncProperty(arb, check), { numRuns });
}

// ───────────────────────────── generators ─────────────────────────────

const roundTrip = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));
/** True when the schema refuses the value as it arrives on the wire (after JSON). */
const refuses = (schema: z.ZodType, value: unknown) => !schema.safeParse(roundTrip(value)).success;

const emojiAndRtl = fc.constantFrom(
  '🍤🔥🥢',
  '👨‍👩‍👧‍👦 family',
  '👨🏽‍🍳',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202Egnp.exe',
  'Zoë Ångström-Øre',
  '漢字かな交じり',
  'e\u0301\u0301\u0301',
  '\u200d\u200b\ufeff',
);
const sqlish = fc.constantFrom(
  "'; drop table core.bookings; --",
  "' or '1'='1",
  '1 OR 1=1',
  '"); delete from core.quotes; --',
  '1; select pg_sleep(10)',
  "' union select * from core.customers --",
  '$1',
  '%',
  '\\',
);
const protoKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
] as const;
const weirdString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  emojiAndRtl,
  sqlish,
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    'null',
    'undefined',
    'NaN',
    'Infinity',
    'true',
    '0',
    '-1',
    '1e9',
    '2.5',
    '{}',
    '[]',
  ),
);
const weirdKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...protoKeys),
  emojiAndRtl,
  sqlish,
);
/** Any JSON-ish value: wrong types for every field. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  weirdString,
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(weirdKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const nonInteger = fc
  .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
  .filter((x) => !Number.isInteger(x));
const badCount = (max: number) =>
  fc.oneof(
    fc.integer({ max: -1 }),
    fc.integer({ min: max + 1 }),
    fc.constantFrom(-1, max + 1, 1e9, -1e9, 2.5, 0.1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
    nonInteger,
    fc.integer({ min: 0, max }).map(String),
    junk,
  );
const badGuest = badCount(300);
const badItemCount = badCount(1000);

const badMenu = (codes: readonly string[]) =>
  fc.oneof(
    fc.constantFrom<unknown>(
      { pork: 12 },
      { [codes[0] as string]: -1 },
      { [codes[0] as string]: 2.5 },
      { [codes[0] as string]: 1001 },
      { [codes[0] as string]: '12' },
      { [codes[0] as string]: null },
      { [(codes[0] as string).toUpperCase()]: 1 },
      { [` ${codes[0] as string}`]: 1 },
      { constructor: 1 },
      { toString: 1 },
      [codes[0]],
      codes[0],
    ),
    fc.dictionary(weirdKey, fc.integer({ min: 0, max: 10 }), { minKeys: 1, maxKeys: 3 }),
    fc.constantFrom(...codes).chain((code) => badItemCount.map((n) => ({ [code]: n }))),
    junk,
  );

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const impossibleDate = fc.oneof(
  fc
    .record({ y: fc.integer({ min: 1000, max: 9999 }), m: fc.integer({ min: 1, max: 12 }) })
    .chain(({ y, m }) =>
      fc.integer({ min: daysInMonth(y, m) + 1, max: 99 }).map((d) => `${y}-${pad(m)}-${pad(d)}`),
    ),
  fc
    .tuple(
      fc.integer({ min: 1000, max: 9999 }),
      fc.integer({ min: 13, max: 99 }),
      fc.integer({ min: 1, max: 28 }),
    )
    .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
  fc
    .tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${pad(m)}-00`),
);
/** Dates the schema refuses: impossible days, wrong formats, wrong types. */
const badDate = fc.oneof(
  fc.constantFrom<unknown>(
    '2027-02-30',
    '2026-02-29',
    '2027-04-31',
    '2027-13-01',
    '2027-00-10',
    '2027-01-00',
    '2027-01-32',
    '27-01-01',
    '2027/01/01',
    '2027-1-1',
    '01-02-2027',
    '2027-01-01T00:00:00Z',
    '',
    ' 2027-01-01',
    '2027-01-01 ',
    '+2027-01-01',
    '２０２７-０１-０１',
    '٢٠٢٧-٠١-٠١',
    20270101,
  ),
  impossibleDate,
  junk,
);
/**
 * Real calendar dates the schema accepts but the booking rules refuse: past, inside the 48 h
 * notice, beyond 365 days, and the edges of the accepted era (1900–2999).
 */
const outOfWindowDate = fc.oneof(
  fc.integer({ min: 1, max: 3650 }).map((n) => dateAhead(-n)),
  fc.constantFrom(0, 1).map((n) => dateAhead(n)),
  fc.integer({ min: 367, max: 3650 }).map((n) => dateAhead(n)),
  fc.constantFrom('1900-01-01', '1970-01-01', '1999-12-31', '2000-02-29', '2999-12-31'),
);
const badSlot = fc.oneof(
  fc.constantFrom<unknown>(
    '13:00',
    '18:30',
    '24:00',
    '00:00',
    '6pm',
    '18',
    '18:00:00',
    ' 18:00',
    '18.00',
    '１８:００',
    18,
    1800,
  ),
  weirdString,
  junk,
);
const badTime = fc.oneof(
  fc.constantFrom<unknown>('25:00', '18:60', '7pm', '1800', '', '18:0', '-1:00', '18:00:00', 1830),
  weirdString,
  junk,
);
const badUuid = fc.oneof(
  fc.uuid().map((u) => u.replace(/-/g, '')),
  fc.uuid().map((u) => `${u}0`),
  fc.uuid().map((u) => u.slice(1)),
  fc.uuid().map((u) => `{${u}}`),
  fc.constantFrom(
    '1',
    '0',
    '-1',
    'null',
    '../../etc/passwd',
    '{{7*7}}',
    'g0000000-0000-4000-8000-000000000000',
  ),
  weirdString,
  sqlish,
);
const unknownUuid = fc.uuid({ version: 4 });

const validCustomer = () => customer();
const badCustomer = fc.oneof(
  fc
    .constantFrom('', '   ', 'x'.repeat(121), 42, null, ['Pat'])
    .map((name) => ({ ...validCustomer(), name })),
  fc
    .constantFrom(
      'not-an-email',
      'a@',
      '@example.com',
      'a@b',
      `${'x'.repeat(250)}@example.com`,
      '',
      'pat@@example.com',
      'pat example@x.com',
    )
    .map((email) => ({ ...validCustomer(), email })),
  fc
    .constantFrom(
      '123',
      '555-0100',
      'abcdefghij',
      '+44 20 7946 0958',
      '1'.repeat(41),
      '',
      '(510) 555-01000',
      5105550100,
    )
    .map((phone) => ({ ...validCustomer(), phone })),
  fc.tuple(weirdKey, junk).map(([key, value]) => ({ ...validCustomer(), [key]: value })),
  fc.constantFrom('name', 'email', 'phone').map((key) => {
    const c: Record<string, unknown> = validCustomer();
    delete c[key];
    return c;
  }),
  junk,
);

/**
 * The most effective generator: a valid body with exactly one field replaced by a bad value,
 * removed, or an unknown key added; or the whole body replaced by junk. Filtered through the
 * schema so that only refused bodies come out.
 */
function mutated(
  valid: () => Record<string, unknown>,
  bad: Record<string, fc.Arbitrary<unknown>>,
  schema: z.ZodType,
): fc.Arbitrary<unknown> {
  const keys = Object.keys(bad);
  const replace = fc
    .constantFrom(...keys)
    .chain((key) =>
      (bad[key] as fc.Arbitrary<unknown>).map((value) => ({ ...valid(), [key]: value })),
    );
  const drop = fc.constantFrom(...Object.keys(valid())).map((key) => {
    const body = valid();
    delete body[key];
    return body;
  });
  const extra = fc.tuple(weirdKey, junk).map(([key, value]) => ({ ...valid(), [key]: value }));
  return fc
    .oneof(
      { weight: 8, arbitrary: replace },
      { weight: 1, arbitrary: drop },
      { weight: 1, arbitrary: extra },
      { weight: 1, arbitrary: junk },
    )
    .filter((body) => body !== undefined && refuses(schema, body));
}

const validQuote = (): Record<string, unknown> => quoteBody();
const quoteMutations = mutated(
  validQuote,
  {
    adults: badGuest,
    children: badGuest,
    toddlers: badGuest,
    proteins: badMenu(proteinCodes),
    extraProteins: badMenu(proteinCodes),
    addons: badMenu(addonCodes),
    venue: fc.oneof(
      fc
        .constantFrom('0000', '1234', 'abcde', '95112-', '95112-12', '951120', '', '９５１１２')
        .map((zip) => ({ zip })),
      fc.constantFrom('', '   ', 'x'.repeat(301)).map((address) => ({ zip: '95112', address })),
      fc.tuple(weirdKey, junk).map(([key, value]) => ({ zip: '95112', [key]: value })),
      junk.map((zip) => ({ zip })),
      junk,
    ),
    eventDate: badDate,
    stationId: badUuid,
  },
  quoteRequestSchema,
);

const validHold = (): Record<string, unknown> => ({
  quoteId: targets.quoteId,
  date: dateAhead(45),
  slot: '18:00',
  customer: validCustomer(),
});
const holdMutations = mutated(
  validHold,
  {
    quoteId: badUuid,
    date: badDate,
    slot: badSlot,
    requestedTime: badTime,
    customer: badCustomer,
    idempotencyKey: fc.oneof(
      fc.constantFrom<unknown>('', 'short', 'x'.repeat(201), 12345678),
      junk,
    ),
  },
  holdRequestSchema,
);

const badFlag = fc.oneof(fc.constantFrom<unknown>(false, 'true', 1, 'yes', null, [true], {}), junk);
const signMutations = mutated(
  () => ({ ...signBody }),
  {
    signerName: fc.oneof(fc.constantFrom<unknown>('', '   ', '\n\t', 'x'.repeat(121)), junk),
    acceptTerms: badFlag,
    acceptLiabilityWaiver: badFlag,
    acceptAllergenDisclosure: badFlag,
  },
  signRequestSchema,
);

const depositMutations = mutated(
  () => ({ method: 'zelle' }),
  {
    method: fc.oneof(
      fc.constantFrom<unknown>('paypal', 'ZELLE', 'card', 'stripe', '', 'cash ', null, 1),
      weirdString,
      junk,
    ),
  },
  // The route takes no body (null) as "use the defaults".
  depositRequestSchema.nullish(),
);

const validPatch = (): Record<string, unknown> => ({
  version: targets.bookingVersion,
  adults: 11,
  specialRequests: 'Birthday',
});
const patchMutations = mutated(
  validPatch,
  {
    version: fc.oneof(
      fc.constantFrom<unknown>(
        0,
        -1,
        1.5,
        '1',
        null,
        1e308,
        'Infinity',
        Number.MAX_SAFE_INTEGER + 2,
      ),
      fc.integer({ max: 0 }),
      nonInteger,
      fc.nat().map(String),
      junk,
    ),
    adults: badGuest,
    children: badGuest,
    toddlers: badGuest,
    proteins: badMenu(proteinCodes),
    extraProteins: badMenu(proteinCodes),
    addons: badMenu(addonCodes),
    specialRequests: fc.oneof(fc.constant<unknown>('x'.repeat(2001)), junk),
    allergens: fc.oneof(
      fc.constantFrom<unknown>(
        'nuts',
        [''],
        ['   '],
        Array.from({ length: 101 }, () => 'a'),
        ['x'.repeat(201)],
        [1],
        [null],
        { nuts: true },
      ),
      junk,
    ),
  },
  bookingPatchSchema,
);

const validReschedule = (): Record<string, unknown> => ({ date: dateAhead(90), slot: '12:00' });
const rescheduleMutations = mutated(
  validReschedule,
  {
    date: badDate,
    slot: badSlot,
    requestedTime: badTime,
    version: fc.oneof(fc.constantFrom<unknown>(0, -1, 1.5, '2', null), junk),
    acceptFee: fc.oneof(fc.constantFrom<unknown>('true', 1, 0, null, 'yes', [true]), junk),
  },
  rescheduleRequestSchema,
);

const cancelMutations = mutated(
  () => ({ reason: 'Change of plans' }),
  { reason: fc.oneof(fc.constant<unknown>('x'.repeat(1001)), junk) },
  cancelRequestSchema.nullish(),
);

const depositReportMutations = mutated(
  () => ({ reference: 'DEP-TP-1001', method: 'zelle' }),
  {
    reference: fc.oneof(
      fc.constant<unknown>('x'.repeat(121)),
      fc.constant<unknown>('  '),
      fc.constant<unknown>('line\nbreak'),
      junk,
    ),
    method: fc.oneof(fc.constant<unknown>('card'), fc.constant<unknown>('paypal'), junk),
  },
  depositReportSchema,
);

/** Corrupted JSON: a valid document cut short, or with a stray character spliced in. */
const malformedJson = fc
  .tuple(
    fc.json({ maxDepth: 2 }),
    fc.nat(),
    fc.constantFrom('', '{', '}', ',', ':', '"', "'", 'x', '\u0000', 'NaN', 'undefined', '\\'),
  )
  .map(([doc, at, insert]) => {
    const cut = at % (doc.length + 1);
    return insert === '' ? doc.slice(0, cut) : doc.slice(0, cut) + insert + doc.slice(cut);
  })
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

const qs = (pairs: [string, string][]) =>
  pairs.length
    ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
    : '';

// ───────────────────────────── setup ─────────────────────────────

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
    const signed = await send({ method: 'POST', url: `/api/v1/holds/${id}/sign`, body: signBody });
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

const auth = () => ({ 'x-booking-token': targets.bookingToken });

// ───────────────────────────── body fuzzing, route by route ─────────────────────────────

describe('invalid bodies answer 4xx with a catalogued code and write nothing', () => {
  it('POST /api/v1/quotes', async () => {
    await expectNoWrites(() =>
      fuzz(quoteMutations, async (body) => {
        expectApiError(await send({ method: 'POST', url: '/api/v1/quotes', body }), {
          codes: ['VALIDATION_FAILED', 'INVALID_JSON'],
        });
      }),
    );
  });

  it('POST /api/v1/holds', async () => {
    await expectNoWrites(() =>
      fuzz(holdMutations, async (body) => {
        expectApiError(await send({ method: 'POST', url: '/api/v1/holds', body }), {
          codes: ['VALIDATION_FAILED', 'INVALID_JSON'],
        });
      }),
    );
  });

  it('POST /api/v1/holds/:id/sign', async () => {
    await expectNoWrites(() =>
      fuzz(signMutations, async (body) => {
        const sent = await send({
          method: 'POST',
          url: `/api/v1/holds/${targets.holdId}/sign`,
          body,
        });
        expectApiError(sent, { codes: ['VALIDATION_FAILED', 'INVALID_JSON'] });
      }),
    );
  });

  it('POST /api/v1/holds/:id/deposit', async () => {
    await expectNoWrites(() =>
      fuzz(depositMutations, async (body) => {
        const sent = await send({
          method: 'POST',
          url: `/api/v1/holds/${targets.signedHoldId}/deposit`,
          body,
        });
        expectApiError(sent, { codes: ['VALIDATION_FAILED', 'INVALID_JSON'] });
      }),
    );
  });

  it('PATCH /api/v1/bookings/:id (valid token, header or query)', async () => {
    await expectNoWrites(() =>
      fuzz(fc.tuple(patchMutations, fc.boolean()), async ([body, viaQuery]) => {
        const sent = viaQuery
          ? await send({
              method: 'PATCH',
              url: `/api/v1/bookings/${targets.bookingId}${qs([['token', targets.bookingToken]])}`,
              body,
            })
          : await send({
              method: 'PATCH',
              url: `/api/v1/bookings/${targets.bookingId}`,
              headers: auth(),
              body,
            });
        expectApiError(sent, { codes: ['VALIDATION_FAILED', 'INVALID_JSON'] });
      }),
    );
  });

  it('POST /api/v1/bookings/:id/reschedule (valid token)', async () => {
    await expectNoWrites(() =>
      fuzz(rescheduleMutations, async (body) => {
        const sent = await send({
          method: 'POST',
          url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
          headers: auth(),
          body,
        });
        expectApiError(sent, { codes: ['VALIDATION_FAILED', 'INVALID_JSON'] });
      }),
    );
  });

  it('POST /api/v1/bookings/:id/deposit-sent (valid token)', async () => {
    await expectNoWrites(() =>
      fuzz(depositReportMutations, async (body) => {
        const sent = await send({
          method: 'POST',
          url: `/api/v1/bookings/${targets.bookingId}/deposit-sent`,
          headers: auth(),
          body,
        });
        expectApiError(sent, { codes: ['VALIDATION_FAILED', 'INVALID_JSON'] });
      }),
    );
  });

  it('POST /api/v1/bookings/:id/cancel (valid token)', async () => {
    await expectNoWrites(() =>
      fuzz(cancelMutations, async (body) => {
        const sent = await send({
          method: 'POST',
          url: `/api/v1/bookings/${targets.bookingId}/cancel`,
          headers: auth(),
          body,
        });
        expectApiError(sent, { codes: ['VALIDATION_FAILED', 'INVALID_JSON'] });
      }),
    );
  });
});

// ───────────────────────────── schema-valid, domain-invalid ─────────────────────────────

describe('schema-valid requests the rules refuse answer 4xx and write nothing', () => {
  it('POST /api/v1/holds with out-of-window dates, unknown quotes, off-slot times', async () => {
    const scenario = fc.oneof(
      fc
        .record({ date: outOfWindowDate, slot: fc.constantFrom(...slotTimes) })
        .map(({ date, slot }) => ({ ...validHold(), date, slot })),
      unknownUuid.map((quoteId) => ({ ...validHold(), quoteId })),
      fc
        .constantFrom('16:30', '20:00', '10:30', '23:59', '00:00')
        .map((requestedTime) => ({ ...validHold(), slot: '18:00', requestedTime })),
    );
    await expectNoWrites(() =>
      fuzz(scenario, async (body) => {
        expect(holdRequestSchema.safeParse(body).success).toBe(true);
        expectApiError(await send({ method: 'POST', url: '/api/v1/holds', body }), {
          codes: [
            'DATE_IN_PAST',
            'TOO_SOON',
            'TOO_FAR',
            'QUOTE_NOT_FOUND',
            'REQUESTED_TIME_OUTSIDE_SLOT',
          ],
        });
      }),
    );
  });

  it('POST /api/v1/bookings/:id/reschedule to out-of-window dates, its own slot, a stale version', async () => {
    const scenario = fc.oneof(
      fc.record({ date: outOfWindowDate, slot: fc.constantFrom(...slotTimes) }),
      fc.constant({ date: dateAhead(33), slot: '18:00' }),
      fc
        .integer({ min: 1, max: 2 ** 31 })
        .filter((v) => v !== targets.bookingVersion)
        .map((version) => ({ date: dateAhead(60), slot: '12:00', version })),
      fc
        .constantFrom('16:30', '20:00')
        .map((requestedTime) => ({ date: dateAhead(60), slot: '18:00', requestedTime })),
    );
    await expectNoWrites(() =>
      fuzz(scenario, async (body) => {
        const sent = await send({
          method: 'POST',
          url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
          headers: auth(),
          body,
        });
        expectApiError(sent, {
          codes: [
            'DATE_IN_PAST',
            'TOO_SOON',
            'TOO_FAR',
            'RESCHEDULE_NOT_ALLOWED',
            'BOOKING_VERSION_CONFLICT',
            'REQUESTED_TIME_OUTSIDE_SLOT',
          ],
        });
      }),
    );
  });

  it('PATCH /api/v1/bookings/:id with a stale version', async () => {
    const body = fc
      .record({
        version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        adults: fc.integer({ min: 0, max: 300 }),
      })
      .filter((b) => b.version !== targets.bookingVersion);
    await expectNoWrites(() =>
      fuzz(body, async (patch) => {
        const sent = await send({
          method: 'PATCH',
          url: `/api/v1/bookings/${targets.bookingId}`,
          headers: auth(),
          body: patch,
        });
        expectApiError(sent, { codes: ['BOOKING_VERSION_CONFLICT'] });
      }),
    );
  });

  it('holds in the wrong state: sign a signed hold, pay an unsigned one, release or pay a converted one', async () => {
    await expectNoWrites(async () => {
      expectApiError(
        await send({
          method: 'POST',
          url: `/api/v1/holds/${targets.signedHoldId}/sign`,
          body: signBody,
        }),
        { codes: ['HOLD_NOT_SIGNABLE'] },
      );
      expectApiError(
        await send({
          method: 'POST',
          url: `/api/v1/holds/${targets.holdId}/deposit`,
          body: { method: 'cash' },
        }),
        { codes: ['HOLD_NOT_PAYABLE'] },
      );
      expectApiError(
        await send({ method: 'POST', url: `/api/v1/holds/${targets.convertedHoldId}/release` }),
        { codes: ['HOLD_ALREADY_CONVERTED'] },
      );
      expectApiError(
        await send({
          method: 'POST',
          url: `/api/v1/holds/${targets.convertedHoldId}/deposit`,
          body: { method: 'venmo' },
        }),
        {
          codes: ['HOLD_ALREADY_CONVERTED'],
        },
      );
    });
  });

  it('POST /api/v1/quotes that price to an error (unknown ZIP, no guests, unknown station)', async () => {
    const scenario = fc.oneof(
      fc
        .constantFrom('00000', '00001', '99999', '00000-0000')
        .map((zip) => ({ ...quoteBody(), venue: { zip } })),
      fc.constant({ adults: 0, children: 0, toddlers: 0, venue: { zip: '95112' } }),
      unknownUuid.map((stationId) => ({ ...quoteBody(), stationId })),
    );
    await expectNoWrites(() =>
      fuzz(scenario, async (body) => {
        expectApiError(await send({ method: 'POST', url: '/api/v1/quotes', body }), {
          codes: ['ZIP_NOT_FOUND', 'NO_GUESTS', 'STATION_NOT_FOUND', 'PROTEIN_PICKS_MISMATCH'],
        });
      }),
    );
  });

  it('schema-valid quotes with random counts either store exactly one quote or refuse and store nothing', async () => {
    const counts = fc.dictionary(
      fc.constantFrom(...proteinCodes),
      fc.integer({ min: 0, max: 1000 }),
      { maxKeys: 3 },
    );
    const body = fc.record(
      {
        adults: fc.integer({ min: 0, max: 300 }),
        children: fc.integer({ min: 0, max: 300 }),
        toddlers: fc.integer({ min: 0, max: 300 }),
        proteins: counts,
        extraProteins: counts,
        addons: fc.dictionary(fc.constantFrom(...addonCodes), fc.integer({ min: 0, max: 1000 }), {
          maxKeys: 3,
        }),
        venue: fc.record({
          zip: fc.constantFrom('95112', '94539', '94103', '10001', '00000', '95112-1234'),
        }),
        eventDate: fc.integer({ min: -400, max: 800 }).map((n) => dateAhead(n)),
      },
      { requiredKeys: ['adults', 'venue'] },
    );
    await fuzz(body, async (quote) => {
      const before = await rowCounts();
      const sent = await send({ method: 'POST', url: '/api/v1/quotes', body: quote });
      expectNot5xx(sent);
      const after = await rowCounts();
      if (sent.res.statusCode === 201)
        expect(after, describeResponse(sent)).toEqual({
          ...before,
          'core.quotes': (before['core.quotes'] ?? 0) + 1,
        });
      else expect(after, describeResponse(sent)).toEqual(before);
    });
  });
});

// ───────────────────────────── query strings ─────────────────────────────

const dateish = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -400, max: 500 }).map((n) => dateAhead(n)) },
  {
    weight: 1,
    arbitrary: badDate.map((d) => (typeof d === 'string' ? d : (JSON.stringify(d) ?? ''))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '0000-01-01',
      '0001-01-01',
      '9999-12-31',
      '2027-02-30',
      '2028-02-29',
    ),
  },
);

describe('query fuzzing', () => {
  it('GET /api/v1/availability: refused queries answer 400, others 200 or a range error; never 5xx; no writes', async () => {
    const pair = (key: string, value: fc.Arbitrary<string>) =>
      value.map((v): [string, string] => [key, v]);
    const query = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: pair('from', dateish) },
        { weight: 4, arbitrary: pair('to', dateish) },
        { weight: 1, arbitrary: pair('stationId', fc.oneof(unknownUuid, badUuid.map(String))) },
        { weight: 1, arbitrary: fc.tuple(weirdKey, weirdString) },
      ),
      { maxLength: 5 },
    );
    await expectNoWrites(() =>
      fuzz(query, async (pairs) => {
        const sent = await send({ method: 'GET', url: `/api/v1/availability${qs(pairs)}` });
        const url = new URL(`http://x/api/v1/availability${qs(pairs)}`);
        const grouped: Record<string, string | string[]> = {};
        for (const [k, v] of url.searchParams)
          grouped[k] = k in grouped ? [grouped[k] as string, v].flat() : v;
        if (!availabilityQuerySchema.safeParse(grouped).success)
          expectApiError(sent, { codes: ['VALIDATION_FAILED'] });
        else if (sent.res.statusCode !== 200)
          expectApiError(sent, {
            codes: ['INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG', 'STATION_NOT_FOUND'],
          });
      }),
    );
  });

  it('GET /api/v1/dev/outbox: never 5xx; refused queries answer 400; no writes', async () => {
    // The route's own querystring schema (ops.routes.ts), used here as the oracle.
    const outboxQuery = z.strictObject({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      beforeId: z.coerce.number().int().min(1).optional(),
      recipient: z.string().max(254).optional(),
      bookingId: z.uuid().optional(),
    });
    const numberish = fc.oneof(
      fc.integer().map(String),
      fc.constantFrom(
        '0',
        '-1',
        '201',
        '2.5',
        '1e3',
        '1e400',
        'Infinity',
        'NaN',
        '',
        ' ',
        '0x10',
        '9007199254740993',
        '99999999999999999999',
        '12abc',
      ),
      weirdString,
    );
    const pair = (key: string, value: fc.Arbitrary<string>) =>
      value.map((v): [string, string] => [key, v]);
    const query = fc.array(
      fc.oneof(
        pair('limit', numberish),
        pair('beforeId', numberish),
        pair('recipient', fc.oneof(weirdString, fc.constant('x'.repeat(255)))),
        pair('bookingId', fc.oneof(unknownUuid, badUuid.map(String))),
        fc.tuple(weirdKey, weirdString),
      ),
      { maxLength: 4 },
    );
    await expectNoWrites(() =>
      fuzz(query, async (pairs) => {
        const sent = await send({ method: 'GET', url: `/api/v1/dev/outbox${qs(pairs)}` });
        const grouped: Record<string, string | string[]> = {};
        for (const [k, v] of new URL(`http://x/${qs(pairs)}`).searchParams)
          grouped[k] = k in grouped ? [grouped[k] as string, v].flat() : v;
        if (!outboxQuery.safeParse(grouped).success)
          expectApiError(sent, { codes: ['VALIDATION_FAILED'] });
        else expect(sent.res.statusCode, describeResponse(sent)).toBe(200);
      }),
    );
  });
});

// ───────────────────────────── ids, tokens, auth ─────────────────────────────

describe('ids, tokens and staff auth', () => {
  const idRoutes = [
    { method: 'GET', path: (id: string) => `/api/v1/quotes/${id}`, notFound: 'QUOTE_NOT_FOUND' },
    { method: 'GET', path: (id: string) => `/api/v1/holds/${id}`, notFound: 'HOLD_NOT_FOUND' },
    {
      method: 'POST',
      path: (id: string) => `/api/v1/holds/${id}/sign`,
      body: signBody,
      notFound: 'HOLD_NOT_FOUND',
    },
    {
      method: 'POST',
      path: (id: string) => `/api/v1/holds/${id}/deposit`,
      body: { method: 'zelle' },
      notFound: 'HOLD_NOT_FOUND',
    },
    {
      method: 'POST',
      path: (id: string) => `/api/v1/holds/${id}/release`,
      notFound: 'HOLD_NOT_FOUND',
    },
    {
      method: 'GET',
      path: (id: string) => `/api/v1/bookings/${id}`,
      token: true,
      notFound: 'BOOKING_NOT_FOUND',
    },
    {
      method: 'PATCH',
      path: (id: string) => `/api/v1/bookings/${id}`,
      token: true,
      body: { version: 1, adults: 12 },
      notFound: 'BOOKING_NOT_FOUND',
    },
    {
      method: 'POST',
      path: (id: string) => `/api/v1/bookings/${id}/reschedule`,
      token: true,
      body: { date: dateAhead(90), slot: '12:00' },
      notFound: 'BOOKING_NOT_FOUND',
    },
    {
      method: 'POST',
      path: (id: string) => `/api/v1/bookings/${id}/cancel`,
      token: true,
      body: {},
      notFound: 'BOOKING_NOT_FOUND',
    },
    {
      method: 'POST',
      path: (id: string) => `/api/v1/payments/${id}/confirm`,
      staff: true,
      notFound: 'PAYMENT_NOT_FOUND',
    },
  ] as const;

  it('non-uuid ids answer 400 and unknown uuids 404 with the route’s code, on every id route', async () => {
    const id = fc.oneof(
      unknownUuid.map((value) => ({ value, wellFormed: true })),
      fc
        .oneof(
          badUuid,
          fc.constantFrom('00000000-0000-0000-0000-00000000000g', 'undefined', '..', '.'),
        )
        .map((value) => ({ value, wellFormed: false })),
    );
    await expectNoWrites(() =>
      fuzz(
        fc.tuple(fc.constantFrom(...idRoutes), id),
        async ([route, { value, wellFormed }]) => {
          const headers: Record<string, string> = {};
          if ('token' in route) headers['x-booking-token'] = targets.bookingToken;
          if ('staff' in route) headers.authorization = `Bearer ${STAFF_KEY}`;
          const sent = await send({
            method: route.method,
            url: route.path(encodeURIComponent(value)),
            headers,
            ...('body' in route ? { body: route.body } : {}),
          });
          if (wellFormed) expectApiError(sent, { codes: [route.notFound] });
          else expectApiError(sent, { codes: ['VALIDATION_FAILED', 'ROUTE_NOT_FOUND'] });
        },
        120,
      ),
    );
  });

  it('booking routes without, with a wrong, empty or oversized token answer 400/401/403 and write nothing', async () => {
    const asciiToken = fc
      .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 80 })
      .filter((s) => s.trim() === s && s !== targets.bookingToken);
    const tokenMode = fc.oneof(
      fc.constant({
        headers: {},
        query: [] as [string, string][],
        expect: ['UNAUTHORIZED'] as ErrorCode[],
      }),
      asciiToken.map((tok) => ({
        headers: { 'x-booking-token': tok },
        query: [] as [string, string][],
        expect: ['FORBIDDEN'] as ErrorCode[],
      })),
      fc
        .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), emojiAndRtl, sqlish)
        .filter((tok) => tok !== targets.bookingToken)
        .map((tok) => ({
          headers: {},
          query: [['token', tok]] as [string, string][],
          expect: ['FORBIDDEN'] as ErrorCode[],
        })),
      // The header wins over the query: a wrong header with the right query token is still refused.
      asciiToken.map((tok) => ({
        headers: { 'x-booking-token': tok },
        query: [['token', targets.bookingToken]] as [string, string][],
        expect: ['FORBIDDEN'] as ErrorCode[],
      })),
      fc.constant({
        headers: {},
        query: [['token', '']] as [string, string][],
        expect: ['VALIDATION_FAILED', 'UNAUTHORIZED'] as ErrorCode[],
      }),
      fc.constant({
        headers: { 'x-booking-token': '' },
        query: [] as [string, string][],
        expect: ['UNAUTHORIZED', 'VALIDATION_FAILED'] as ErrorCode[],
      }),
      fc.constant({
        headers: {},
        query: [['token', 'x'.repeat(201)]] as [string, string][],
        expect: ['VALIDATION_FAILED'] as ErrorCode[],
      }),
      fc.constant({
        headers: { 'x-booking-token': 'x'.repeat(201) },
        query: [] as [string, string][],
        expect: ['VALIDATION_FAILED'] as ErrorCode[],
      }),
      fc.constant({
        headers: {},
        query: [
          ['token', targets.bookingToken],
          ['token', targets.bookingToken],
        ] as [string, string][],
        expect: ['VALIDATION_FAILED'] as ErrorCode[],
      }),
    );
    const routes = idRoutes.filter((r) => 'token' in r);
    await expectNoWrites(() =>
      fuzz(fc.tuple(fc.constantFrom(...routes), tokenMode), async ([route, mode]) => {
        const body =
          route.method === 'PATCH'
            ? { version: targets.bookingVersion, adults: 12 }
            : 'body' in route
              ? route.body
              : undefined;
        const sent = await send({
          method: route.method,
          url: `${route.path(targets.bookingId)}${qs(mode.query)}`,
          headers: mode.headers,
          ...(body === undefined ? {} : { body }),
        });
        expectApiError(sent, { codes: mode.expect });
      }),
    );
  });

  it('GET /api/v1/bookings/:id with the valid token, in the header or the query, answers 200', async () => {
    for (const sent of [
      await send({ method: 'GET', url: `/api/v1/bookings/${targets.bookingId}`, headers: auth() }),
      await send({
        method: 'GET',
        url: `/api/v1/bookings/${targets.bookingId}${qs([['token', targets.bookingToken]])}`,
      }),
    ])
      expect(sent.res.statusCode, describeResponse(sent)).toBe(200);
  });

  it('POST /api/v1/payments/:id/confirm without the staff key answers 401 (or 400 when oversized) and confirms nothing', async () => {
    const header = fc
      .oneof(
        fc.constant(undefined),
        fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).filter((s) => s.trim() === s),
        fc
          .string({ unit: 'grapheme-ascii', maxLength: 60 })
          .filter((s) => s.trim() === s)
          .map((s) => `Bearer ${s}`),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic dGVzdDp0ZXN0',
          `Bearer ${STAFF_KEY}x`,
          `Bearer ${STAFF_KEY.slice(1)}`,
          `Token ${STAFF_KEY}`,
          `Bearer ${'k'.repeat(501)}`,
        ),
      )
      .filter((h) => h === undefined || h.replace(/^Bearer\s+/i, '') !== STAFF_KEY);
    await expectNoWrites(() =>
      fuzz(header, async (authorization) => {
        const sent = await send({
          method: 'POST',
          url: `/api/v1/payments/${targets.paymentId}/confirm`,
          headers: authorization === undefined ? {} : { authorization },
        });
        expectApiError(sent, {
          codes: (authorization?.length ?? 0) > 500 ? ['VALIDATION_FAILED'] : ['UNAUTHORIZED'],
        });
      }),
    );
  });
});

// ───────────────────────────── transport: JSON, content types, sizes, routes ─────────────────────────────

describe('transport-level garbage', () => {
  const bodyRoutes = () => [
    { method: 'POST' as const, url: '/api/v1/quotes' },
    { method: 'POST' as const, url: '/api/v1/holds' },
    { method: 'POST' as const, url: `/api/v1/holds/${targets.holdId}/sign` },
    { method: 'POST' as const, url: `/api/v1/holds/${targets.signedHoldId}/deposit` },
    { method: 'POST' as const, url: `/api/v1/holds/${targets.releaseHoldId}/release` },
    {
      method: 'PATCH' as const,
      url: `/api/v1/bookings/${targets.bookingId}${qs([['token', targets.bookingToken]])}`,
    },
    {
      method: 'POST' as const,
      url: `/api/v1/bookings/${targets.bookingId}/reschedule${qs([['token', targets.bookingToken]])}`,
    },
    {
      method: 'POST' as const,
      url: `/api/v1/bookings/${targets.bookingId}/cancel${qs([['token', targets.bookingToken]])}`,
    },
    { method: 'POST' as const, url: `/api/v1/payments/${targets.paymentId}/confirm` },
  ];

  it('malformed JSON answers 400 INVALID_JSON on every body route', async () => {
    await expectNoWrites(() =>
      fuzz(
        fc.tuple(fc.nat(), malformedJson),
        async ([pick, raw]) => {
          const routes = bodyRoutes();
          const route = routes[pick % routes.length] as (typeof routes)[number];
          const headers: Record<string, string> = route.url.includes('/confirm')
            ? { authorization: `Bearer ${STAFF_KEY}` }
            : {};
          expectApiError(await send({ ...route, raw, headers }), { codes: ['INVALID_JSON'] });
        },
        100,
      ),
    );
  });

  it('bodies in a content type without a parser answer 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const contentType = fc.constantFrom(
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'image/png',
      'application/jsonp',
      'text/html',
    );
    await expectNoWrites(() =>
      fuzz(
        fc.tuple(fc.nat(), contentType, fc.string({ minLength: 1, maxLength: 50 })),
        async ([pick, type, raw]) => {
          const routes = bodyRoutes();
          const route = routes[pick % routes.length] as (typeof routes)[number];
          const headers: Record<string, string> = route.url.includes('/confirm')
            ? { authorization: `Bearer ${STAFF_KEY}` }
            : {};
          expectApiError(await send({ ...route, raw, contentType: type, headers }), {
            codes: ['UNSUPPORTED_MEDIA_TYPE'],
          });
        },
      ),
    );
  });

  it('text/plain bodies on routes with a body schema are refused with 400', async () => {
    await expectNoWrites(async () => {
      for (const route of bodyRoutes().filter(
        (r) => !r.url.includes('/release') && !r.url.includes('/confirm'),
      ))
        expectApiError(await send({ ...route, raw: '{"adults":10}', contentType: 'text/plain' }), {
          codes: ['VALIDATION_FAILED', 'UNSUPPORTED_MEDIA_TYPE'],
        });
    });
  });

  it('a body without a content type answers 415', async () => {
    await expectNoWrites(async () => {
      for (const route of bodyRoutes()) {
        const res = await t.app.inject({
          method: route.method,
          url: route.url,
          payload: Buffer.from(JSON.stringify(quoteBody())),
        });
        expectApiError(
          { res, label: `${route.method} ${route.url} (no content-type)` },
          { codes: ['UNSUPPORTED_MEDIA_TYPE'] },
        );
      }
    });
  });

  it('prototype-pollution keys are refused as JSON or as unknown keys', async () => {
    const bodies = [
      '{"adults":10,"venue":{"zip":"95112"},"__proto__":{"isAdmin":true}}',
      '{"adults":10,"venue":{"zip":"95112","__proto__":{"x":1}}}',
      '{"adults":10,"venue":{"zip":"95112"},"constructor":{"prototype":{"isAdmin":true}}}',
      '{"adults":10,"venue":{"zip":"95112"},"constructor":1}',
      '{"adults":10,"venue":{"zip":"95112"},"proteins":{"__proto__":5}}',
      '{"adults":10,"venue":{"zip":"95112"},"proteins":{"constructor":5}}',
      '{"adults":10,"venue":{"zip":"95112"},"addons":{"toString":1}}',
    ];
    await expectNoWrites(async () => {
      for (const raw of bodies) {
        expectApiError(await send({ method: 'POST', url: '/api/v1/quotes', raw }), {
          codes: ['INVALID_JSON', 'VALIDATION_FAILED'],
        });
        expectApiError(
          await send({ method: 'POST', url: `/api/v1/holds/${targets.signedHoldId}/deposit`, raw }),
          { codes: ['INVALID_JSON', 'VALIDATION_FAILED'] },
        );
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });

  it('a 1 MB string anywhere in a body answers 413 PAYLOAD_TOO_LARGE (or 400)', async () => {
    const mb = 'x'.repeat(1 << 20);
    const cases: Req[] = [
      {
        method: 'POST',
        url: '/api/v1/quotes',
        body: quoteBody({ venue: { zip: '95112', address: mb } }),
      },
      {
        method: 'POST',
        url: '/api/v1/holds',
        body: { ...validHold(), customer: customer({ name: mb }) },
      },
      {
        method: 'POST',
        url: `/api/v1/holds/${targets.holdId}/sign`,
        body: { ...signBody, signerName: mb },
      },
      {
        method: 'POST',
        url: `/api/v1/holds/${targets.signedHoldId}/deposit`,
        body: { method: mb },
      },
      { method: 'POST', url: `/api/v1/holds/${targets.releaseHoldId}/release`, body: { note: mb } },
      {
        method: 'PATCH',
        url: `/api/v1/bookings/${targets.bookingId}`,
        headers: auth(),
        body: { version: targets.bookingVersion, specialRequests: mb },
      },
      {
        method: 'POST',
        url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
        headers: auth(),
        body: { date: mb, slot: '12:00' },
      },
      {
        method: 'POST',
        url: `/api/v1/bookings/${targets.bookingId}/cancel`,
        headers: auth(),
        body: { reason: mb },
      },
      {
        method: 'POST',
        url: `/api/v1/payments/${targets.paymentId}/confirm`,
        headers: { authorization: `Bearer ${STAFF_KEY}` },
        body: { x: mb },
      },
    ];
    await expectNoWrites(async () => {
      for (const c of cases)
        expectApiError(await send(c), {
          statuses: [413, 400],
          codes: ['PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED'],
        });
      // Just under the body limit, the schema's max length refuses it.
      const big = 'é'.repeat(100_000);
      expectApiError(
        await send({
          method: 'POST',
          url: '/api/v1/holds',
          body: { ...validHold(), customer: customer({ name: big }) },
        }),
        {
          codes: ['VALIDATION_FAILED'],
        },
      );
    });
  });

  it('a 1 MB string in a query or header answers 400', async () => {
    const mb = 'x'.repeat(1 << 20);
    await expectNoWrites(async () => {
      expectApiError(
        await send({ method: 'GET', url: `/api/v1/bookings/${targets.bookingId}?token=${mb}` }),
        { codes: ['VALIDATION_FAILED'] },
      );
      expectApiError(
        await send({
          method: 'GET',
          url: `/api/v1/bookings/${targets.bookingId}`,
          headers: { 'x-booking-token': mb },
        }),
        {
          codes: ['VALIDATION_FAILED'],
        },
      );
      expectApiError(
        await send({ method: 'GET', url: `/api/v1/availability?from=${mb}&to=${mb}` }),
        { codes: ['VALIDATION_FAILED'] },
      );
      expectApiError(await send({ method: 'GET', url: `/api/v1/dev/outbox?recipient=${mb}` }), {
        codes: ['VALIDATION_FAILED'],
      });
      expectApiError(
        await send({
          method: 'POST',
          url: `/api/v1/payments/${targets.paymentId}/confirm`,
          headers: { authorization: `Bearer ${mb}` },
        }),
        { codes: ['VALIDATION_FAILED'] },
      );
    });
  });

  it('unknown routes and wrong methods answer 404 ROUTE_NOT_FOUND', async () => {
    const known =
      /^\/(api\/v1\/(quotes|availability|holds|bookings|payments|dev)|api\/docs|healthz|readyz|metrics)(\/|$|\?)/;
    const path = fc
      .tuple(
        fc.constantFrom('/api/v1/', '/api/v2/', '/api/', '/', '/v1/'),
        fc.array(fc.webSegment(), { minLength: 1, maxLength: 3 }),
      )
      .map(([prefix, segments]) => prefix + segments.join('/'))
      .filter((p) => !known.test(p) && p !== '/' && p.length < 200);
    const wrongMethod = fc.constantFrom(
      ['DELETE', '/api/v1/quotes'],
      ['PUT', '/api/v1/quotes'],
      ['GET', '/api/v1/holds'],
      ['PATCH', '/api/v1/holds/00000000-0000-4000-8000-000000000000'],
      ['GET', '/api/v1/holds/00000000-0000-4000-8000-000000000000/sign'],
      ['DELETE', '/api/v1/bookings/00000000-0000-4000-8000-000000000000'],
      ['PUT', '/api/v1/bookings/00000000-0000-4000-8000-000000000000'],
      ['GET', '/api/v1/payments/00000000-0000-4000-8000-000000000000/confirm'],
      ['POST', '/api/v1/availability'],
      ['POST', '/api/v1/dev/outbox'],
      ['OPTIONS', '/api/v1/quotes'],
      ['GET', '/api/v1/bookings'],
      ['POST', '/api/v1/bookings'],
    );
    await expectNoWrites(async () => {
      await fuzz(
        fc.tuple(
          fc.constantFrom<Req['method']>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
          path,
        ),
        async ([method, url]) => {
          expectApiError(
            await send({
              method,
              url,
              ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: quoteBody() }),
            }),
            {
              codes: ['ROUTE_NOT_FOUND'],
            },
          );
        },
      );
      await fuzz(wrongMethod, async ([method, url]) => {
        expectApiError(await send({ method, url }), {
          codes: ['ROUTE_NOT_FOUND', 'METHOD_NOT_ALLOWED'],
        });
      });
    });
  });

  // Fastify answers these from its router (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH) before the
  // app's error handler, so the body must still be mapped onto the catalogue.
  it.each<[string, () => string, ErrorCode]>([
    ['a truncated %-escape', () => '/api/v1/quotes/%E0%A4%A', 'BAD_URL'],
    ['a lone %', () => '/api/v1/holds/%', 'BAD_URL'],
    ['a non-hex %-escape', () => `/api/v1/bookings/%zz?token=${targets.bookingToken}`, 'BAD_URL'],
    ['a 300-character id', () => `/api/v1/quotes/${'a'.repeat(300)}`, 'URI_TOO_LONG'],
    ['a 60-emoji id', () => `/api/v1/holds/${encodeURIComponent('🍤'.repeat(60))}`, 'URI_TOO_LONG'],
  ])('a path with %s answers a catalogued 4xx with a requestId', async (_what, url, code) => {
    await expectNoWrites(async () => {
      expectApiError(await send({ method: 'GET', url: url() }), { codes: [code] });
    });
  });

  // The routes take an absent body (Fastify hands it to the validator as `null`) as "use the
  // defaults"; the request then reaches the service.
  it.each<[string, () => Req, ErrorCode]>([
    [
      'POST /api/v1/holds/:id/deposit',
      () => ({ method: 'POST', url: `/api/v1/holds/${targets.holdId}/deposit` }),
      'HOLD_NOT_PAYABLE',
    ],
    [
      'POST /api/v1/bookings/:id/cancel',
      () => ({
        method: 'POST',
        url: `/api/v1/bookings/${targets.bookingId}/cancel`,
        headers: { 'x-booking-token': 'not-the-token' },
      }),
      'FORBIDDEN',
    ],
  ])(
    '%s without a body (the body is optional) reaches the service',
    async (_route, request, code) => {
      await expectRefusedWithoutWrites(request(), { codes: [code] });
    },
  );
});

// ───────────────────────────── explicit cases named in the acceptance criteria ─────────────────────────────

describe('explicit edge cases', () => {
  it('dates: 2027-02-30, past, 400 days ahead, reversed and over-long ranges, on holds, reschedules, quotes and availability', async () => {
    await expectNoWrites(async () => {
      const hold = (date: string) =>
        send({ method: 'POST', url: '/api/v1/holds', body: { ...validHold(), date } });
      const move = (date: string) =>
        send({
          method: 'POST',
          url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
          headers: auth(),
          body: { date, slot: '12:00' },
        });
      expectApiError(await hold('2027-02-30'), { codes: ['VALIDATION_FAILED'] });
      expectApiError(await hold(dateAhead(-1)), { codes: ['DATE_IN_PAST'] });
      expectApiError(await hold('2020-06-15'), { codes: ['DATE_IN_PAST'] });
      expectApiError(await hold(dateAhead(400)), { codes: ['TOO_FAR'] });
      expectApiError(await move('2027-02-30'), { codes: ['VALIDATION_FAILED'] });
      expectApiError(await move(dateAhead(-3)), { codes: ['DATE_IN_PAST'] });
      expectApiError(await move(dateAhead(400)), { codes: ['TOO_FAR'] });
      expectApiError(
        await send({
          method: 'POST',
          url: '/api/v1/quotes',
          body: quoteBody({ eventDate: '2027-02-30' }),
        }),
        { codes: ['VALIDATION_FAILED'] },
      );
      expectApiError(
        await send({ method: 'GET', url: '/api/v1/availability?from=2027-02-30&to=2027-03-01' }),
        { codes: ['VALIDATION_FAILED'] },
      );
      expectApiError(
        await send({
          method: 'GET',
          url: `/api/v1/availability?from=${dateAhead(10)}&to=${dateAhead(5)}`,
        }),
        { codes: ['INVALID_DATE_RANGE'] },
      );
      expectApiError(
        await send({
          method: 'GET',
          url: `/api/v1/availability?from=${dateAhead(0)}&to=${dateAhead(400)}`,
        }),
        {
          codes: ['DATE_RANGE_TOO_LONG'],
        },
      );
    });
  });

  // Year 0000 is a real ISO date to the calendar but not to PostgreSQL: refused at the edge.
  it.each<[string, () => Req]>([
    [
      'POST /api/v1/holds',
      () => ({
        method: 'POST',
        url: '/api/v1/holds',
        body: { ...validHold(), date: '0000-01-01' },
      }),
    ],
    [
      'POST /api/v1/bookings/:id/reschedule',
      () => ({
        method: 'POST',
        url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
        headers: auth(),
        body: { date: '0000-06-01', slot: '12:00' },
      }),
    ],
    [
      'GET /api/v1/availability',
      () => ({ method: 'GET', url: '/api/v1/availability?from=0000-01-01&to=0000-01-02' }),
    ],
    [
      'POST /api/v1/quotes (eventDate)',
      () => ({
        method: 'POST',
        url: '/api/v1/quotes',
        body: quoteBody({ eventDate: '0000-01-01' }),
      }),
    ],
  ])('year 0000 on %s answers a 4xx, not a 500, and writes nothing', async (_route, request) => {
    await expectRefusedWithoutWrites(request());
  });

  it('slot 13:00, protein pork, negative / 1e9 / 2.5 / string / null / array / nested counts', async () => {
    await expectNoWrites(async () => {
      expectApiError(
        await send({
          method: 'POST',
          url: '/api/v1/holds',
          body: { ...validHold(), slot: '13:00' },
        }),
        { codes: ['VALIDATION_FAILED'] },
      );
      const quote = (overrides: Record<string, unknown>) =>
        send({ method: 'POST', url: '/api/v1/quotes', body: quoteBody(overrides) });
      for (const overrides of [
        { proteins: { pork: 12 } },
        { addons: { pork_belly: 1 } },
        { adults: -1 },
        { adults: 1e9 },
        { adults: 2.5 },
        { adults: '10' },
        { adults: null },
        { adults: [10] },
        { adults: { value: 10 } },
        { children: -5 },
        { toddlers: 301 },
        { proteins: { chicken: 1e9 } },
        { proteins: { chicken: -1 } },
        { proteins: { chicken: 2.5 } },
        { proteins: { chicken: { n: 1 } } },
        { venue: { zip: '95112', nested: { deep: { deeper: [1, 2, 3] } } } },
        { venue: null },
        { venue: ['95112'] },
      ])
        expectApiError(await quote(overrides), { codes: ['VALIDATION_FAILED'] });
    });
  });

  it('SQL-looking strings are data, never syntax', async () => {
    await expectNoWrites(async () => {
      for (const s of ["'; drop table core.quotes; --", "' or '1'='1", '1; select pg_sleep(10)']) {
        expectApiError(
          await send({ method: 'GET', url: `/api/v1/quotes/${encodeURIComponent(s)}` }),
          { codes: ['VALIDATION_FAILED'] },
        );
        expectApiError(
          await send({
            method: 'GET',
            url: `/api/v1/bookings/${targets.bookingId}${qs([['token', s]])}`,
          }),
          { codes: ['FORBIDDEN'] },
        );
        expectApiError(
          await send({
            method: 'POST',
            url: '/api/v1/quotes',
            body: quoteBody({ venue: { zip: s } }),
          }),
          { codes: ['VALIDATION_FAILED'] },
        );
        const outbox = await send({
          method: 'GET',
          url: `/api/v1/dev/outbox${qs([['recipient', s]])}`,
        });
        expect(outbox.res.statusCode, describeResponse(outbox)).toBe(200);
        expect(outbox.res.json<{ messages: unknown[] }>().messages).toEqual([]);
      }
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from core.quotes`.execute(
      t.database.db,
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  // PostgreSQL text cannot hold U+0000; the schemas let it through to the INSERT / WHERE.
  it.each<[string, () => Req]>([
    [
      'POST /api/v1/quotes (venue.address)',
      () => ({
        method: 'POST',
        url: '/api/v1/quotes',
        body: quoteBody({ venue: { zip: '95112', address: '1 Main St\u0000' } }),
      }),
    ],
    [
      'POST /api/v1/holds (customer.name)',
      () => ({
        method: 'POST',
        url: '/api/v1/holds',
        body: { ...validHold(), customer: customer({ name: 'Pat\u0000Host' }) },
      }),
    ],
    [
      'GET /api/v1/dev/outbox (recipient)',
      () => ({ method: 'GET', url: '/api/v1/dev/outbox?recipient=%00' }),
    ],
    [
      'POST /api/v1/holds/:id/sign (signerName)',
      () => ({
        method: 'POST',
        url: `/api/v1/holds/${targets.holdId}/sign`,
        body: { ...signBody, signerName: 'Pat\u0000' },
      }),
    ],
    [
      'PATCH /api/v1/bookings/:id (specialRequests)',
      () => ({
        method: 'PATCH',
        url: `/api/v1/bookings/${targets.bookingId}`,
        headers: auth(),
        body: { version: targets.bookingVersion, specialRequests: 'no\u0000nuts' },
      }),
    ],
    [
      'PATCH /api/v1/bookings/:id (adults + specialRequests: the reprice path)',
      () => ({
        method: 'PATCH',
        url: `/api/v1/bookings/${targets.bookingId}`,
        headers: auth(),
        body: {
          version: targets.bookingVersion,
          adults: 12,
          proteins: { chicken: 14, ny_strip: 14 },
          specialRequests: 'no\u0000nuts',
        },
      }),
    ],
    [
      'PATCH /api/v1/bookings/:id (allergens)',
      () => ({
        method: 'PATCH',
        url: `/api/v1/bookings/${targets.bookingId}`,
        headers: auth(),
        body: { version: targets.bookingVersion, allergens: ['nu\u0000ts'] },
      }),
    ],
    [
      'POST /api/v1/bookings/:id/cancel (reason)',
      () => ({
        method: 'POST',
        url: `/api/v1/bookings/${targets.bookingId}/cancel`,
        headers: auth(),
        body: { reason: 'x\u0000' },
      }),
    ],
  ])(
    'a NUL character in %s answers a 4xx, not a 500, and writes nothing',
    async (_route, request) => {
      await expectRefusedWithoutWrites(request());
    },
  );
});

// ───────────────────────────── valid but exotic input is accepted and stored intact ─────────────────────────────

describe('valid exotic input (emoji, RTL, combining marks) is accepted and stored as sent', () => {
  const exoticText = (max: number) =>
    fc
      .oneof(
        emojiAndRtl,
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
        fc
          .tuple(emojiAndRtl, fc.string({ unit: 'grapheme', maxLength: 10 }), emojiAndRtl)
          .map((parts) => parts.join(' ')),
      )
      .filter((s) => s.trim().length >= 1 && s.trim().length <= max);

  it('quote venue addresses', async () => {
    await fuzz(
      exoticText(300),
      async (address) => {
        const sent = await send({
          method: 'POST',
          url: '/api/v1/quotes',
          body: quoteBody({ venue: { zip: '95112', address } }),
        });
        expect(sent.res.statusCode, describeResponse(sent)).toBe(201);
        const row = await t.database.db
          .selectFrom('core.quotes')
          .select('venue_address')
          .where('id', '=', sent.res.json<{ id: string }>().id)
          .executeTakeFirstOrThrow();
        expect(row.venue_address).toBe(address.trim());
      },
      40,
    );
  });

  it('hold customer names', async () => {
    let day = 0;
    await fuzz(
      exoticText(120),
      async (name) => {
        day += 1;
        const body = {
          ...validHold(),
          date: dateAhead(100 + (day % 200)),
          slot: slotTimes[day % slotTimes.length],
          customer: customer({ name }),
        };
        const sent = await send({ method: 'POST', url: '/api/v1/holds', body });
        expect(sent.res.statusCode, describeResponse(sent)).toBe(201);
        const row = await t.database.db
          .selectFrom('core.customers')
          .select('name')
          .where(
            'email_index',
            '=',
            contactIndex(t.container.fieldCrypto, 'email', body.customer.email) ?? '',
          )
          .executeTakeFirstOrThrow();
        expect(row.name).toBe(name.trim());
      },
      40,
    );
  });

  it('any schema-valid free text (all code points) is stored or refused cleanly, never a 500 or a partial row', async () => {
    // Control characters, noncharacters and separators are over-represented on purpose.
    const edgy = fc
      .array(
        fc.constantFrom(
          'a',
          ' ',
          '\u0000',
          '\u0001',
          '\u001f',
          '\u007f',
          '\u0085',
          '\u2028',
          '\ufffe',
          '\uffff',
          '\u{10ffff}',
          '🍤',
          'ש',
        ),
        {
          minLength: 1,
          maxLength: 8,
        },
      )
      .map((chars) => chars.join(''));
    const text = fc
      .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), edgy)
      .filter((s) => s.trim().length >= 1);
    let day = 0;
    await fuzz(
      fc.tuple(fc.constantFrom('address', 'name', 'recipient'), text),
      async ([field, value]) => {
        day += 1;
        const before = await rowCounts();
        let sent: Sent;
        if (field === 'address')
          sent = await send({
            method: 'POST',
            url: '/api/v1/quotes',
            body: quoteBody({ venue: { zip: '95112', address: value } }),
          });
        else if (field === 'name')
          sent = await send({
            method: 'POST',
            url: '/api/v1/holds',
            body: {
              ...validHold(),
              date: dateAhead(100 + (day % 200)),
              customer: customer({ name: value }),
            },
          });
        else
          sent = await send({
            method: 'GET',
            url: `/api/v1/dev/outbox${qs([['recipient', value]])}`,
          });
        expectNot5xx(sent);
        if (sent.res.statusCode >= 400)
          expect(await rowCounts(), describeResponse(sent)).toEqual(before);
      },
      60,
    );
  });
});
