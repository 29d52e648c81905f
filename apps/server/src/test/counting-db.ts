import { createDb, type Database } from '@teppan/db';

/**
 * A second pool on the test database whose every client records the text of what it sends
 * (BEGIN and COMMIT included), for tests that count round trips. `sent` is the shared log;
 * tests clear it with `sent.length = 0`. Destroy the db in `afterAll`.
 */
export function countingDb(url: string): { db: Database; sent: string[] } {
  const sent: string[] = [];
  const { db, pool } = createDb({ url, max: 2 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
      ...args: unknown[]
    ) => {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return query(...args);
    };
  });
  return { db, sent };
}
