import type { Database } from '@teppan/db';

/** The audit entry of `action` on `entityId`; throws when there is none. */
export function auditEntryOf(db: Database, entry: { action: string; entityId: string }) {
  return db
    .selectFrom('audit.log')
    .selectAll()
    .where('action', '=', entry.action)
    .where('entity_id', '=', entry.entityId)
    .executeTakeFirstOrThrow();
}
