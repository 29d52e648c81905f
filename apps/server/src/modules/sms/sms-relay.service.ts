import { consentsInForce, fitSmsSegments, SMS_MAX_SEGMENTS, smsSegmentsOf } from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { scrubContactDetails } from '../../lib/log-redaction.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { SmsOutboxRepository, type DueSmsRow } from './sms-outbox.repository.ts';
import {
  isFailedDeliveryStatus,
  isFinalDeliveryStatus,
  SmsProviderError,
  type SmsProvider,
} from './sms-provider.ts';

export interface SmsRelayResult {
  /** 'offline': no provider configured, every text stays 'recorded' in the outbox. */
  mode: 'ringcentral' | 'offline';
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

export interface SmsStatusResult {
  checked: number;
  delivered: number;
  failed: number;
}

export interface SmsRelayOptions {
  provider: SmsProvider | null;
  fieldCrypto: FieldCrypto;
  logger: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  /** Attempts before a row is marked 'failed' for good. */
  maxAttempts?: number;
  /** Delay after the first failure; doubles with each further one, capped at `maxDelaySeconds`. */
  baseDelaySeconds?: number;
  maxDelaySeconds?: number;
  /** First delivery-status check after sending; later ones wait half the text's age. */
  firstStatusCheckSeconds?: number;
}

/** Longer than the SDK's sign-in plus one request can take. */
export const SMS_SEND_LEASE_SECONDS = 120;
/** A provider's Retry-After is honoured up to a day; longer reads as a broken header. */
const MAX_RETRY_AFTER_SECONDS = 86_400;
/** Texts still not final after this long are no longer checked (the carrier has given up). */
const STATUS_CHECK_WINDOW_SECONDS = 2 * 86_400;

/**
 * Which consent a text needs (SPEC §11). Keyword confirmations answer the customer's own
 * STOP/START/HELP and carriers require them, so they go whatever the ledger says; campaign
 * texts need an opt-in; everything else (assistant replies, booking texts) is transactional
 * and goes unless the number opted out.
 */
export function smsConsentRuleOf(template: string): 'none' | 'marketing' | 'transactional' {
  if (template.startsWith('sms_keyword_')) return 'none';
  if (template.startsWith('campaign')) return 'marketing';
  return 'transactional';
}

/**
 * Hands recorded texts to the SMS provider, like MailRelay does for email: each row claimed
 * by one statement (a lease, SKIP LOCKED), no lock held during the call. Consent is read
 * again at send time, so a STOP that arrived after a reply was queued wins. The text is held
 * to at most three segments by the same core rule the assistant formats with.
 */
export class SmsRelay {
  private readonly maxAttempts: number;
  private readonly baseDelaySeconds: number;
  private readonly maxDelaySeconds: number;
  private readonly firstStatusCheckSeconds: number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: SmsRelayOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelaySeconds = options.baseDelaySeconds ?? 60;
    this.maxDelaySeconds = options.maxDelaySeconds ?? 3600;
    this.firstStatusCheckSeconds = options.firstStatusCheckSeconds ?? 30;
  }

  get isDelivering(): boolean {
    return this.options.provider !== null;
  }

  /** After the `attempts`-th failure (1-based): 60, 120, 240 … ≤ max, never before Retry-After. */
  retryDelaySeconds(attempts: number, retryAfterSeconds: number | null = null): number {
    const backoff = Math.min(
      this.maxDelaySeconds,
      this.baseDelaySeconds * 2 ** Math.max(0, attempts - 1),
    );
    return Math.max(backoff, Math.min(retryAfterSeconds ?? 0, MAX_RETRY_AFTER_SECONDS));
  }

  private repo() {
    return new SmsOutboxRepository(this.db, this.options.fieldCrypto);
  }

  /** Sends up to `limit` due texts; returns what happened to them. */
  async relayOnce(limit = 50): Promise<SmsRelayResult> {
    const provider = this.options.provider;
    const result: SmsRelayResult = {
      mode: provider ? 'ringcentral' : 'offline',
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    };
    if (!provider) return result;
    const repo = this.repo();
    for (let i = 0; i < limit; i += 1) {
      const row = await repo.claimNextDueSms({ leaseSeconds: SMS_SEND_LEASE_SECONDS });
      if (!row) break;
      result[await this.deliver(repo, provider, row)] += 1;
    }
    return result;
  }

