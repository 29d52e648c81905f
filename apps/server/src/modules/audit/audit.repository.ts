import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  /**
   * The station of the record the entry is about. Without one (null or left out) the entry
   * is organisation-wide (a sign-in, a staff account, a shared document) and only super admins
   * read it (ADR 0019): forgetting the station hides an entry from admins, never leaks it.
   */
  stationId?: string | null;
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
        station_id: entry.stationId ?? null,
        before: entry.before === undefined ? null : json(entry.before),
        after: entry.after === undefined ? null : json(entry.after),
        ip: entry.ip ?? null,
        request_id: entry.requestId ?? null,
      })
      .execute();
  }

  /** An entry about a booking (or a record of one): it carries the booking's station. */
  async recordForBooking(bookingId: string, entry: Omit<AuditEntry, 'stationId'>): Promise<void> {
    await this.db
      .insertInto('audit.log')
      .values((eb) => ({
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId ?? null,
        station_id: eb.selectFrom('core.bookings').select('station_id').where('id', '=', bookingId),
        before: entry.before === undefined ? null : json(entry.before),
        after: entry.after === undefined ? null : json(entry.after),
        ip: entry.ip ?? null,
        request_id: entry.requestId ?? null,
      }))
      .execute();
  }
}
