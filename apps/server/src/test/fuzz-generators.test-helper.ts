import {
  addonCodes,
  bookingPatchSchema,
  cancelRequestSchema,
  depositReportSchema,
  depositRequestSchema,
  holdRequestSchema,
  proteinCodes,
  quoteRequestSchema,
  rescheduleRequestSchema,
  signRequestSchema,
} from '@teppan/core';
import fc from 'fast-check';
import { z } from 'zod';
import { customer, dateAhead, quoteBody } from './factories.ts';
import { signBody, targets } from './fuzz.test-helper.ts';

/**
 * Generators of hostile and mutated inputs for the fuzz suite. Every "invalid" generator is
 * filtered through the request schema from @teppan/core, so it cannot produce a valid body
 * that would legitimately change state.
 */

export const roundTrip = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));
/** True when the schema refuses the value as it arrives on the wire (after JSON). */
export const refuses = (schema: z.ZodType, value: unknown) =>
  !schema.safeParse(roundTrip(value)).success;

export const emojiAndRtl = fc.constantFrom(
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
export const sqlish = fc.constantFrom(
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
export const protoKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
] as const;
export const weirdString = fc.oneof(
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
export const weirdKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...protoKeys),
  emojiAndRtl,
  sqlish,
);
/** Any JSON-ish value: wrong types for every field. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  weirdString,
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(weirdKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

export const nonInteger = fc
  .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
  .filter((x) => !Number.isInteger(x));
export const badCount = (max: number) =>
  fc.oneof(
    fc.integer({ max: -1 }),
    fc.integer({ min: max + 1 }),
    fc.constantFrom(-1, max + 1, 1e9, -1e9, 2.5, 0.1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
    nonInteger,
    fc.integer({ min: 0, max }).map(String),
    junk,
  );
export const badGuest = badCount(300);
export const badItemCount = badCount(1000);

export const badMenu = (codes: readonly string[]) =>
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

export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}
export const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const impossibleDate = fc.oneof(
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
export const badDate = fc.oneof(
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
export const outOfWindowDate = fc.oneof(
  fc.integer({ min: 1, max: 3650 }).map((n) => dateAhead(-n)),
  fc.constantFrom(0, 1).map((n) => dateAhead(n)),
  fc.integer({ min: 367, max: 3650 }).map((n) => dateAhead(n)),
  fc.constantFrom('1900-01-01', '1970-01-01', '1999-12-31', '2000-02-29', '2999-12-31'),
);
export const badSlot = fc.oneof(
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
export const badTime = fc.oneof(
  fc.constantFrom<unknown>('25:00', '18:60', '7pm', '1800', '', '18:0', '-1:00', '18:00:00', 1830),
  weirdString,
  junk,
);
export const badUuid = fc.oneof(
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
export const unknownUuid = fc.uuid({ version: 4 });

export const validCustomer = () => customer();
export const badCustomer = fc.oneof(
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
export function mutated(
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

/** Bad guest counts and menus: the fields a quote and a booking change share. */
const badGuestsAndMenu = {
  adults: badGuest,
  children: badGuest,
  toddlers: badGuest,
  proteins: badMenu(proteinCodes),
  extraProteins: badMenu(proteinCodes),
  addons: badMenu(addonCodes),
};

export const validQuote = (): Record<string, unknown> => quoteBody();
export const quoteMutations = mutated(
  validQuote,
  {
    ...badGuestsAndMenu,
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

export const validHold = (): Record<string, unknown> => ({
  quoteId: targets.quoteId,
  date: dateAhead(45),
  slot: '18:00',
  customer: validCustomer(),
});
export const holdMutations = mutated(
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

export const badFlag = fc.oneof(
  fc.constantFrom<unknown>(false, 'true', 1, 'yes', null, [true], {}),
  junk,
);
export const signMutations = mutated(
  () => ({ ...signBody }),
  {
    signerName: fc.oneof(fc.constantFrom<unknown>('', '   ', '\n\t', 'x'.repeat(121)), junk),
    acceptTerms: badFlag,
    acceptLiabilityWaiver: badFlag,
    acceptAllergenDisclosure: badFlag,
  },
  signRequestSchema,
);

export const depositMutations = mutated(
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

export const validPatch = (): Record<string, unknown> => ({
  version: targets.bookingVersion,
  adults: 11,
  specialRequests: 'Birthday',
});
export const patchMutations = mutated(
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
    ...badGuestsAndMenu,
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

export const validReschedule = (): Record<string, unknown> => ({
  date: dateAhead(90),
  slot: '12:00',
});
export const rescheduleMutations = mutated(
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

export const cancelMutations = mutated(
  () => ({ reason: 'Change of plans' }),
  { reason: fc.oneof(fc.constant<unknown>('x'.repeat(1001)), junk) },
  cancelRequestSchema.nullish(),
);

export const depositReportMutations = mutated(
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
export const malformedJson = fc
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

export const qs = (pairs: [string, string][]) =>
  pairs.length
    ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
    : '';
