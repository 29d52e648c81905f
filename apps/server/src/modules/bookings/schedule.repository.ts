import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

export class ScheduleRepository {
  constructor(private readonly db: Executor) {}

  insertMany(
    rows: { bookingId?: string | null; holdId?: string | null; kind: string; dueAt: Date }[],
  ) {
    if (rows.length === 0) return Promise.resolve([]);
    return this.db
      .insertInto('core.scheduled_messages')
      .values(
        rows.map((row) => ({
          booking_id: row.bookingId ?? null,
          hold_id: row.holdId ?? null,
          kind: row.kind,
          due_at: row.dueAt,
        })),
      )
      .returning(['id', 'due_at', 'kind'])
      .execute();
  }

  /** Drops the planned (not yet processed) messages of a booking or hold, optionally by kind. */
  async cancelPlanned(target: {
    bookingId?: string;
    holdId?: string;
    kinds?: readonly string[];
  }): Promise<void> {
    let query = this.db
      .updateTable('core.scheduled_messages')
      .set({ status: 'cancelled', processed_at: sql`now()` })
      .where('status', '=', 'planned');
    if (target.bookingId) query = query.where('booking_id', '=', target.bookingId);
    if (target.holdId) query = query.where('hold_id', '=', target.holdId);
    if (target.kinds) query = query.where('kind', 'in', target.kinds);
    await query.execute();
  }

  find(id: string) {
    return this.db
      .selectFrom('core.scheduled_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findForUpdate(id: string) {
    return this.db
      .selectFrom('core.scheduled_messages')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async markProcessed(id: string, status: 'done' | 'skipped', outcome: string): Promise<void> {
    await this.db
      .updateTable('core.scheduled_messages')
      .set({ status, outcome, processed_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Planned messages already due for a while: the sweeper's backlog after a crash. */
  listOverdue(options: { graceSeconds: number; limit: number }) {
    return this.db
      .selectFrom('core.scheduled_messages')
      .select(['id'])
      .where('status', '=', 'planned')
      .where('due_at', '<=', sql<Date>`now() - make_interval(secs => ${options.graceSeconds})`)
      .orderBy('due_at')
      .limit(options.limit)
      .execute();
  }
}
