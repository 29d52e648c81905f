import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './fixed-window-limiter.ts';

function clock(startMs = Date.UTC(2026, 0, 5, 12)) {
  let nowMs = startMs;
  return {
    now: () => new Date(nowMs),
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('FixedWindowLimiter', () => {
  it('allows `limit` hits per window per key, then refuses with the seconds left', () => {
    const time = clock();
    const limiter = new FixedWindowLimiter({ limit: 3, windowMs: 60_000, now: time.now });
    expect([1, 2, 3].map(() => limiter.hit('a').isAllowed)).toEqual([true, true, true]);
    time.advance(15_000);
    const refused = limiter.hit('a');
    expect(refused).toMatchObject({ isAllowed: false, remaining: 0, retryAfterSeconds: 45 });
    // Another key has its own window.
    expect(limiter.hit('b')).toMatchObject({ isAllowed: true, remaining: 2 });
  });

  it('starts a fresh window once the old one has ended', () => {
    const time = clock();
    const limiter = new FixedWindowLimiter({ limit: 1, windowMs: 60_000, now: time.now });
    expect(limiter.hit('a').isAllowed).toBe(true);
    expect(limiter.hit('a').isAllowed).toBe(false);
    time.advance(59_999);
    expect(limiter.hit('a').isAllowed).toBe(false);
    time.advance(1);
    expect(limiter.hit('a')).toMatchObject({ isAllowed: true, retryAfterSeconds: 60 });
  });

  it('never remembers more keys than its bound', () => {
    const time = clock();
    const limiter = new FixedWindowLimiter({
      limit: 1,
      windowMs: 60_000,
      now: time.now,
      maxKeys: 10,
    });
    for (let i = 0; i < 100; i += 1) limiter.hit(`ip-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(10);
    // The newest key is still counted.
    expect(limiter.hit('ip-99').isAllowed).toBe(false);
  });
});
