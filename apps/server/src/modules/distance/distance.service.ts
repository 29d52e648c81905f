import { cacheKey, normaliseAddress } from './distance-cache.ts';
import type { DistanceCacheStore } from './distance-cache.ts';
import { isDistanceError } from './distance.error.ts';
import { roundMiles } from '@teppan/core';
import type {
  Coordinates,
  DistanceProvider,
  DistanceResult,
  DistanceSource,
  Geocoder,
  VenueLocation,
} from './distance.types.ts';
import { EstimateProvider } from './estimate.provider.ts';
import { GoogleDistanceProvider } from './google.provider.ts';
import { OpenRouteServiceProvider } from './openrouteservice.provider.ts';
import { OsrmProvider } from './osrm.provider.ts';
import { normalizeZip } from './zip-geocoder.ts';

export const DEFAULT_CACHE_DAYS = 7;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** pino-compatible subset. */
export interface DistanceLogger {
  warn(obj: object, msg: string): void;
}

export interface DistanceServiceOptions {
  /** In priority order: google, openrouteservice, osrm. */
  providers: DistanceProvider[];
  fallback: EstimateProvider;
  geocoder: Geocoder;
  cache: DistanceCacheStore;
  /** Keyed hash (FieldCrypto) of a normalised street address for the cache key. */
  hashAddress: (normalisedAddress: string) => string;
  cacheDays?: number;
  now?: () => Date;
  logger?: DistanceLogger;
}

export interface MeasureRequest {
  /** The station the chef drives from. */
  from: Coordinates;
  venue: VenueLocation;
  signal?: AbortSignal;
}

export class DistanceService {
  readonly #providers: readonly DistanceProvider[];
  readonly #fallback: EstimateProvider;
  readonly #geocoder: Geocoder;
  readonly #cache: DistanceCacheStore;
  readonly #hashAddress: (normalisedAddress: string) => string;
  readonly #cacheMs: number;
  readonly #now: () => Date;
  readonly #logger: DistanceLogger | undefined;

  constructor(options: DistanceServiceOptions) {
    this.#providers = [...options.providers];
    this.#fallback = options.fallback;
    this.#geocoder = options.geocoder;
    this.#cache = options.cache;
    this.#hashAddress = options.hashAddress;
    this.#cacheMs = (options.cacheDays ?? DEFAULT_CACHE_DAYS) * MS_PER_DAY;
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger;
  }

