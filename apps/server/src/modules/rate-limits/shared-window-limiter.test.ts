import { describe, expect, it } from 'vitest';
import type { CountedHit } from './rate-limits.repository.ts';
import {
  SharedWindowLimiter,
  WindowCounters,
  type RateLimitStore,
} from './shared-window-limiter.ts';

/** The repository's semantics in memory, counting how often it is asked. */
class CountingStore implements RateLimitStore {
  readonly rows = new Map<string, CountedHit>();
  calls = 0;
  sweeps = 0;

  async countHit(input: { bucket: string; now: Date; windowMs: number }): Promise<CountedHit> {
    this.calls += 1;
    const row = this.rows.get(input.bucket);
    const isEnded = !row || row.windowStartedAt.getTime() <= input.now.getTime() - input.windowMs;
    const next = isEnded
      ? { hits: 1, windowStartedAt: input.now }
      : { hits: row.hits + 1, windowStartedAt: row.windowStartedAt };
    this.rows.set(input.bucket, next);
    return Promise.resolve(next);
  }

  async deleteEndedWindows(): Promise<number> {
    this.sweeps += 1;
    return Promise.resolve(0);
  }
}

function setUp(options: { limit: number; maxRefused?: number }) {
  let nowMs = Date.UTC(2026, 0, 5, 12);
  const store = new CountingStore();
  const counters = new WindowCounters({ store, windowMs: 60_000, onSweepError: () => {} });
  const limiter = new SharedWindowLimiter({
    scope: 'public-write',
    limit: options.limit,
    windowMs: 60_000,
    now: () => new Date(nowMs),
    counters,
    bucketOf: (key) => key,
    ...(options.maxRefused ? { maxRefused: options.maxRefused } : {}),
  });
  return {
    store,
    limiter,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('SharedWindowLimiter', () => {
  it('answers the rest of a refused window without the store, then asks again', async () => {
    const { store, limiter, advance } = setUp({ limit: 2 });
    expect((await limiter.hit('ip:a')).isAllowed).toBe(true);
    expect((await limiter.hit('ip:a')).isAllowed).toBe(true);
    advance(20_000);
    expect(await limiter.hit('ip:a')).toMatchObject({ isAllowed: false, retryAfterSeconds: 40 });
    expect(store.calls).toBe(3);
    for (let i = 0; i < 100; i += 1) expect((await limiter.hit('ip:a')).isAllowed).toBe(false);
    expect(store.calls).toBe(3);
    advance(39_999);
    expect(await limiter.hit('ip:a')).toMatchObject({ isAllowed: false, retryAfterSeconds: 1 });
    expect(store.calls).toBe(3);
    advance(1);
    expect(await limiter.hit('ip:a')).toMatchObject({ isAllowed: true, remaining: 1 });
    expect(store.calls).toBe(4);
  });

  it('remembers at most its bound of refused buckets', async () => {
    const { limiter } = setUp({ limit: 1, maxRefused: 10 });
    for (let i = 0; i < 50; i += 1) {
      await limiter.hit(`ip:${i}`);
      await limiter.hit(`ip:${i}`);
    }
    expect(limiter.refusedCount).toBeLessThanOrEqual(10);
    // A forgotten bucket is still refused: the store has its count.
    expect((await limiter.hit('ip:0')).isAllowed).toBe(false);
  });

  it('sweeps once a window, not once a request', async () => {
    const { store, limiter, advance } = setUp({ limit: 1_000 });
    for (let i = 0; i < 30; i += 1) await limiter.hit(`ip:${i}`);
    expect(store.sweeps).toBe(1);
    advance(59_000);
    await limiter.hit('ip:x');
    expect(store.sweeps).toBe(1);
    advance(1_000);
    await limiter.hit('ip:x');
    expect(store.sweeps).toBe(2);
  });
});
