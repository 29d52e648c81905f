/**
 * Sign-in throttling per (account, IP) with growing delays (issue F5, ADR 0017). Every
 * password check counts as a failure until it succeeds; the first FREE_FAILURES cost
 * nothing, each one after locks that (account, IP) pair for twice as long as the one before,
 * up to MAX_LOCK_MS. A success from an address clears only that address's count, so an
 * attacker elsewhere neither locks a real admin out nor gets unlocked by them.
 */
export const FREE_FAILURES = 4;
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 60 * 60_000;
/** Failures older than this are forgotten: the next one starts a fresh count. */
export const FAILURE_WINDOW_MS = 24 * 3_600_000;

/** How long an (account, IP) pair stays locked after its `failures`-th failure in a row. */
export function lockMsAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  const doublings = failures - FREE_FAILURES - 1;
  // 2^6 minutes already passes the cap; larger exponents only risk overflow.
  return Math.min(FIRST_LOCK_MS * 2 ** Math.min(doublings, 20), MAX_LOCK_MS);
}

/**
 * lockMsAfter(1..n) where n is the first count that reaches the cap: the repository indexes
 * this array in SQL (counts beyond its end use the last entry), so the increment and the
 * lock it implies are one atomic statement.
 */
export const lockSchedule: readonly number[] = (() => {
  const schedule: number[] = [];
  for (let failures = 1; ; failures += 1) {
    schedule.push(lockMsAfter(failures));
    if (lockMsAfter(failures) >= MAX_LOCK_MS) return schedule;
  }
})();
