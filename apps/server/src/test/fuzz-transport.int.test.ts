// Transport-level garbage: malformed JSON, content types, sizes, unknown routes.
import { type ErrorCode } from '@teppan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customer, quoteBody } from './factories.ts';
import { STAFF_KEY } from './harness.ts';

import {
  t,
  targets,
  type Req,
  send,
  expectApiError,
  expectNoWrites,
  expectRefusedWithoutWrites,
  fuzz,
  auth,
  useFuzzApp,
  signBody,
} from './fuzz.test-helper.ts';
import { malformedJson, qs, validHold } from './fuzz-generators.test-helper.ts';

useFuzzApp();

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
