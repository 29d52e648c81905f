import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

/** A text attachment kept on the outbox row (the .ics is a few hundred bytes of text). */
export interface OutboxAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutboxMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  /** The HTML alternative of `body`; email only. */
  html?: string | null;
  attachments?: readonly OutboxAttachment[];
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
        html: message.html ?? null,
        attachments: json(message.attachments ?? []),
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

  /**
   * The next email due for delivery, row-locked until the caller's transaction ends.
   * SKIP LOCKED lets any number of relays run side by side: each claims a different row,
   * and a row being sent is invisible to the others. Must run inside a transaction.
   */
  claimNextDueEmail() {
    return this.db
      .selectFrom('marketing.outbox')
      .select([
        'id',
        'recipient',
        'subject',
        'body',
        'html',
        'attachments',
        'attempts',
        'template',
        'dedupe_key',
      ])
      .where('status', '=', 'recorded')
      .where('channel', '=', 'email')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
  }

  async markSent(id: number, options: { provider: string }): Promise<void> {
    await this.db
      .updateTable('marketing.outbox')
      .set({
        status: 'sent',
        provider: options.provider,
        sent_at: sql<Date>`now()`,
        attempts: sql<number>`attempts + 1`,
        last_error: null,
      })
      .where('id', '=', id)
      .execute();
  }

  /** `retryInSeconds: null` gives up: the row becomes 'failed' and is never relayed again. */
  async markAttemptFailed(
    id: number,
    options: { error: string; retryInSeconds: number | null },
  ): Promise<void> {
    const { retryInSeconds } = options;
    await this.db
      .updateTable('marketing.outbox')
      .set({
        attempts: sql<number>`attempts + 1`,
        last_error: options.error,
        ...(retryInSeconds === null
          ? { status: 'failed' }
          : { next_attempt_at: sql<Date>`now() + make_interval(secs => ${retryInSeconds})` }),
      })
      .where('id', '=', id)
      .execute();
  }
}

export type DueEmailRow = NonNullable<Awaited<ReturnType<OutboxRepository['claimNextDueEmail']>>>;
