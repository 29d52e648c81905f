import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, lockMsAfter, lockSchedule, MAX_LOCK_MS } from './login-throttle.ts';

describe('lockMsAfter', () => {
  it('is free for the first failures, then doubles from one minute up to an hour', () => {
    expect([1, 2, 3, 4].map(lockMsAfter)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11].map((n) => lockMsAfter(n) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60,
    ]);
    expect(lockMsAfter(12)).toBe(MAX_LOCK_MS);
    expect(lockMsAfter(10_000)).toBe(MAX_LOCK_MS);
  });

  it('never shrinks as failures grow', () => {
    for (let n = 1; n < 100; n += 1)
      expect(lockMsAfter(n + 1)).toBeGreaterThanOrEqual(lockMsAfter(n));
  });

  it('has a schedule that ends at the cap, one entry per failure count', () => {
    expect(lockSchedule[FREE_FAILURES - 1]).toBe(0);
    expect(lockSchedule[FREE_FAILURES]).toBe(60_000);
    expect(lockSchedule.at(-1)).toBe(MAX_LOCK_MS);
    expect(lockSchedule.filter((ms) => ms === MAX_LOCK_MS)).toHaveLength(1);
    lockSchedule.forEach((ms, index) => expect(ms).toBe(lockMsAfter(index + 1)));
  });
});
