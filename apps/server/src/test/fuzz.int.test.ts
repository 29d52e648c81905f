import { holdRequestSchema, addonCodes, proteinCodes, slotTimes } from '@teppan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateAhead, quoteBody } from './factories.ts';
import {
  targets,
  signBody,
  send,
  describeResponse,
  expectApiError,
  expectNot5xx,
  rowCounts,
  expectNoWrites,
  fuzz,
  auth,
  type Req,
  useFuzzApp,
} from './fuzz.test-helper.ts';
import {
  outOfWindowDate,
  unknownUuid,
  quoteMutations,
  holdMutations,
  signMutations,
  depositMutations,
  patchMutations,
  rescheduleMutations,
  cancelMutations,
  depositReportMutations,
  qs,
  validHold,
} from './fuzz-generators.test-helper.ts';

useFuzzApp();

// ───────────────────────────── body fuzzing, route by route ─────────────────────────────

/** Route by route: where the mutated bodies of each request schema are sent. */
const bodyRoutes: [string, () => Omit<Req, 'body'>, fc.Arbitrary<unknown>][] = [
  ['POST /api/v1/quotes', () => ({ method: 'POST', url: '/api/v1/quotes' }), quoteMutations],
  ['POST /api/v1/holds', () => ({ method: 'POST', url: '/api/v1/holds' }), holdMutations],
  [
    'POST /api/v1/holds/:id/sign',
    () => ({ method: 'POST', url: `/api/v1/holds/${targets.holdId}/sign` }),
    signMutations,
  ],
  [
    'POST /api/v1/holds/:id/deposit',
    () => ({ method: 'POST', url: `/api/v1/holds/${targets.signedHoldId}/deposit` }),
    depositMutations,
  ],
  [
    'POST /api/v1/bookings/:id/reschedule (valid token)',
    () => ({
      method: 'POST',
      url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
      headers: auth(),
    }),
    rescheduleMutations,
  ],
  [
    'POST /api/v1/bookings/:id/deposit-sent (valid token)',
    () => ({
      method: 'POST',
      url: `/api/v1/bookings/${targets.bookingId}/deposit-sent`,
      headers: auth(),
    }),
    depositReportMutations,
  ],
  [
    'POST /api/v1/bookings/:id/cancel (valid token)',
    () => ({
      method: 'POST',
      url: `/api/v1/bookings/${targets.bookingId}/cancel`,
      headers: auth(),
    }),
    cancelMutations,
  ],
];

describe('invalid bodies answer 4xx with a catalogued code and write nothing', () => {
  it.each(bodyRoutes)('%s', async (_route, target, mutations) => {
    await expectNoWrites(() =>
      fuzz(mutations, async (body) => {
        expectApiError(await send({ ...target(), body }), {
          codes: ['VALIDATION_FAILED', 'INVALID_JSON'],
        });
      }),
    );
  });

  // The token rides in the header or the query: both are fuzzed.
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
