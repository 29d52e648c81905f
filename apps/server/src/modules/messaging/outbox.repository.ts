import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

export interface OutboxMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  template: string;
  data?: unknown;
  dedupeKey: string;
  bookingId?: string | null;
}

export class OutboxRepository {
  constructor(private readonly db: Executor) {}

  /** Exactly once per dedupe key: a repeated delivery attempt is a no-op. */
  async record(message: OutboxMessage): Promise<{ isNew: boolean }> {
    const inserted = await this.db
      .insertInto('marketing.outbox')
      .values({
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject,
        body: message.body,
        template: message.template,
        data: json(message.data ?? {}),
        dedupe_key: message.dedupeKey,
        booking_id: message.bookingId ?? null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return { isNew: Boolean(inserted) };
  }

  list(options: { limit: number; beforeId?: number; recipient?: string; bookingId?: string }) {
    let query = this.db
      .selectFrom('marketing.outbox')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.beforeId) query = query.where('id', '<', options.beforeId);
    if (options.recipient) query = query.where('recipient', '=', options.recipient);
    if (options.bookingId) query = query.where('booking_id', '=', options.bookingId);
    return query.execute();
  }
}
