import { z } from 'zod';
import { DistanceError } from './distance.error.ts';
import { roundMiles } from '@teppan/core';
import type { Coordinates, DistanceProvider, DrivingMilesRequest } from './distance.types.ts';
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  requestProvider,
  trimTrailingSlash,
} from './provider-http.ts';
import type { FetchImpl, HttpProviderOptions } from './provider-http.ts';

export const OPENROUTESERVICE_DEFAULT_BASE_URL = 'https://api.openrouteservice.org';

const PROVIDER_NAME = 'OpenRouteService';

// https://giscience.github.io/openrouteservice/api-reference/endpoints/directions/ (JSON response)
const orsResponseSchema = z.object({
  routes: z
    .array(
      z.object({
        // ORS omits `distance` from the summary when the route has zero length.
        summary: z.object({ distance: z.number().nonnegative().default(0) }),
      }),
    )
    .min(1),
});

// Errors come as { error: { code, message } } from the engine, or { error: "text" } from the gateway.
const orsErrorSchema = z.object({
  error: z.union([z.string(), z.object({ code: z.number().optional() })]),
});

export interface OpenRouteServiceProviderOptions extends Partial<HttpProviderOptions> {
  apiKey: string;
}

const toLngLat = (point: Coordinates): [number, number] => [point.lng, point.lat];

export class OpenRouteServiceProvider implements DistanceProvider {
  readonly source = 'openrouteservice' as const;
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #fetchImpl: FetchImpl;

  constructor(options: OpenRouteServiceProviderOptions) {
    this.#baseUrl = trimTrailingSlash(options.baseUrl ?? OPENROUTESERVICE_DEFAULT_BASE_URL);
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    this.#fetchImpl = options.fetchImpl ?? fetch;
  }

  async drivingMiles(req: DrivingMilesRequest): Promise<{ miles: number }> {
    const response = await requestProvider({
      providerName: PROVIDER_NAME,
      fetchImpl: this.#fetchImpl,
      url: new URL(`${this.#baseUrl}/v2/directions/driving-car`),
      init: {
        method: 'POST',
        headers: {
          Authorization: this.#apiKey,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify({ coordinates: [toLngLat(req.from), toLngLat(req.to)], units: 'mi' }),
      },
      timeoutMs: this.#timeoutMs,
      signal: req.signal,
    });
    if (!response.ok) {
      const error = orsErrorSchema.safeParse(response.body);
      const code =
        error.success && typeof error.data.error === 'object' && error.data.error.code !== undefined
          ? ` (error code ${error.data.error.code})`
          : '';
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${PROVIDER_NAME} returned HTTP ${response.status}${code}.`,
      );
    }
    const parsed = orsResponseSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${PROVIDER_NAME} returned an unexpected response.`,
      );
    }
    const [route] = parsed.data.routes;
    if (route === undefined) {
      throw new DistanceError('PROVIDER_FAILED', `${PROVIDER_NAME} returned no route.`);
    }
    // units: 'mi' makes summary.distance miles already.
    return { miles: roundMiles(route.summary.distance) };
  }
}