  /** The reason a text may not go now, or null when it may. */
  private async refusalOf(repo: SmsOutboxRepository, row: DueSmsRow): Promise<string | null> {
    if (row.isSecretGone) return 'the link in this text expired before it could be sent';
    const rule = smsConsentRuleOf(row.template);
    if (rule === 'none') return null;
    const inForce = consentsInForce(await repo.listSmsConsents(row.recipient)).find(
      (consent) => consent.channel === 'sms' && consent.purpose === rule,
    );
    const state = inForce?.state ?? 'unknown';
    if (state === 'opted_out')
      return `consent withdrawn: the number opted out of ${rule} texts (${inForce?.source ?? 'ledger'}) before this was sent`;
    if (rule === 'marketing' && state !== 'opted_in')
      return 'no consent: marketing texts need an opt-in';
    return null;
  }

  private async deliver(
    repo: SmsOutboxRepository,
    provider: SmsProvider,
    row: DueSmsRow,
  ): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
    const log = { outboxId: row.id, template: row.template };
    const refusal = await this.refusalOf(repo, row);
    if (refusal) {
      await repo.markSkipped(row.id, { reason: refusal });
      this.options.logger.warn({ ...log, reason: refusal }, 'text not sent');
      return 'skipped';
    }
    const text = fitSmsSegments(row.body, SMS_MAX_SEGMENTS);
    if (text !== row.body)
      this.options.logger.warn(
        { ...log, segments: smsSegmentsOf(row.body).segments },
        `text cut to ${SMS_MAX_SEGMENTS} segments`,
      );
    try {
      const sent = await provider.send({ to: row.recipient, text });
      await repo.markSent(row.id, {
        provider: provider.name,
        messageId: sent.messageId,
        status: sent.status,
        checkStatusInSeconds: isFinalDeliveryStatus(sent.status)
          ? null
          : this.firstStatusCheckSeconds,
      });
      return 'sent';
    } catch (error) {
      const attempts = row.attempts + 1;
      const details = error instanceof SmsProviderError ? error.details : null;
      const giveUp = attempts >= this.maxAttempts || details?.isRetryable === false;
      const raw = error instanceof Error ? error.message : String(error);
      // Providers echo the number back ("+15105550100 is not a valid…"): never kept.
      const message = scrubContactDetails(raw.split(row.recipient).join('[recipient]'));
      await new OutboxRepository(this.db, this.options.fieldCrypto).markAttemptFailed(row.id, {
        error: message.slice(0, 2000),
        retryInSeconds: giveUp
          ? null
          : this.retryDelaySeconds(attempts, details?.retryAfterSeconds ?? null),
      });
      const failure = { ...log, attempts, httpStatus: details?.httpStatus ?? null, error: message };
      // The mail relay's alert: an error line for the operator, the row 'failed' for staff.
      if (giveUp) this.options.logger.error(failure, 'text delivery failed for good');
      else this.options.logger.warn(failure, 'text delivery failed; will retry');
      return giveUp ? 'failed' : 'retrying';
    }
  }

  /**
   * Polls the message store for texts whose status is not final yet: Delivered ends the
   * checks, DeliveryFailed/SendingFailed turn the row 'failed' (and log an error), Queued/Sent
   * are checked again after half the text's age (at least the first interval, at most an hour).
   */
  async checkStatusesOnce(limit = 50): Promise<SmsStatusResult> {
    const result: SmsStatusResult = { checked: 0, delivered: 0, failed: 0 };
    const provider = this.options.provider;
    if (!provider) return result;
    const repo = this.repo();
    for (let i = 0; i < limit; i += 1) {
      const row = await repo.claimNextStatusCheck({ leaseSeconds: SMS_SEND_LEASE_SECONDS });
      if (!row?.provider_message_id) break;
      const age = Number(row.age_seconds);
      const again = Math.min(3600, Math.max(this.firstStatusCheckSeconds, Math.floor(age / 2)));
      const checkAgain = age + again > STATUS_CHECK_WINDOW_SECONDS ? null : again;
      let status;
      try {
        status = await provider.readStatus(row.provider_message_id);
      } catch (error) {
        this.options.logger.warn(
          { outboxId: row.id, error: error instanceof Error ? error.message : String(error) },
          'text delivery status not read; will try again',
        );
        await repo.recordDeliveryStatus(row.id, {
          status: row.provider_status ?? 'Queued',
          checkAgainInSeconds: checkAgain,
          isFailed: false,
        });
        continue;
      }
      result.checked += 1;
      const isFailed = isFailedDeliveryStatus(status);
      await repo.recordDeliveryStatus(row.id, {
        status,
        checkAgainInSeconds: isFinalDeliveryStatus(status) ? null : checkAgain,
        isFailed,
      });
      if (status === 'Delivered') result.delivered += 1;
      if (isFailed) {
        result.failed += 1;
        this.options.logger.error(
          { outboxId: row.id, template: row.template, status },
          'text not delivered',
        );
      }
    }
    return result;
  }
}
