export interface RateDecision {
  isAllowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window that refused (or counted) this hit ends. */
  retryAfterSeconds: number;
}

interface Window {
  startedAtMs: number;
  count: number;
}

/**
 * Fixed one-window counters kept in this process's memory. Each server process counts on
 * its own, so N instances allow up to N × limit (docs/decisions/0008-rate-limits.md). The
 * clock is injected so tests can move past a window without waiting.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;

  constructor(
    private readonly options: {
      limit: number;
      windowMs: number;
      now: () => Date;
      /** Bound on remembered keys (IPs, staff ids); old windows are swept past it. */
      maxKeys?: number;
    },
  ) {
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  hit(key: string): RateDecision {
    const { limit, windowMs } = this.options;
    const nowMs = this.options.now().getTime();
    let window = this.windows.get(key);
    if (!window || nowMs - window.startedAtMs >= windowMs || nowMs < window.startedAtMs) {
      if (!window) this.makeRoom(nowMs);
      window = { startedAtMs: nowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((window.startedAtMs + windowMs - nowMs) / 1000),
    );
    return {
      isAllowed: window.count <= limit,
      limit,
      remaining: Math.max(0, limit - window.count),
      retryAfterSeconds,
    };
  }

  /** How many keys are remembered (for tests of the memory bound). */
  get size(): number {
    return this.windows.size;
  }

  // A flood of distinct keys (spoofed IPs, random bearer tokens) must not grow memory without
  // bound: drop finished windows first, then the oldest ones.
  private makeRoom(nowMs: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, window] of this.windows)
      if (nowMs - window.startedAtMs >= this.options.windowMs) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
