import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

export class LeadsRepository {
  constructor(private readonly db: Executor) {}

  insert(row: {
    stationId: string | null;
    source: string;
    score: number;
    name: string | null;
    email: string | null;
    phone: string | null;
    details: unknown;
  }) {
    return this.db
      .insertInto('crm.leads')
      .values({
        station_id: row.stationId,
        source: row.source,
        score: row.score,
        name: row.name,
        email: row.email,
        phone: row.phone,
        details: json(row.details),
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  }

  listBySource(source: string) {
    return this.db
      .selectFrom('crm.leads')
      .selectAll()
      .where('source', '=', source)
      .orderBy('created_at')
      .execute();
  }
}