  /** Throws DistanceError ZIP_NOT_FOUND (from the geocoder); provider failures never escape. */
  async measure(req: MeasureRequest): Promise<DistanceResult> {
    const destination = await this.#geocoder.geocode(req.venue);
    const origin = req.from;
    // Offline, the estimate is pure arithmetic: cheaper than a cache round trip, and an
    // estimate never depends on anything that could change, so it is not cached at all.
    if (this.#providers.length === 0) {
      const miles = this.#fallback.estimateMiles({ from: origin, to: destination });
      return { miles, source: this.#fallback.source, origin, destination, cached: false };
    }
    const toAddress = this.#providers.length > 0 ? routableAddress(req.venue) : undefined;
    const key = cacheKey({
      from: origin,
      to: destination,
      ...(toAddress ? { addressDigest: this.#hashAddress(normaliseAddress(toAddress)) } : {}),
    });

    const hit = await this.#readCache(key);
    if (hit !== null) {
      return { miles: hit.miles, source: hit.source, origin, destination, cached: true };
    }

    const measured = await this.#measureWithProviders({
      from: origin,
      to: destination,
      toAddress,
      signal: req.signal,
    });
    const fromProvider = measured !== null;
    const result = measured ?? {
      miles: this.#fallback.estimateMiles({ from: origin, to: destination }),
      source: this.#fallback.source,
    };

    // An estimate made because configured providers failed is not cached: it is free to
    // recompute, and caching it would pin estimated quotes for cacheDays after a brief outage.
    if (fromProvider) {
      await this.#writeCache({ key, miles: result.miles, source: result.source });
    }
    return { ...result, origin, destination, cached: false };
  }

  async #measureWithProviders(req: {
    from: Coordinates;
    to: Coordinates;
    toAddress: string | undefined;
    signal: AbortSignal | undefined;
  }): Promise<{ miles: number; source: DistanceSource } | null> {
    for (const provider of this.#providers) {
      req.signal?.throwIfAborted();
      try {
        const { miles } = await provider.drivingMiles({
          from: req.from,
          to: req.to,
          ...(req.toAddress === undefined ? {} : { toAddress: req.toAddress }),
          ...(req.signal === undefined ? {} : { signal: req.signal }),
        });
        if (!Number.isFinite(miles) || miles < 0) {
          throw new RangeError(`provider returned invalid miles: ${miles}`);
        }
        return { miles: roundMiles(miles), source: provider.source };
      } catch (error) {
        // A caller that gave up should not wait for the rest of the chain.
        req.signal?.throwIfAborted();
        this.#logger?.warn(
          { source: provider.source, err: describeError(error) },
          'distance provider failed; trying the next one',
        );
      }
    }
    return null;
  }

  // The cache is an optimisation: a database hiccup must not stop a quote.
  async #readCache(key: string): Promise<{ miles: number; source: DistanceSource } | null> {
    try {
      return await this.#cache.get(key, this.#now());
    } catch (error) {
      this.#logger?.warn({ key, err: describeError(error) }, 'distance cache read failed');
      return null;
    }
  }

  async #writeCache(entry: { key: string; miles: number; source: DistanceSource }): Promise<void> {
    try {
      const expiresAt = new Date(this.#now().getTime() + this.#cacheMs);
      await this.#cache.set({ ...entry, expiresAt });
    } catch (error) {
      this.#logger?.warn(
        { key: entry.key, err: describeError(error) },
        'distance cache write failed',
      );
    }
  }
}

/** Adds the ZIP so a bare street line ("12 Main St") is not matched in another town. */
function routableAddress(venue: VenueLocation): string | undefined {
  const address = venue.address?.trim();
  if (!address) return undefined;
  const zip5 = normalizeZip(venue.zip);
  return zip5 === null || address.includes(zip5) ? address : `${address}, ${zip5}`;
}

// Logs only code and message: provider errors are built without secrets, and raw fetch
// errors are never passed through whole.
function describeError(error: unknown): { code?: string; message: string } {
  if (isDistanceError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { message: error.message };
  return { message: String(error) };
}

export interface DistanceProvidersConfig {
  googleApiKey?: string;
  googleBaseUrl?: string;
  orsApiKey?: string;
  orsBaseUrl?: string;
  osrmBaseUrl?: string;
  circuityFactor: number;
  timeoutMs?: number;
}

/** Builds the provider chain from config; a provider is included only when configured. */
export function createDistanceProviders(config: DistanceProvidersConfig): {
  providers: DistanceProvider[];
  fallback: EstimateProvider;
} {
  const shared = config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs };
  const providers: DistanceProvider[] = [];
  if (config.googleApiKey) {
    providers.push(
      new GoogleDistanceProvider({
        ...shared,
        apiKey: config.googleApiKey,
        ...(config.googleBaseUrl ? { baseUrl: config.googleBaseUrl } : {}),
      }),
    );
  }
  if (config.orsApiKey) {
    providers.push(
      new OpenRouteServiceProvider({
        ...shared,
        apiKey: config.orsApiKey,
        ...(config.orsBaseUrl ? { baseUrl: config.orsBaseUrl } : {}),
      }),
    );
  }
  if (config.osrmBaseUrl) {
    providers.push(new OsrmProvider({ ...shared, baseUrl: config.osrmBaseUrl }));
  }
  return { providers, fallback: new EstimateProvider({ circuityFactor: config.circuityFactor }) };
}
