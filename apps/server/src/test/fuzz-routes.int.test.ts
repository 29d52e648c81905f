import { errorCatalogue } from '@teppan/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, newStation } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

// The routes added after the first fuzz suite (payments, agreements, calendar, assistant,
// SMS webhook, admin): junk in, a catalogued 4xx out — never a 5xx, never a 2xx.
let t: TestApp;
let bookingId: string;
let token: string;
let conversation: { id: string; token: string };

beforeAll(async () => {
  t = await createTestApp({ env: { RINGCENTRAL_VERIFICATION_TOKEN: 'rc-verification-token-123' } });
  await newStation(t.database.db);
  const booking = await bookViaApi(t.app, { daysAhead: 30 });
  bookingId = booking.id;
  token = booking.manageToken;
  conversation = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: { channel: 'web' },
    })
  ).json();
});
afterAll(async () => t.close());

const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 50 }),
  fc.constant('🍤'.repeat(300)),
  fc.constant('x'.repeat(5000)),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

function expectCatalogued(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  where: string,
) {
  expect(
    res.statusCode,
    `${where} → ${res.statusCode} ${res.body.slice(0, 300)}`,
  ).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, where).toBeLessThan(500);
  const body = JSON.parse(res.body) as { error?: { code?: string }; requestId?: string };
  expect(Object.keys(errorCatalogue), where).toContain(body.error?.code);
  expect(body.requestId, where).toBeTruthy();
}

describe('fuzzing the newer routes', () => {
  it('refuses junk bodies with a catalogued 4xx', async () => {
    const routes = [
      {
        url: () => `/api/v1/bookings/${bookingId}/pay`,
        headers: () => ({ 'x-booking-token': token }),
      },
      { url: () => '/api/v1/conversations', headers: () => ({}) },
      {
        url: () => `/api/v1/conversations/${conversation.id}/messages`,
        headers: () => ({ 'x-conversation-token': conversation.token }),
      },
      {
        url: () => '/api/v1/payments/stripe/webhook',
        headers: () => ({ 'stripe-signature': 't=1,v1=abc' }),
      },
      {
        url: () => '/api/v1/sms/ringcentral/webhook',
        headers: () => ({ 'verification-token': 'wrong' }),
      },
      {
        url: () => `/api/v1/admin/bookings/${bookingId}/cancellation-request`,
        headers: () => ({}),
      },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), junk, async (route, body) => {
        const res = await t.app.inject({
          method: 'POST',
          url: route.url(),
          headers: { 'content-type': 'application/json', ...route.headers() },
          payload: JSON.stringify(body),
        });
        // `{ text: "…" }` alone is a valid message, the one generated body that is not junk.
        const isValidMessage =
          route.url().endsWith('/messages') &&
          body !== null &&
          typeof body === 'object' &&
          !Array.isArray(body) &&
          Object.keys(body).join() === 'text' &&
          typeof (body as { text: unknown }).text === 'string' &&
          (body as { text: string }).text.trim().length > 0;
        if (isValidMessage) return;
        expectCatalogued(res, `POST ${route.url()} ${JSON.stringify(body)?.slice(0, 80)}`);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses bad ids, tokens and queries on the read routes', async () => {
    const reads = [
      `/api/v1/bookings/${bookingId}/calendar.ics`,
      `/api/v1/bookings/${bookingId}/calendar.ics?token=wrong`,
      `/api/v1/bookings/not-a-uuid/calendar.ics?token=${token}`,
      `/api/v1/bookings/${bookingId}/agreement.pdf?token=wrong`,
      `/api/v1/conversations/${conversation.id}/messages?after=-1`,
      '/api/v1/admin/bookings?limit=100000',
      '/api/v1/admin/bookings.csv',
      '/api/v1/admin/audit',
      '/api/v1/admin/conversations',
      '/api/v1/settings?stationId=nope',
    ];
    for (const url of reads)
      expectCatalogued(await t.app.inject({ method: 'GET', url }), `GET ${url}`);
  });
});
