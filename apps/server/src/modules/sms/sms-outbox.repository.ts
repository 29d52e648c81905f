import type { FieldCrypto } from '@teppan/db/field-crypto';
import { contactIndex } from '@teppan/db/pii';
import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';

/**
 * The SMS side of marketing.outbox: claims, outcomes and delivery status. Every method is one
 * statement, so nothing stays locked while RingCentral is called (ADR 0014); a claim moves
 * the row's next attempt a lease ahead, like the mail relay's (OutboxRepository).
 */
export class SmsOutboxRepository {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  /** The next text due, claimed for `leaseSeconds`, recipient decrypted, sealed body opened. */
  async claimNextDueSms(options: { leaseSeconds: number }) {
    const row = await new OutboxRepository(this.db, this.crypto).claimNextDue('sms', options);
    if (!row) return undefined;
    const { id, recipient, body, attempts, template, isSecretGone } = row;
    return { id, recipient, body, attempts, template, isSecretGone };
  }

  /** The SMS consent ledger rows of a number (blind index), for `consentsInForce`. */
  async listSmsConsents(phone: string) {
    const index = contactIndex(this.crypto, 'phone', phone);
    if (!index) return [];
    return this.db
      .selectFrom('marketing.consents')
      .select(['id', 'channel', 'purpose', 'status', 'source', 'at'])
      .where('phone_index', '=', index)
      .where('channel', '=', 'sms')
      .orderBy('id')
      .execute();
  }

  /** Handed to the provider: its id and first status kept, a status check planned. */
  async markSent(
    id: number,
    options: {
      provider: string;
      messageId: string;
      status: string;
      checkStatusInSeconds: number | null;
    },
  ): Promise<void> {
    const { checkStatusInSeconds } = options;
    await this.db
      .updateTable('marketing.outbox')
      .set({
        status: 'sent',
        provider: options.provider,
        provider_message_id: options.messageId,
        provider_status: options.status,
        provider_status_at: sql<Date>`now()`,
        status_check_at:
          checkStatusInSeconds === null
            ? null
            : sql<Date>`now() + make_interval(secs => ${checkStatusInSeconds})`,
        sent_at: sql<Date>`now()`,
        attempts: sql<number>`attempts + 1`,
        last_error: null,
        sealed: null,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Not sent and never will be (consent withdrawn, a link expired): the reason is kept. */
  async markSkipped(id: number, options: { reason: string }): Promise<void> {
    await this.db
      .updateTable('marketing.outbox')
      .set({ status: 'skipped', last_error: options.reason, sealed: null })
      .where('id', '=', id)
      .where('status', '=', 'recorded')
      .execute();
  }

  /** The next sent text whose delivery status is due a check, claimed for `leaseSeconds`. */
  async claimNextStatusCheck(options: { leaseSeconds: number }) {
    return this.db
      .updateTable('marketing.outbox')
      .set({
        status_check_at: sql<Date>`now() + make_interval(secs => ${options.leaseSeconds})`,
      })
      .where('id', '=', (eb) =>
        eb
          .selectFrom('marketing.outbox')
          .select('id')
          .where('status_check_at', '<=', sql<Date>`now()`)
          .where('provider_message_id', 'is not', null)
          .orderBy('status_check_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning([
        'id',
        'template',
        'provider_message_id',
        'provider_status',
        sql<number>`extract(epoch from now() - coalesce(sent_at, now()))::int`.as('age_seconds'),
      ])
      .executeTakeFirst();
  }

  /**
   * A status read from the provider. `checkAgainInSeconds: null` stops checking; `failed`
   * turns the row 'failed' with the provider's status as the reason.
   */
  async recordDeliveryStatus(
    id: number,
    options: { status: string; checkAgainInSeconds: number | null; isFailed: boolean },
  ): Promise<void> {
    const { checkAgainInSeconds } = options;
    await this.db
      .updateTable('marketing.outbox')
      .set({
        provider_status: options.status,
        provider_status_at: sql<Date>`now()`,
        status_check_at:
          checkAgainInSeconds === null
            ? null
            : sql<Date>`now() + make_interval(secs => ${checkAgainInSeconds})`,
        ...(options.isFailed
          ? { status: 'failed', last_error: `not delivered: RingCentral says ${options.status}` }
          : {}),
      })
      .where('id', '=', id)
      .execute();
  }
}

export type DueSmsRow = NonNullable<Awaited<ReturnType<SmsOutboxRepository['claimNextDueSms']>>>;
