import { describe, expect, it } from 'vitest';
import { GoogleDistanceProvider } from './google.provider.ts';
import { FROM, TO, failure, timeoutFailure } from './distance-provider.test-helper.ts';
import { useFakeUpstream } from './local-http-server.test-helper.ts';
import type { FakeReply, RecordedRequest } from './local-http-server.test-helper.ts';

const KEY = 'AIzaSy-test-key-1234567890';

// Mirrors the documented Distance Matrix responses: API errors are HTTP 200 with a
// top-level `status`; per-pair problems are in `rows[].elements[].status`.
function googleLike(req: RecordedRequest): FakeReply {
  if (req.method !== 'GET' || req.url.pathname !== '/maps/api/distancematrix/json') {
    return { status: 404, text: '<html>Not Found</html>' };
  }
  const q = req.url.searchParams;
  if (q.get('key') !== KEY) {
    return {
      status: 200,
      json: {
        destination_addresses: [],
        origin_addresses: [],
        rows: [],
        status: 'REQUEST_DENIED',
        error_message: 'The provided API key is invalid. ',
      },
    };
  }
  if (!q.get('origins') || !q.get('destinations') || q.get('units') !== 'imperial') {
    return { status: 200, json: { rows: [], status: 'INVALID_REQUEST' } };
  }
  const destination = q.get('destinations') ?? '';
  if (destination.startsWith('Nowhere')) {
    return {
      status: 200,
      json: {
        destination_addresses: [''],
        origin_addresses: ['Fremont, CA'],
        rows: [{ elements: [{ status: 'NOT_FOUND' }] }],
        status: 'OK',
      },
    };
  }
  if (destination === '21.3069,-157.8583') {
    return {
      status: 200,
      json: { rows: [{ elements: [{ status: 'ZERO_RESULTS' }] }], status: 'OK' },
    };
  }
  return {
    status: 200,
    json: {
      destination_addresses: ['San Jose, CA 95112, USA'],
      origin_addresses: ['Fremont, CA, USA'],
      rows: [
        {
          elements: [
            {
              distance: { text: '18.7 mi', value: 30_086 },
              duration: { text: '24 mins', value: 1440 },
              status: 'OK',
            },
          ],
        },
      ],
      status: 'OK',
    },
  };
}

const serve = useFakeUpstream();

describe('GoogleDistanceProvider', () => {
  it('returns miles from distance.value in meters', async () => {
    const server = await serve(googleLike);
    const provider = new GoogleDistanceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    await expect(provider.drivingMiles({ from: FROM, to: TO })).resolves.toEqual({ miles: 18.7 });
    expect(provider.source).toBe('google');
    const q = server.requests[0]?.url.searchParams;
    expect(q?.get('origins')).toBe('37.5485,-121.9886');
    expect(q?.get('destinations')).toBe('37.3476,-121.887');
  });

  it('routes to the street address when one is given', async () => {
    const server = await serve(googleLike);
    const provider = new GoogleDistanceProvider({ baseUrl: `${server.baseUrl}/`, apiKey: KEY });
    await provider.drivingMiles({
      from: FROM,
      to: TO,
      toAddress: '200 E Santa Clara St, San Jose, CA 95112',
    });
    expect(server.requests[0]?.url.searchParams.get('destinations')).toBe(
      '200 E Santa Clara St, San Jose, CA 95112',
    );
  });

  it('fails with REQUEST_DENIED for a wrong key, without leaking either key', async () => {
    const server = await serve(googleLike);
    const wrongKey = 'AIzaSy-wrong-key-0987654321';
    const provider = new GoogleDistanceProvider({ baseUrl: server.baseUrl, apiKey: wrongKey });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('REQUEST_DENIED');
    expect(error.message).not.toContain(wrongKey);
    expect(JSON.stringify(error)).not.toContain(wrongKey);
    expect(String(error.stack)).not.toContain(wrongKey);
  });

  it('redacts the key if Google echoes it in error_message', async () => {
    const server = await serve(() => ({
      status: 200,
      json: {
        rows: [],
        status: 'OVER_QUERY_LIMIT',
        error_message: `Quota exceeded for key ${KEY}`,
      },
    }));
    const provider = new GoogleDistanceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error.message).toContain('OVER_QUERY_LIMIT');
    expect(error.message).not.toContain(KEY);
  });

  it('fails on an element status such as ZERO_RESULTS', async () => {
    const server = await serve(googleLike);
    const provider = new GoogleDistanceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    const error = await failure(
      provider.drivingMiles({ from: FROM, to: { lat: 21.3069, lng: -157.8583 } }),
    );
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('ZERO_RESULTS');
  });

  it('reports ADDRESS_NOT_FOUND when Google cannot geocode the address', async () => {
    const server = await serve(googleLike);
    const provider = new GoogleDistanceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    const error = await failure(
      provider.drivingMiles({ from: FROM, to: TO, toAddress: 'Nowhere Rd' }),
    );
    expect(error.code).toBe('ADDRESS_NOT_FOUND');
  });

  it('fails on a non-OK HTTP status with the status in the message', async () => {
    const server = await serve(() => ({
      status: 503,
      text: '<html>Service Unavailable</html>',
    }));
    const provider = new GoogleDistanceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('503');
    expect(error.message).not.toContain(KEY);
  });

  it('fails on a body that is not the documented shape', async () => {
    const server = await serve(() => ({ status: 200, json: { hello: 'world' } }));
    const provider = new GoogleDistanceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED' });
  });

  it('times out when the server never answers', async () => {
    const server = await serve(() => 'hang');
    const provider = new GoogleDistanceProvider({
      baseUrl: server.baseUrl,
      apiKey: KEY,
      timeoutMs: 150,
    });
    const error = await timeoutFailure(provider);
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('150 ms');
    expect(error.message).not.toContain(KEY);
  });

  it('fails when nothing listens, without putting the URL (and key) in the message', async () => {
    const server = await serve(googleLike);
    const baseUrl = server.baseUrl;
    await server.close();
    const provider = new GoogleDistanceProvider({ baseUrl, apiKey: KEY });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain('127.0.0.1');
  });
});
