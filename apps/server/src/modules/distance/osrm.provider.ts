import { z } from 'zod';
import { DistanceError } from './distance.error.ts';
import { metersToMiles } from './distance.math.ts';
import type { Coordinates, DistanceProvider, DrivingMilesRequest } from './distance.types.ts';
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  requestProvider,
  trimTrailingSlash,
} from './provider-http.ts';
import type { FetchImpl, HttpProviderOptions } from './provider-http.ts';

const PROVIDER_NAME = 'OSRM';

// http://project-osrm.org/docs/v5.24.0/api/#route-service; errors are { code, message }
// with HTTP 400 (e.g. NoRoute, InvalidQuery), so `code` is read before the HTTP status.
const osrmResponseSchema = z.object({
  code: z.string(),
  routes: z.array(z.object({ distance: z.number().nonnegative() })).optional(),
});

/** OSRM has no public default: the demo server forbids production use, so it must be configured. */
export interface OsrmProviderOptions extends HttpProviderOptions {
  baseUrl: string;
}

const formatLngLat = (point: Coordinates): string => `${point.lng},${point.lat}`;

export class OsrmProvider implements DistanceProvider {
  readonly source = 'osrm' as const;
  readonly #baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #timeoutMs: number;
  readonly #fetchImpl: FetchImpl;

  constructor(options: OsrmProviderOptions) {
    this.#baseUrl = trimTrailingSlash(options.baseUrl);
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    this.#fetchImpl = options.fetchImpl ?? fetch;
  }

  async drivingMiles(req: DrivingMilesRequest): Promise<{ miles: number }> {
    const path = `/route/v1/driving/${formatLngLat(req.from)};${formatLngLat(req.to)}`;
    const url = new URL(`${this.#baseUrl}${path}`);
    url.searchParams.set('overview', 'false');
    const response = await requestProvider({
      providerName: PROVIDER_NAME,
      fetchImpl: this.#fetchImpl,
      url,
      // Plain OSRM has no auth; a key is sent only for servers behind an authenticating proxy.
      init: this.#apiKey ? { headers: { Authorization: this.#apiKey } } : {},
      timeoutMs: this.#timeoutMs,
      signal: req.signal,
    });
    const parsed = osrmResponseSchema.safeParse(response.body);
    if (!parsed.success) {
      const detail = response.ok ? 'an unexpected response' : `HTTP ${response.status}`;
      throw new DistanceError('PROVIDER_FAILED', `${PROVIDER_NAME} returned ${detail}.`);
    }
    const body = parsed.data;
    if (!response.ok || body.code !== 'Ok') {
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${PROVIDER_NAME} returned HTTP ${response.status} with code ${body.code}.`,
      );
    }
    const route = body.routes?.[0];
    if (route === undefined) {
      throw new DistanceError('PROVIDER_FAILED', `${PROVIDER_NAME} returned no route.`);
    }
    return { miles: metersToMiles(route.distance) };
  }
}
