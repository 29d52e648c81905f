import type { contract } from '@teppan/core/contract';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  buildQuery,
  createClient,
  NETWORK_ERROR,
  queryKey,
  route,
  type CallResult,
} from './index.ts';

type Seen = { url: string; init: RequestInit };

function fakeFetch(respond: () => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return respond();
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const getBooking = route<typeof contract.bookings.get>('GET', '/api/v1/bookings/:id');
const createQuote = route<typeof contract.quotes.create>('POST', '/api/v1/quotes');
const availability = route<typeof contract.availability.range>('GET', '/api/v1/availability');
const revokeKey = route<typeof contract.staff.revokeApiKey>('DELETE', '/api/v1/staff/api-keys/:id');

describe('createClient', () => {
  it('fills and encodes path params, sends headers and parses the JSON answer', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { id: 'a/b', number: 'B-1' }));
    const client = createClient({ fetch, baseUrl: 'https://x.test', credentials: 'include' });
    const result = await client.call(getBooking, {
      params: { id: 'a/b c?' },
      headers: { 'x-booking-token': 'tok' },
    });
    expect(result).toEqual({ id: 'a/b', number: 'B-1' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('https://x.test/api/v1/bookings/a%2Fb%20c%3F');
    expect(seen[0]!.init.method).toBe('GET');
    expect(seen[0]!.init.credentials).toBe('include');
    expect(seen[0]!.init.body).toBeUndefined();
    expect(seen[0]!.init.headers).toEqual({ accept: 'application/json', 'x-booking-token': 'tok' });
  });

  it('sends a JSON body with its content type', async () => {
    const { fetch, seen } = fakeFetch(() => json(201, { id: 'q1' }));
    const client = createClient({ fetch, headers: () => ({ 'x-csrf': '1' }) });
    const body = { adults: 10, children: 0, toddlers: 0, venue: { zip: '94103' } };
    await client.call(createQuote, { body });
    expect(seen[0]!.url).toBe('/api/v1/quotes');
    expect(seen[0]!.init.method).toBe('POST');
    expect(seen[0]!.init.body).toBe(JSON.stringify(body));
    expect(seen[0]!.init.headers).toMatchObject({
      'content-type': 'application/json',
      'x-csrf': '1',
    });
  });

  it('builds the query string, repeating array keys and skipping undefined', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { days: [] }));
    await createClient({ fetch }).call(availability, {
      query: { from: '2026-01-01', to: '2026-01-31' },
    });
    expect(seen[0]!.url).toBe('/api/v1/availability?from=2026-01-01&to=2026-01-31');
    expect(buildQuery({ status: ['new', 'won'], q: 'a&b', page: 2, none: undefined })).toBe(
      '?status=new&status=won&q=a%26b&page=2',
    );
    expect(buildQuery({})).toBe('');
  });

  it('turns the error envelope into an ApiError', async () => {
    const { fetch } = fakeFetch(() =>
      json(409, {
        error: { code: 'SLOT_TAKEN', message: 'That slot is gone.', details: { slot: '17:00' } },
        requestId: 'req-1',
      }),
    );
    const seenErrors: ApiError[] = [];
    const client = createClient({ fetch, onError: (e) => seenErrors.push(e) });
    const error = await client.call(getBooking, { params: { id: 'b1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'SLOT_TAKEN',
      message: 'That slot is gone.',
      details: { slot: '17:00' },
      requestId: 'req-1',
    });
    expect(seenErrors).toEqual([error]);
  });

  it('answers a non-JSON error body with an HTTP_<status> code', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await createClient({ fetch })
      .call(getBooking, { params: { id: 'b1' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', requestId: undefined });
    expect((error as ApiError).message).toContain('502');
  });

  it('reports a network failure as NETWORK_ERROR and lets an abort through', async () => {
    const down = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await createClient({ fetch: down.fetch })
      .call(getBooking, { params: { id: 'b1' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: NETWORK_ERROR });
    const aborted = fakeFetch(() => Promise.reject(new DOMException('stop', 'AbortError')));
    const abortError = await createClient({ fetch: aborted.fetch })
      .call(getBooking, { params: { id: 'b1' } })
      .catch((e: unknown) => e);
    expect(abortError).not.toBeInstanceOf(ApiError);
    expect((abortError as Error).name).toBe('AbortError');
  });

  it('refuses a missing path parameter', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, {}));
    const call = createClient({ fetch }).call(getBooking, { params: { id: '' } });
    await expect(call).rejects.toThrow(/Missing path parameter "id"/);
    expect(seen).toHaveLength(0);
  });

  it('sends the client and call headers with the credentials, and reads an error envelope', async () => {
    const { fetch, seen } = fakeFetch(() =>
      json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in.' }, requestId: 'r9' }),
    );
    const error = await createClient({
      fetch,
      credentials: 'same-origin',
      headers: () => ({ 'x-csrf-token': 't' }),
    })
      .call(revokeKey, { params: { id: 'k/1' }, headers: { 'x-extra': 'e' } })
      .catch((e: unknown) => e);
    expect(seen[0]!.url).toBe('/api/v1/staff/api-keys/k%2F1');
    expect(seen[0]!.init).toMatchObject({ method: 'DELETE', credentials: 'same-origin' });
    expect(seen[0]!.init.headers).toEqual({
      accept: 'application/json',
      'x-csrf-token': 't',
      'x-extra': 'e',
    });
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', requestId: 'r9' });
  });

  it('builds query keys from the route key and its inputs', () => {
    expect(queryKey(getBooking, { params: { id: 'b1' } })).toEqual([
      'GET /api/v1/bookings/:id',
      { id: 'b1' },
    ]);
    expect(queryKey(availability, { query: { from: 'a', to: 'b' } })).toEqual([
      'GET /api/v1/availability',
      { from: 'a', to: 'b' },
    ]);
  });
});

describe('types', () => {
  it('infers inputs and results from the contract', () => {
    const client = createClient({ fetch: fakeFetch(() => json(200, {})).fetch });
    expectTypeOf<CallResult<typeof createQuote>['totalCents']>().toEqualTypeOf<number>();
    expectTypeOf<CallResult<typeof contract.quotes.create>['id']>().toEqualTypeOf<string>();
    // Compile-time checks only (the calls are never awaited against a server).
    const typeOnly = () => {
      // @ts-expect-error a route's method and path must be the entry's own
      route<typeof contract.quotes.create>('GET', '/api/v1/quotes');
      // @ts-expect-error the params are required
      void client.call(getBooking);
      // @ts-expect-error a wrong body does not compile
      void client.call(createQuote, { body: { adults: 'ten' } });
      void client
        .call(createQuote, {
          body: { adults: 1, children: 0, toddlers: 0, venue: { zip: '1' } },
        })
        .then((quote) => {
          expectTypeOf(quote.number).toEqualTypeOf<string>();
          // @ts-expect-error reading a field the response does not have does not compile
          void quote.notAField;
        });
    };
    expect(typeof typeOnly).toBe('function');
  });
});
