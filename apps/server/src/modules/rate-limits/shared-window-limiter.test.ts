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
  /** While set, addHits waits for it: a statement still out. */
  gate: Promise<void> | null = null;
  failWith: Error | null = null;

  async addHits(input: {
    hits: readonly { bucket: string; count: number }[];
    now: Date;
    windowMs: number;
  }): Promise<Map<string, CountedHit>> {
    this.calls += 1;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    const counted = new Map<string, CountedHit>();
    for (const { bucket, count } of input.hits) {
      const row = this.rows.get(bucket);
      const isEnded = !row || row.windowStartedAt.getTime() <= input.now.getTime() - input.windowMs;
      const next = isEnded
        ? { hits: count, windowStartedAt: input.now }
        : { hits: row.hits + count, windowStartedAt: row.windowStartedAt };
      this.rows.set(bucket, next);
      counted.set(bucket, next);
    }
    return counted;
  }

  async deleteEndedWindows(): Promise<number> {
    this.sweeps += 1;
    return Promise.resolve(0);
  }
}

function setUp(options: { limit: number; maxRefused?: number; maxQueued?: number }) {
  let nowMs = Date.UTC(2026, 0, 5, 12);
  const store = new CountingStore();
  const counters = new WindowCounters({
    store,
    windowMs: 60_000,
    onSweepError: () => {},
    ...(options.maxQueued ? { maxQueued: options.maxQueued } : {}),
  });
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

  it('sends hits that arrive while a statement is out together, each with its exact count', async () => {
    const { store, limiter } = setUp({ limit: 5 });
    let open = () => {};
    store.gate = new Promise<void>((resolve) => (open = resolve));
    const first = limiter.hit('ip:a');
    const rest = Array.from({ length: 9 }, (_, i) => limiter.hit(i % 3 === 0 ? 'ip:b' : 'ip:a'));
    expect(store.calls).toBe(1);
    store.gate = null;
    open();
    const decisions = await Promise.all([first, ...rest]);
    // One statement for the first hit, one for the nine that waited.
    expect(store.calls).toBe(2);
    // ip:a: 7 hits, limit 5 → exactly 5 allowed with remaining 4…0; ip:b: 3 allowed.
    const a = decisions.filter((_, i) => i === 0 || (i - 1) % 3 !== 0);
    expect(a.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
    expect(a.filter((d) => d.isAllowed)).toHaveLength(5);
    expect(store.rows.get('public-write:ip:a')?.hits).toBe(7);
    expect(store.rows.get('public-write:ip:b')?.hits).toBe(3);
  });

  it('fails every hit of a batch the store refuses, and recovers', async () => {
    const { store, limiter } = setUp({ limit: 5 });
    store.failWith = new Error('connection refused');
    const failed = await Promise.allSettled([limiter.hit('ip:a'), limiter.hit('ip:b')]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    store.failWith = null;
    expect((await limiter.hit('ip:a')).isAllowed).toBe(true);
  });

  it('refuses at once, instead of queueing without end, while the store does not answer', async () => {
    const { store, limiter } = setUp({ limit: 1_000, maxQueued: 5 });
    let open = () => {};
    store.gate = new Promise<void>((resolve) => (open = resolve));
    const waiting = Array.from({ length: 6 }, (_, i) => limiter.hit(`ip:${i}`));
    await expect(limiter.hit('ip:x')).rejects.toThrow(/not keeping up/);
    store.gate = null;
    open();
    expect(await Promise.all(waiting)).toHaveLength(6);
  });
});
