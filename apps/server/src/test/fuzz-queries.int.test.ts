// Query strings, ids, tokens and staff auth, fuzzed.
import { availabilityQuerySchema, type ErrorCode } from '@teppan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dateAhead } from './factories.ts';
import { STAFF_KEY } from './harness.ts';

import {
  targets,
  signBody,
  send,
  describeResponse,
  expectApiError,
  expectNoWrites,
  fuzz,
  auth,
  useFuzzApp,
} from './fuzz.test-helper.ts';
import {
  emojiAndRtl,
  sqlish,
  weirdString,
  weirdKey,
  badDate,
  badUuid,
  unknownUuid,
  qs,
} from './fuzz-generators.test-helper.ts';

useFuzzApp();

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
