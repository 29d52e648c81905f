import { describe, expect, it } from 'vitest';
import { FROM, TO, failure, timeoutFailure } from './distance-provider.test-helper.ts';
import { useFakeUpstream } from './local-http-server.test-helper.ts';
import type { FakeReply, RecordedRequest } from './local-http-server.test-helper.ts';
import { OsrmProvider } from './osrm.provider.ts';

const HONOLULU = { lat: 21.3069, lng: -157.8583 };
const PATH = /^\/route\/v1\/driving\/(-?[\d.]+),(-?[\d.]+);(-?[\d.]+),(-?[\d.]+)$/;

// Mirrors osrm-backend: failures are HTTP 400 with { code, message }.
function osrmLike(req: RecordedRequest): FakeReply {
  const match = PATH.exec(req.url.pathname);
  if (req.method !== 'GET' || match === null) {
    return {
      status: 400,
      json: { code: 'InvalidUrl', message: 'URL string malformed close to position 1' },
    };
  }
  if (req.url.searchParams.get('overview') !== 'false') {
    return { status: 400, json: { code: 'InvalidOptions', message: 'overview expected' } };
  }
  if (Number(match[3]) === HONOLULU.lng) {
    return { status: 400, json: { code: 'NoRoute', message: 'Impossible route between points' } };
  }
  return {
    status: 200,
    json: {
      code: 'Ok',
      routes: [
        {
          distance: 30_086.4,
          duration: 1380.5,
          weight: 1380.5,
          weight_name: 'routability',
          legs: [],
        },
      ],
      waypoints: [
        { name: 'Civic Center Drive', location: [Number(match[1]), Number(match[2])] },
        { name: 'East Santa Clara Street', location: [Number(match[3]), Number(match[4])] },
      ],
    },
  };
}

const serve = useFakeUpstream();

describe('OsrmProvider', () => {
  it('requests lng,lat;lng,lat and converts meters to miles', async () => {
    const server = await serve(osrmLike);
    const provider = new OsrmProvider({ baseUrl: server.baseUrl });
    await expect(provider.drivingMiles({ from: FROM, to: TO })).resolves.toEqual({ miles: 18.7 });
    expect(provider.source).toBe('osrm');
    expect(server.requests[0]?.url.pathname).toBe(
      '/route/v1/driving/-121.9886,37.5485;-121.887,37.3476',
    );
  });

  it('fails with the OSRM code on NoRoute', async () => {
    const server = await serve(osrmLike);
    const provider = new OsrmProvider({ baseUrl: server.baseUrl });
    const error = await failure(provider.drivingMiles({ from: FROM, to: HONOLULU }));
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('NoRoute');
    expect(error.message).toContain('400');
  });

  it('fails on a non-JSON error page with the HTTP status, without leaking a proxy key', async () => {
    const key = 'proxy-secret-key';
    const server = await serve((req) =>
      req.headers.authorization === key
        ? { status: 502, text: '<html>Bad Gateway</html>' }
        : osrmLike(req),
    );
    const provider = new OsrmProvider({ baseUrl: server.baseUrl, apiKey: key });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error.message).toContain('502');
    expect(error.message).not.toContain(key);
  });

  it('fails on code Ok without routes', async () => {
    const server = await serve(() => ({ status: 200, json: { code: 'Ok', routes: [] } }));
    const provider = new OsrmProvider({ baseUrl: server.baseUrl });
    expect((await failure(provider.drivingMiles({ from: FROM, to: TO }))).code).toBe(
      'PROVIDER_FAILED',
    );
  });

  it('times out when the server never answers', async () => {
    const server = await serve(() => 'hang');
    const provider = new OsrmProvider({ baseUrl: server.baseUrl, timeoutMs: 150 });
    const error = await timeoutFailure(provider);
    expect(error).toMatchObject({
      code: 'PROVIDER_FAILED',
      message: 'OSRM did not answer within 150 ms.',
    });
  });
});
