import type { FieldCrypto } from '@teppan/db/field-crypto';
import {
  hasLinkToken,
  openOutboxContent,
  sealOutboxContent,
  withoutSecrets,
  type OutboxContent,
} from '@teppan/db/outbox-secrets';
import { contactIndex, PII_CONTEXT } from '@teppan/db/pii';
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
  /**
   * Secrets in the content: link tokens, a customer's contact details in a staff alert. The
   * row keeps the message with each replaced by "[removed]"; the original stays sealed
   * (encrypted) only until it is sent, fails for good, or `expiresAt` passes (ADR 0016).
   */
  secrets?: { values: readonly string[]; expiresAt: Date };
}

/** What became of a message's secrets: none, still sealed, or removed (sent or expired). */
export type OutboxSecretState = 'none' | 'sealed' | 'removed';

const secretStateOf = (row: {
  sealed: string | null;
  secrets_expire_at: Date | null;
}): OutboxSecretState =>
  row.sealed !== null ? 'sealed' : row.secrets_expire_at !== null ? 'removed' : 'none';

export class OutboxRepository {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  private recipientIndex(channel: string, recipient: string): string | null {
    return contactIndex(this.crypto, channel === 'email' ? 'email' : 'phone', recipient);
  }

  /** Exactly once per dedupe key: a repeated delivery attempt is a no-op. */
  async record(message: OutboxMessage): Promise<{ isNew: boolean }> {
    const content: OutboxContent = {
      body: message.body,
      html: message.html ?? null,
      attachments: [...(message.attachments ?? [])],
    };
    const stored = message.secrets ? withoutSecrets(content, message.secrets.values) : content;
    // A link token nobody declared would stay readable for good: refuse (a bug in the caller).
    if (hasLinkToken(stored))
      throw new Error(
        `outbox ${message.template}: a link token would be stored readable; pass it in \`secrets\``,
      );
    const inserted = await this.db
      .insertInto('marketing.outbox')
      .values({
        channel: message.channel,
        recipient: this.crypto.encrypt(message.recipient, PII_CONTEXT.outboxRecipient),
        recipient_index: this.recipientIndex(message.channel, message.recipient),
        subject: message.subject,
        body: stored.body,
        html: stored.html,
        attachments: json(stored.attachments),
        sealed: message.secrets ? sealOutboxContent(this.crypto, content) : null,
        secrets_expire_at: message.secrets?.expiresAt ?? null,
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

  /**
   * Newest first, recipients decrypted. `original` is the sealed content while the message
   * still has it (for the development outbox only); null once sent or expired.
   */
  async list(options: {
    limit: number;
    beforeId?: number;
    recipient?: string;
    bookingId?: string;
  }) {
    let query = this.db
      .selectFrom('marketing.outbox')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.beforeId) query = query.where('id', '<', options.beforeId);
    if (options.recipient) {
      // An email or a number: either blind index may match (the channel is not given).
      const indexes = [
        contactIndex(this.crypto, 'email', options.recipient),
        contactIndex(this.crypto, 'phone', options.recipient),
      ].filter((index): index is string => index !== null);
      if (indexes.length === 0) return [];
      query = query.where('recipient_index', 'in', indexes);
    }
    if (options.bookingId) query = query.where('booking_id', '=', options.bookingId);
    const rows = await query.execute();
    return rows.map(({ sealed, ...row }) => ({
      ...row,
      recipient: this.crypto.decrypt(row.recipient, PII_CONTEXT.outboxRecipient),
      secretState: secretStateOf({ sealed, secrets_expire_at: row.secrets_expire_at }),
      original: sealed ? openOutboxContent(this.crypto, sealed) : null,
    }));
  }

  /**
   * The next email due for delivery, row-locked until the caller's transaction ends, with
   * the recipient decrypted and the sealed original (if any) in place of the stored copy.
   * `isSecretGone`: it carried a secret that expired unsent, so only the copy without it is
   * left, which must not go out. SKIP LOCKED lets any number of relays run side by side:
   * each claims a different row, and a row being sent is invisible to the others. Must run
   * inside a transaction.
   */
  /**
   * Claims the next due email for `leaseSeconds` in one statement: its next attempt moves
   * past the lease, so no other relay takes it meanwhile, and nothing stays locked while it
   * is sent. A relay that dies mid-send leaves it due again once the lease has passed.
   */
  async claimNextDueEmail(options: { leaseSeconds: number }) {
    return this.claimNextDue('email', options);
  }

  /** The claim of claimNextDueEmail for any channel (the SMS relay claims texts with it). */
  async claimNextDue(channel: 'email' | 'sms', options: { leaseSeconds: number }) {
    const row = await this.db
      .updateTable('marketing.outbox')
      .set({
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${options.leaseSeconds})`,
      })
      .where('id', '=', (eb) =>
        eb
          .selectFrom('marketing.outbox')
          .select('id')
          .where('status', '=', 'recorded')
          .where('channel', '=', channel)
          .where('next_attempt_at', '<=', sql<Date>`now()`)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning([
        'id',
        'recipient',
        'subject',
        'body',
        'html',
        'attachments',
        'attempts',
        'template',
        'dedupe_key',
        'sealed',
        'secrets_expire_at',
      ])
      .executeTakeFirst();
    if (!row) return undefined;
    const { sealed, secrets_expire_at, ...rest } = row;
    const original = sealed ? openOutboxContent(this.crypto, sealed) : null;
    return {
      ...rest,
      recipient: this.crypto.decrypt(row.recipient, PII_CONTEXT.outboxRecipient),
      ...(original
        ? { body: original.body, html: original.html, attachments: original.attachments }
        : {}),
      isSecretGone: secretStateOf({ sealed, secrets_expire_at }) === 'removed',
    };
  }

  /** Sent: the sealed original goes, so the token is readable nowhere any more. */
  async markSent(id: number, options: { provider: string }): Promise<void> {
    await this.db
      .updateTable('marketing.outbox')
      .set({
        status: 'sent',
        provider: options.provider,
        sent_at: sql<Date>`now()`,
        attempts: sql<number>`attempts + 1`,
        last_error: null,
        sealed: null,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * `retryInSeconds: null` gives up: the row becomes 'failed' (never relayed again) and
   * loses its sealed original.
   */
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
          ? { status: 'failed', sealed: null }
          : { next_attempt_at: sql<Date>`now() + make_interval(secs => ${retryInSeconds})` }),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Sealed originals whose secrets expired, sent or not, are removed; returns how many. */
  async purgeExpiredSecrets(): Promise<number> {
    const result = await this.db
      .updateTable('marketing.outbox')
      .set({ sealed: null })
      .where('sealed', 'is not', null)
      .where('secrets_expire_at', '<=', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

export type DueEmailRow = NonNullable<Awaited<ReturnType<OutboxRepository['claimNextDueEmail']>>>;
export type OutboxListRow = Awaited<ReturnType<OutboxRepository['list']>>[number];
