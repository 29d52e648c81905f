import { z } from 'zod';
import { DistanceError } from './distance.error.ts';
import { metersToMiles } from './distance.math.ts';
import type { Coordinates, DistanceProvider, DrivingMilesRequest } from './distance.types.ts';
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  redact,
  requestProvider,
  trimTrailingSlash,
} from './provider-http.ts';
import type { FetchImpl, HttpProviderOptions } from './provider-http.ts';

export const GOOGLE_DEFAULT_BASE_URL = 'https://maps.googleapis.com';

const PROVIDER_NAME = 'Google Distance Matrix';

// https://developers.google.com/maps/documentation/distance-matrix/distance-matrix#DistanceMatrixResponse
const googleResponseSchema = z.object({
  status: z.string(),
  error_message: z.string().optional(),
  rows: z
    .array(
      z.object({
        elements: z.array(
          z.object({
            status: z.string(),
            distance: z.object({ value: z.number().nonnegative() }).optional(),
          }),
        ),
      }),
    )
    .default([]),
});

export interface GoogleProviderOptions extends Partial<HttpProviderOptions> {
  apiKey: string;
}

const formatPoint = (point: Coordinates): string => `${point.lat},${point.lng}`;

export class GoogleDistanceProvider implements DistanceProvider {
  readonly source = 'google' as const;
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #fetchImpl: FetchImpl;

  constructor(options: GoogleProviderOptions) {
    this.#baseUrl = trimTrailingSlash(options.baseUrl ?? GOOGLE_DEFAULT_BASE_URL);
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    this.#fetchImpl = options.fetchImpl ?? fetch;
  }

  async drivingMiles(req: DrivingMilesRequest): Promise<{ miles: number }> {
    const url = new URL(`${this.#baseUrl}/maps/api/distancematrix/json`);
    url.searchParams.set('origins', formatPoint(req.from));
    // An address routes to the door; the ZIP centroid can be miles off in rural ZIPs.
    url.searchParams.set('destinations', req.toAddress ?? formatPoint(req.to));
    url.searchParams.set('units', 'imperial');
    url.searchParams.set('key', this.#apiKey);

    const response = await requestProvider({
      providerName: PROVIDER_NAME,
      fetchImpl: this.#fetchImpl,
      url,
      timeoutMs: this.#timeoutMs,
      signal: req.signal,
    });
    if (!response.ok) {
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${PROVIDER_NAME} returned HTTP ${response.status}.`,
      );
    }
    const parsed = googleResponseSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${PROVIDER_NAME} returned an unexpected response.`,
      );
    }
    const body = parsed.data;
    if (body.status !== 'OK') {
      const detail = body.error_message ? `: ${redact(body.error_message, this.#apiKey)}` : '';
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${PROVIDER_NAME} returned ${body.status}${detail}`,
      );
    }
    const element = body.rows[0]?.elements[0];
    if (element === undefined) {
      throw new DistanceError('PROVIDER_FAILED', `${PROVIDER_NAME} returned no route element.`);
    }
    if (element.status === 'NOT_FOUND' && req.toAddress !== undefined) {
      // The service treats this like any provider failure and falls back to coordinates.
      throw new DistanceError('ADDRESS_NOT_FOUND', `${PROVIDER_NAME} could not find the address.`);
    }
    if (element.status !== 'OK' || element.distance === undefined) {
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${PROVIDER_NAME} element status ${element.status}.`,
      );
    }
    return { miles: metersToMiles(element.distance.value) };
  }
}
