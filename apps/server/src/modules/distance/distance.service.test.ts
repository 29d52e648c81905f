import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheKey, InMemoryDistanceCacheStore, normaliseAddress } from './distance-cache.ts';
import type { DistanceCacheStore } from './distance-cache.ts';
import { DistanceError } from './distance.error.ts';
import { createDistanceProviders, DistanceService } from './distance.service.ts';
import type { DistanceLogger, DistanceServiceOptions } from './distance.service.ts';
import type { DistanceProvider, DistanceSource, DrivingMilesRequest } from './distance.types.ts';
import { EstimateProvider } from './estimate.provider.ts';
import { GoogleDistanceProvider } from './google.provider.ts';
import { OpenRouteServiceProvider } from './openrouteservice.provider.ts';
import { OsrmProvider } from './osrm.provider.ts';
import { ZipGeocoder } from './zip-geocoder.ts';

const STATION = { lat: 37.5485, lng: -121.9886 };
const VENUE = { zip: '95112' };
const DAY_MS = 24 * 60 * 60 * 1000;
// Stands in for FieldCrypto.keyedHash: a keyed HMAC, as in production.
const hashAddress = (address: string) =>
  createHmac('sha256', 'test-pepper').update(address).digest('hex');

class StubProvider implements DistanceProvider {
  readonly calls: DrivingMilesRequest[] = [];
  constructor(
    readonly source: DistanceSource,
    private readonly answer: number | Error,
  ) {}

  drivingMiles(req: DrivingMilesRequest): Promise<{ miles: number }> {
    this.calls.push(req);
    return this.answer instanceof Error
      ? Promise.reject(this.answer)
      : Promise.resolve({ miles: this.answer });
  }
}

function recordingLogger(): DistanceLogger & { warnings: { obj: object; msg: string }[] } {
  const warnings: { obj: object; msg: string }[] = [];
  return { warnings, warn: (obj, msg) => warnings.push({ obj, msg }) };
}

