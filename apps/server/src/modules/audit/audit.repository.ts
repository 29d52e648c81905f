import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  requestId?: string | null;
}

export class AuditRepository {
  constructor(private readonly db: Executor) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit.log')
      .values({
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId ?? null,
        before: entry.before === undefined ? null : json(entry.before),
        after: entry.after === undefined ? null : json(entry.after),
        ip: entry.ip ?? null,
        request_id: entry.requestId ?? null,
      })
      .execute();
  }
}
