interface Line {
  tail: Promise<void>;
  pending: number;
}

/**
 * Runs tasks one at a time per key, in the order they were added; different keys run side by
 * side. Waiting costs memory only: nothing is checked out or locked while a task waits.
 */
export class KeyedSerialQueue {
  private readonly lines = new Map<string, Line>();

  /** Tasks of `key` queued or running. */
  pending(key: string): number {
    return this.lines.get(key)?.pending ?? 0;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let line = this.lines.get(key);
    if (!line) {
      line = { tail: Promise.resolve(), pending: 0 };
      this.lines.set(key, line);
    }
    const current = line;
    current.pending += 1;
    const result = current.tail.then(task);
    // The tail never rejects, so one failed task does not stop the ones behind it.
    current.tail = result.then(
      () => this.done(key, current),
      () => this.done(key, current),
    );
    return result;
  }

  private done(key: string, line: Line): void {
    line.pending -= 1;
    if (line.pending === 0 && this.lines.get(key) === line) this.lines.delete(key);
  }
}
