import { describe, expect, it } from 'vitest';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedSerialQueue', () => {
  it('runs the tasks of one key one at a time, in the order they came', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick();
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((name) => queue.run('k', task(name))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different keys side by side', async () => {
    const queue = new KeyedSerialQueue();
    const gate = deferred();
    const started: string[] = [];
    const first = queue.run('one', async () => {
      started.push('one');
      await gate.promise;
    });
    const second = queue.run('two', async () => {
      started.push('two');
    });
    await second;
    expect(started).toEqual(['one', 'two']);
    gate.resolve();
    await first;
  });

  it('goes on after a failed task and forgets a key once its line is empty', async () => {
    const queue = new KeyedSerialQueue();
    const gate = deferred();
    const failing = queue.run('k', async () => {
      await gate.promise;
      throw new Error('boom');
    });
    const next = queue.run('k', async () => 'after');
    expect(queue.pending('k')).toBe(2);
    gate.resolve();
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
    await tick();
    expect(queue.pending('k')).toBe(0);
    expect((queue as unknown as { lines: Map<string, unknown> }).lines.size).toBe(0);
  });
});
