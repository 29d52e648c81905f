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
  addHits(input: {
    hits: readonly { bucket: string; count: number }[];
    now: Date;
    windowMs: number;
  }): Promise<Map<string, CountedHit>>;
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

interface Waiting {
  bucket: string;
  now: Date;
  resolve: (counted: CountedHit) => void;
  reject: (error: unknown) => void;
}

/**
 * The store as this process uses it: hits are sent as they come, one statement at a time;
 * hits that arrive while a statement is out go together in the next one (group commit).
 * An idle server pays one round trip per hit; a busy one pays one per batch, so counting
 * does not double the statements of a route that makes one or two of its own. Each hit
 * still gets its own exact count: k hits on a bucket that reached n get n-k+1 … n.
 *
 * Once a window this process also deletes the buckets whose window has ended, off the
 * request path. Every instance does so; a second sweep finds little. So the table holds
 * about one window's callers, however many distinct keys a flood brings.
 */
export class WindowCounters {
  private lastSweepMs = Number.NEGATIVE_INFINITY;
  private queue: Waiting[] = [];
  private isSending = false;
  private readonly maxBatch: number;
  private readonly maxQueued: number;

  constructor(
    private readonly options: {
      store: RateLimitStore;
      windowMs: number;
      onSweepError: (error: unknown) => void;
      /** Most hits in one statement (default 500); the rest wait for the next. */
      maxBatch?: number;
      /** Most hits waiting for the store (default 10,000). */
      maxQueued?: number;
    },
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  countHit(input: { bucket: string; now: Date }): Promise<CountedHit> {
    this.sweepIfDue(input.now);
    // A store that stops answering must not make the queue grow without end: past the
    // bound the hit fails at once, which the caller answers with 503.
    if (this.queue.length >= this.maxQueued)
      return Promise.reject(new Error('rate-limit store is not keeping up'));
    return new Promise<CountedHit>((resolve, reject) => {
      this.queue.push({ ...input, resolve, reject });
      // Deliberately not awaited: the hits resolve through their own promises.
      if (!this.isSending) void this.sendQueued();
    });
  }

  private async sendQueued(): Promise<void> {
    this.isSending = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.send(batch);
      }
    } finally {
      this.isSending = false;
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    const byBucket = new Map<string, Waiting[]>();
    let nowMs = 0;
    for (const waiting of batch) {
      const same = byBucket.get(waiting.bucket);
      if (same) same.push(waiting);
      else byBucket.set(waiting.bucket, [waiting]);
      nowMs = Math.max(nowMs, waiting.now.getTime());
    }
    let counted: Map<string, CountedHit>;
    try {
      counted = await this.options.store.addHits({
        hits: [...byBucket].map(([bucket, waiting]) => ({ bucket, count: waiting.length })),
        now: new Date(nowMs),
        windowMs: this.options.windowMs,
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const [bucket, waiting] of byBucket) {
      const total = counted.get(bucket);
      if (!total) {
        const missing = new Error('rate-limit store returned no count for a bucket');
        for (const each of waiting) each.reject(missing);
        continue;
      }
      waiting.forEach((each, index) =>
        each.resolve({
          hits: total.hits - waiting.length + 1 + index,
          windowStartedAt: total.windowStartedAt,
        }),
      );
    }
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
