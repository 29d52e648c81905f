import { describe, expect, it } from 'vitest';
import { FROM, TO, failure, timeoutFailure } from './distance-provider.test-helper.ts';
import { useFakeUpstream } from './local-http-server.test-helper.ts';
import type { FakeReply, RecordedRequest } from './local-http-server.test-helper.ts';
import { OpenRouteServiceProvider } from './openrouteservice.provider.ts';

const KEY = '5b3ce3597851110001cf6248-test-key';

// Mirrors the ORS directions API: the gateway answers 401/403 with { error: "..." },
// the routing engine answers 4xx with { error: { code, message }, info }.
function orsLike(req: RecordedRequest): FakeReply {
  if (req.method !== 'POST' || req.url.pathname !== '/v2/directions/driving-car') {
    return { status: 404, json: { error: 'no Route matched with those values' } };
  }
  const auth = req.headers.authorization;
  if (!auth) {
    return { status: 401, json: { error: 'Authorization field missing' } };
  }
  if (auth !== KEY) {
    return { status: 403, json: { error: 'Access to this API has been disallowed' } };
  }
  if (!String(req.headers['content-type']).startsWith('application/json')) {
    return { status: 415, json: { error: { code: 2007, message: 'Unsupported content type' } } };
  }
  const body = JSON.parse(req.body) as { coordinates: [number, number][]; units?: string };
  if (body.units !== 'mi' || body.coordinates.length !== 2) {
    return {
      status: 400,
      json: { error: { code: 2003, message: 'Parameter has incorrect value' } },
    };
  }
  const [start, end] = body.coordinates;
  if (end?.[0] === -157.8583) {
    return {
      status: 404,
      json: {
        error: {
          code: 2010,
          message: 'Could not find routable point within a radius of 350.0 meters',
        },
        info: { engine: { version: '8.0.0' } },
      },
    };
  }
  if (start?.[0] === end?.[0] && start?.[1] === end?.[1]) {
    return { status: 200, json: { routes: [{ summary: {}, segments: [] }] } };
  }
  return {
    status: 200,
    json: {
      bbox: [-121.9886, 37.3476, -121.887, 37.5485],
      routes: [
        { summary: { distance: 18.683, duration: 1450.2 }, segments: [], way_points: [0, 120] },
      ],
      metadata: { query: { coordinates: body.coordinates, profile: 'driving-car', units: 'mi' } },
    },
  };
}

const serve = useFakeUpstream();

describe('OpenRouteServiceProvider', () => {
  it('posts [lng, lat] pairs in miles and reads routes[0].summary.distance', async () => {
    const server = await serve(orsLike);
    const provider = new OpenRouteServiceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    await expect(provider.drivingMiles({ from: FROM, to: TO })).resolves.toEqual({ miles: 18.7 });
    expect(provider.source).toBe('openrouteservice');
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({
      coordinates: [
        [-121.9886, 37.5485],
        [-121.887, 37.3476],
      ],
      units: 'mi',
    });
  });

  it('treats a summary without distance as a zero-length route', async () => {
    const server = await serve(orsLike);
    const provider = new OpenRouteServiceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    await expect(provider.drivingMiles({ from: FROM, to: FROM })).resolves.toEqual({ miles: 0 });
  });

  it('fails with 403 for a wrong key, without leaking it', async () => {
    const server = await serve(orsLike);
    const wrongKey = 'wrong-ors-key-abcdef';
    const provider = new OpenRouteServiceProvider({ baseUrl: server.baseUrl, apiKey: wrongKey });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('403');
    expect(error.message).not.toContain(wrongKey);
  });

  it('fails with 401 when the key is empty', async () => {
    const server = await serve(orsLike);
    const provider = new OpenRouteServiceProvider({ baseUrl: server.baseUrl, apiKey: '' });
    const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('401');
  });

  it('includes the engine error code for an unroutable point', async () => {
    const server = await serve(orsLike);
    const provider = new OpenRouteServiceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    const error = await failure(
      provider.drivingMiles({ from: FROM, to: { lat: 21.3069, lng: -157.8583 } }),
    );
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('404');
    expect(error.message).toContain('2010');
  });

  it('fails on a 200 body without routes', async () => {
    const server = await serve(() => ({ status: 200, json: { routes: [] } }));
    const provider = new OpenRouteServiceProvider({ baseUrl: server.baseUrl, apiKey: KEY });
    expect((await failure(provider.drivingMiles({ from: FROM, to: TO }))).code).toBe(
      'PROVIDER_FAILED',
    );
  });

  it('times out when the server never answers', async () => {
    const server = await serve(() => 'hang');
    const provider = new OpenRouteServiceProvider({
      baseUrl: server.baseUrl,
      apiKey: KEY,
      timeoutMs: 150,
    });
    const error = await timeoutFailure(provider);
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).not.toContain(KEY);
  });
});
