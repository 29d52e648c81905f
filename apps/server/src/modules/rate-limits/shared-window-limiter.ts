import type { CountedHit } from './rate-limits.repository.ts';

export interface RateDecision {
  isAllowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window that refused (or counted) this hit ends, 1 at least. */
  retryAfterSeconds: number;
}

/** What a route's limit needs: count one hit for a caller and say whether it may pass. */
export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

/** The store every instance shares (PostgreSQL: RateLimitsRepository). */
export interface RateLimitStore {
  countHit(input: { bucket: string; now: Date; windowMs: number }): Promise<CountedHit>;
  deleteEndedWindows(input: { now: Date; windowMs: number }): Promise<number>;
}

/** Pure: the decision for a counted hit. */
export function decideHit(input: {
  counted: CountedHit;
  limit: number;
  windowMs: number;
  now: Date;
}): RateDecision {
  const { counted, limit, windowMs } = input;
  const endsInMs = counted.windowStartedAt.getTime() + windowMs - input.now.getTime();
  // Another instance's clock may be a little ahead or behind: never less than 1 s or more
  // than one window.
  const retryAfterSeconds = Math.min(
    Math.ceil(windowMs / 1000),
    Math.max(1, Math.ceil(endsInMs / 1000)),
  );
  return {
    isAllowed: counted.hits <= limit,
    limit,
    remaining: Math.max(0, limit - counted.hits),
    retryAfterSeconds,
  };
}

/**
 * Fixed one-window counters in a store every instance shares, so N instances give a caller
 * one limit (docs/decisions/0015-shared-rate-limits.md). A window starts at a bucket's first
 * hit. Buckets are `bucketOf(scope:key)`, a keyed hash: no raw IP or token is stored.
 *
 * A bucket refused once stays refused until its window ends (counts only grow inside a
 * window), so this process remembers the refusal and answers the rest of a flood without
 * the store. At most `maxRefused` buckets are remembered.
 */
export class SharedWindowLimiter implements RateLimiter {
  private readonly refused = new Map<string, CountedHit>();
  private readonly maxRefused: number;

  constructor(
    private readonly options: {
      scope: string;
      limit: number;
      windowMs: number;
      now: () => Date;
      counters: WindowCounters;
      bucketOf: (scopedKey: string) => string;
      maxRefused?: number;
    },
  ) {
    this.maxRefused = options.maxRefused ?? 10_000;
  }

  async hit(key: string): Promise<RateDecision> {
    const { scope, limit, windowMs } = this.options;
    const now = this.options.now();
    const bucket = this.options.bucketOf(`${scope}:${key}`);
    const known = this.refused.get(bucket);
    if (known && this.isWithinWindow(known, now))
      return decideHit({ counted: known, limit, windowMs, now });
    if (known) this.refused.delete(bucket);
    const counted = await this.options.counters.countHit({ bucket, now });
    const decision = decideHit({ counted, limit, windowMs, now });
    if (!decision.isAllowed) this.rememberRefusal(bucket, counted, now);
    return decision;
  }

  /** Buckets this process refuses without asking the store (for tests of the bound). */
  get refusedCount(): number {
    return this.refused.size;
  }

  private isWithinWindow(counted: CountedHit, now: Date): boolean {
    const nowMs = now.getTime();
    const startMs = counted.windowStartedAt.getTime();
    return nowMs >= startMs && nowMs < startMs + this.options.windowMs;
  }

  private rememberRefusal(bucket: string, counted: CountedHit, now: Date): void {
    if (this.refused.size >= this.maxRefused) {
      for (const [key, value] of this.refused)
        if (!this.isWithinWindow(value, now)) this.refused.delete(key);
      // Still full: forget the oldest; they only go back to asking the store.
      for (const key of this.refused.keys()) {
        if (this.refused.size < this.maxRefused) break;
        this.refused.delete(key);
      }
    }
    this.refused.set(bucket, counted);
  }
}

/**
 * The store plus its sweep: once a window, this process deletes the buckets whose window has
 * ended, off the request path. Every instance does so; a second sweep finds little. So the
 * table holds about one window's callers, however many distinct keys a flood brings.
 */
export class WindowCounters {
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: {
      store: RateLimitStore;
      windowMs: number;
      onSweepError: (error: unknown) => void;
    },
  ) {}

  countHit(input: { bucket: string; now: Date }): Promise<CountedHit> {
    this.sweepIfDue(input.now);
    return this.options.store.countHit({ ...input, windowMs: this.options.windowMs });
  }

  private sweepIfDue(now: Date): void {
    const { windowMs, store, onSweepError } = this.options;
    const nowMs = now.getTime();
    if (nowMs - this.lastSweepMs < windowMs && nowMs >= this.lastSweepMs) return;
    this.lastSweepMs = nowMs;
    // Deliberately not awaited: no request waits for the sweep, and a failed sweep only
    // leaves rows that the next one deletes.
    void store.deleteEndedWindows({ now, windowMs }).catch(onSweepError);
  }
}