function newService(overrides: Partial<DistanceServiceOptions> = {}) {
  let now = new Date('2025-06-01T12:00:00Z');
  const clock = {
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
  const cache = new InMemoryDistanceCacheStore();
  const logger = recordingLogger();
  const service = new DistanceService({
    providers: [],
    fallback: new EstimateProvider(),
    geocoder: new ZipGeocoder(),
    cache,
    hashAddress,
    now: () => now,
    logger,
    ...overrides,
  });
  return { service, cache, logger, clock };
}

describe('DistanceService.measure', () => {
  it('uses the first provider that answers, in order', async () => {
    const google = new StubProvider('google', 21.04);
    const ors = new StubProvider('openrouteservice', 22);
    const { service } = newService({ providers: [google, ors] });
    const result = await service.measure({ from: STATION, venue: VENUE });
    expect(result).toEqual({
      miles: 21,
      source: 'google',
      origin: STATION,
      destination: { lat: 37.3476, lng: -121.887 },
      cached: false,
    });
    expect(ors.calls).toHaveLength(0);
  });

  it('falls through failing providers, logging a warning for each', async () => {
    const google = new StubProvider(
      'google',
      new DistanceError('PROVIDER_FAILED', 'Google returned HTTP 503.'),
    );
    const ors = new StubProvider('openrouteservice', new Error('socket hang up'));
    const osrm = new StubProvider('osrm', 19.3);
    const { service, logger } = newService({ providers: [google, ors, osrm] });
    const result = await service.measure({ from: STATION, venue: VENUE });
    expect(result).toMatchObject({ miles: 19.3, source: 'osrm', cached: false });
    expect(google.calls).toHaveLength(1);
    expect(ors.calls).toHaveLength(1);
    expect(logger.warnings.map((w) => w.obj)).toEqual([
      { source: 'google', err: { code: 'PROVIDER_FAILED', message: 'Google returned HTTP 503.' } },
      { source: 'openrouteservice', err: { message: 'socket hang up' } },
    ]);
  });

  it('falls back to the estimate when every provider fails', async () => {
    const google = new StubProvider('google', new DistanceError('ADDRESS_NOT_FOUND', 'no address'));
    const osrm = new StubProvider('osrm', Number.NaN);
    const { service, logger } = newService({ providers: [google, osrm] });
    const result = await service.measure({
      from: STATION,
      venue: { zip: '95112', address: '1 Nowhere' },
    });
    // See estimate.provider.test.ts for the hand computation of 18.7.
    expect(result).toMatchObject({ miles: 18.7, source: 'estimate', cached: false });
    expect(logger.warnings).toHaveLength(2);
  });

  it('uses the estimate when no provider is configured', async () => {
    const { service } = newService();
    await expect(service.measure({ from: STATION, venue: VENUE })).resolves.toMatchObject({
      miles: 18.7,
      source: 'estimate',
    });
  });

  it('passes the address with its ZIP to providers', async () => {
    const google = new StubProvider('google', 18);
    const { service } = newService({ providers: [google] });
    await service.measure({
      from: STATION,
      venue: { zip: '95112-0001', address: ' 200 E Santa Clara St ' },
    });
    expect(google.calls[0]?.toAddress).toBe('200 E Santa Clara St, 95112');
    await service.measure({
      from: STATION,
      venue: { zip: '95112', address: '1 Main St, San Jose 95112' },
    });
    expect(google.calls[1]?.toAddress).toBe('1 Main St, San Jose 95112');
  });

  it('serves a cache hit within 7 days and measures again after', async () => {
    const google = new StubProvider('google', 20.5);
    const { service, clock } = newService({ providers: [google] });
    await service.measure({ from: STATION, venue: VENUE });

    clock.advance(7 * DAY_MS - 1);
    const hit = await service.measure({ from: STATION, venue: VENUE });
    expect(hit).toMatchObject({ miles: 20.5, source: 'google', cached: true });
    expect(google.calls).toHaveLength(1);

    clock.advance(1);
    const miss = await service.measure({ from: STATION, venue: VENUE });
    expect(miss).toMatchObject({ miles: 20.5, source: 'google', cached: false });
    expect(google.calls).toHaveLength(2);
  });

  it('keys the cache on coordinates rounded to 3 decimals', async () => {
    const google = new StubProvider('google', 20.5);
    const { service } = newService({ providers: [google] });
    await service.measure({ from: STATION, venue: VENUE });
    const nearby = await service.measure({
      from: { lat: 37.54851, lng: -121.98864 },
      venue: VENUE,
    });
    expect(nearby.cached).toBe(true);
    const moved = await service.measure({ from: { lat: 37.5475, lng: -121.9886 }, venue: VENUE });
    expect(moved.cached).toBe(false);
  });

  it('keeps street addresses out of cache keys, stored and logged, yet tells them apart', async () => {
    const keys: string[] = [];
    const recording: DistanceCacheStore = {
      get: (key) => {
        keys.push(key);
        return Promise.reject(new Error('connection refused'));
      },
      set: (entry) => {
        keys.push(entry.key);
        return Promise.resolve();
      },
    };
    const { service, logger } = newService({
      cache: recording,
      providers: [new StubProvider('google', 21.4)],
    });
    for (const address of ['200 E Santa Clara St', ' 200  e santa clara st ', '1 Main St'])
      await service.measure({ from: STATION, venue: { zip: '95112', address } });
    expect(keys).toHaveLength(6);
    for (const key of keys)
      expect(key).toMatch(/^-?[\d.]+,-?[\d.]+->-?[\d.]+,-?[\d.]+\|[0-9a-f]{64}$/);
    // The same address however typed shares a key; another address in the ZIP does not.
    expect(keys[0]).toBe(keys[2]);
    expect(keys[0]).not.toBe(keys[4]);
    const logged = JSON.stringify(logger.warnings);
    expect(logged).toContain('distance cache read failed');
    expect(logged).not.toMatch(/santa clara|main st/i);
  });

  it('honours cacheDays', async () => {
    const { service, clock } = newService({ cacheDays: 1 });
    await service.measure({ from: STATION, venue: VENUE });
    clock.advance(DAY_MS);
    await expect(service.measure({ from: STATION, venue: VENUE })).resolves.toMatchObject({
      cached: false,
    });
  });

  it('does not cache an estimate made because configured providers failed', async () => {
    const google = new StubProvider('google', new Error('down'));
    const { service, cache } = newService({ providers: [google] });
    await service.measure({ from: STATION, venue: VENUE });
    await service.measure({ from: STATION, venue: VENUE });
    expect(google.calls).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it('computes the offline estimate without touching the cache', async () => {
    const calls: string[] = [];
    const spy: DistanceCacheStore = {
      get: () => {
        calls.push('get');
        return Promise.resolve(null);
      },
      set: () => {
        calls.push('set');
        return Promise.resolve();
      },
    };
    const { service } = newService({ cache: spy });
    await service.measure({ from: STATION, venue: VENUE });
    await expect(service.measure({ from: STATION, venue: VENUE })).resolves.toMatchObject({
      miles: 18.7,
      source: 'estimate',
      cached: false,
    });
    expect(calls).toEqual([]);
  });

  it('keeps quoting when the cache store fails', async () => {
    const broken: DistanceCacheStore = {
      get: () => Promise.reject(new Error('connection refused')),
      set: () => Promise.reject(new Error('connection refused')),
    };
    const { service, logger } = newService({
      cache: broken,
      providers: [new StubProvider('google', 21.4)],
    });
    await expect(service.measure({ from: STATION, venue: VENUE })).resolves.toMatchObject({
      miles: 21.4,
      source: 'google',
    });
    expect(logger.warnings.map((w) => w.msg)).toEqual([
      'distance cache read failed',
      'distance cache write failed',
    ]);
  });

  it('throws ZIP_NOT_FOUND for an unknown ZIP without calling providers', async () => {
    const google = new StubProvider('google', 10);
    const { service } = newService({ providers: [google] });
    await expect(service.measure({ from: STATION, venue: { zip: '00000' } })).rejects.toMatchObject(
      {
        code: 'ZIP_NOT_FOUND',
        message: 'We could not find ZIP code 00000.',
      },
    );
    expect(google.calls).toHaveLength(0);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const google: DistanceProvider = {
      source: 'google',
      drivingMiles: () => {
        controller.abort();
        return Promise.reject(new DistanceError('PROVIDER_FAILED', 'cancelled'));
      },
    };
    const osrm = new StubProvider('osrm', 10);
    const { service } = newService({ providers: [google, osrm] });
    await expect(
      service.measure({ from: STATION, venue: VENUE, signal: controller.signal }),
    ).rejects.toThrow();
    expect(osrm.calls).toHaveLength(0);
  });
});

describe('cacheKey', () => {
  it('rounds coordinates to 3 decimals', () => {
    expect(cacheKey({ from: STATION, to: { lat: 37.3376, lng: -121.8863 } })).toBe(
      '37.549,-121.989->37.338,-121.886',
    );
  });

  it('appends the digest of an address when one is routed to', () => {
    expect(cacheKey({ from: STATION, to: STATION, addressDigest: 'abc123' })).toBe(
      '37.549,-121.989->37.549,-121.989|abc123',
    );
    expect(normaliseAddress('  1  Main St ')).toBe('1 main st');
  });
});

describe('createDistanceProviders', () => {
  it('includes only configured providers, in priority order', () => {
    const all = createDistanceProviders({
      googleApiKey: 'g',
      orsApiKey: 'o',
      osrmBaseUrl: 'http://127.0.0.1:5000',
      circuityFactor: 1.3,
    });
    expect(all.providers.map((p) => p.constructor)).toEqual([
      GoogleDistanceProvider,
      OpenRouteServiceProvider,
      OsrmProvider,
    ]);
    expect(all.fallback.circuityFactor).toBe(1.3);

    const none = createDistanceProviders({
      googleBaseUrl: 'http://127.0.0.1:1',
      circuityFactor: 1.25,
    });
    expect(none.providers).toEqual([]);
    expect(none.fallback).toBeInstanceOf(EstimateProvider);

    expect(
      createDistanceProviders({ orsApiKey: 'o', circuityFactor: 1.25 }).providers.map(
        (p) => p.source,
      ),
    ).toEqual(['openrouteservice']);
  });
});
