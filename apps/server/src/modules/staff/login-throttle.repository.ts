import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../lib/db.ts';

export interface ThrottleKey {
  /** Keyed hash of the normalised email (StaffSecrets.loginThrottleKey). */
  accountKey: string;
  ip: string;
}

export type ThrottleAttempt =
  | { isLocked: true; lockedUntil: Date }
  | { isLocked: false; failures: number; lockedUntil: Date | null };

// Stale rows (mostly guessed emails) are pruned a few at a time by each counted attempt.
const PRUNE_BATCH = 50;

export class LoginThrottleRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Counts one attempt for the pair, unless the pair is locked now, in one statement: the
   * row lock of the upsert serialises concurrent guesses, so a burst cannot pass the limit.
   * `schedule[n - 1]` is the lock in ms that the n-th failure in a row sets (0 = none).
   */
  async countAttempt(
    key: ThrottleKey,
    options: { now: Date; windowStart: Date; schedule: readonly number[] },
  ): Promise<ThrottleAttempt> {
    const { now, windowStart, schedule } = options;
    const failures = sql<number>`case when t.last_failed_at < ${windowStart} then 1 else t.failures + 1 end`;
    const lockFor = (count: RawBuilder<number>) =>
      sql<Date | null>`case when (${sql.val(schedule)}::bigint[])[least(${count}, ${schedule.length})] > 0
        then ${now}::timestamptz + (${sql.val(schedule)}::bigint[])[least(${count}, ${schedule.length})] * interval '1 millisecond'
        else null end`;
    const row = await sql<{ failures: number; locked_until: Date | null }>`
      insert into identity.login_throttle as t (account_key, ip, failures, last_failed_at, locked_until)
      values (${key.accountKey}, ${key.ip}, 1, ${now}, ${lockFor(sql<number>`1`)})
      on conflict (account_key, ip) do update set
        failures = ${failures},
        last_failed_at = ${now},
        locked_until = ${lockFor(failures)}
      where t.locked_until is null or t.locked_until <= ${now}
      returning t.failures, t.locked_until`
      .execute(this.db)
      .then((result) => result.rows[0]);
    await this.pruneStale({ before: windowStart, now });
    if (row) return { isLocked: false, failures: row.failures, lockedUntil: row.locked_until };
    const locked = await this.db
      .selectFrom('identity.login_throttle')
      .select('locked_until')
      .where('account_key', '=', key.accountKey)
      .where('ip', '=', key.ip)
      .executeTakeFirst();
    // The lock that refused the upsert cannot vanish in between but by a success or a reset;
    // either way this attempt was made while it held.
    return { isLocked: true, lockedUntil: locked?.locked_until ?? now };
  }

  /** A success from this address: its count starts again; other addresses keep theirs. */
  async clear(key: ThrottleKey): Promise<void> {
    await this.db
      .deleteFrom('identity.login_throttle')
      .where('account_key', '=', key.accountKey)
      .where('ip', '=', key.ip)
      .execute();
  }

  /** A new password (reset): every address starts again. */
  async clearAccount(accountKey: string): Promise<void> {
    await this.db
      .deleteFrom('identity.login_throttle')
      .where('account_key', '=', accountKey)
      .execute();
  }

  private async pruneStale(options: { before: Date; now: Date }): Promise<void> {
    await sql`
      delete from identity.login_throttle where ctid in (
        select ctid from identity.login_throttle
        where last_failed_at < ${options.before}
          and (locked_until is null or locked_until <= ${options.now})
        limit ${PRUNE_BATCH})`.execute(this.db);
  }
}
