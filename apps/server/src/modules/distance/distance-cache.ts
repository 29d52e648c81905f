import { roundHalfUp } from './distance.math.ts';
import type { Coordinates, DistanceSource } from './distance.types.ts';

export interface CachedDistance {
  miles: number;
  source: DistanceSource;
}

export interface DistanceCacheEntry extends CachedDistance {
  key: string;
  expiresAt: Date;
}

/** Implemented in memory here and by the lead's PostgreSQL store. */
export interface DistanceCacheStore {
  /** Returns null when absent or when `expiresAt <= now`. */
  get(key: string, now: Date): Promise<CachedDistance | null>;
  /** Upsert: a later entry for the same key replaces the earlier one. */
  set(entry: DistanceCacheEntry): Promise<void>;
}

const formatPoint = (point: Coordinates): string =>
  `${roundHalfUp(point.lat, 3).toFixed(3)},${roundHalfUp(point.lng, 3).toFixed(3)}`;

/** The form of an address that decides whether two lookups are the same one. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * SPEC §3: keyed on coordinates rounded to 3 decimals (~110 m), e.g.
 * `37.549,-121.989->37.338,-121.886`. When a street address was sent to a provider, a keyed
 * hash of the normalised address is appended (every address in a ZIP shares the centroid and
 * would otherwise share one cached distance). The address itself never enters the key: keys
 * are stored in `core.distance_cache` and appear in log lines.
 */
export function cacheKey(req: {
  from: Coordinates;
  to: Coordinates;
  addressDigest?: string;
}): string {
  const base = `${formatPoint(req.from)}->${formatPoint(req.to)}`;
  return req.addressDigest ? `${base}|${req.addressDigest}` : base;
}

export class InMemoryDistanceCacheStore implements DistanceCacheStore {
  readonly #entries = new Map<string, { miles: number; source: DistanceSource; expiresAt: Date }>();

  get(key: string, now: Date): Promise<CachedDistance | null> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return Promise.resolve(null);
    if (entry.expiresAt.getTime() <= now.getTime()) {
      this.#entries.delete(key);
      return Promise.resolve(null);
    }
    return Promise.resolve({ miles: entry.miles, source: entry.source });
  }

  set(entry: DistanceCacheEntry): Promise<void> {
    this.#entries.set(entry.key, {
      miles: entry.miles,
      source: entry.source,
      expiresAt: new Date(entry.expiresAt.getTime()),
    });
    return Promise.resolve();
  }

  get size(): number {
    return this.#entries.size;
  }
}
