import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { z } from 'zod';
import { OutboxRepository, type DueEmailRow } from '../messaging/outbox.repository.ts';
import { scrubContactDetails } from '../../lib/log-redaction.ts';
import { emailAddressOf } from './brand.ts';
import type { EmailTransport } from './email-transport.ts';

export interface RelayResult {
  /** 'offline': no transport configured, every row stays 'recorded' in the outbox. */
  mode: 'smtp' | 'offline';
  sent: number;
  retrying: number;
  failed: number;
}

export interface MailRelayOptions {
  transport: EmailTransport | null;
  /** Recipients are encrypted, and messages with secrets sealed, in the outbox (ADR 0016). */
  fieldCrypto: FieldCrypto;
  from: string;
  logger: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  /** Attempts before a row is marked 'failed' for good. */
  maxAttempts?: number;
  /** Delay after the first failure; doubles with each further one, capped at `maxDelaySeconds`. */
  baseDelaySeconds?: number;
  maxDelaySeconds?: number;
}

/**
 * What is kept of a failed delivery, in `last_error` and in the log: SMTP servers echo the
 * recipient (`550 5.1.1 <ann@example.com>: Recipient address rejected`) and nodemailer's
 * error lists the rejected addresses, so only the code, the reply code, the command and the
 * message with every address taken out survive.
 */
export function describeDeliveryError(
  error: unknown,
  recipient: string,
): { message: string; code?: string; responseCode?: number; command?: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const message = scrubContactDetails(recipient ? raw.split(recipient).join('[recipient]') : raw);
  const fields = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  return {
    message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.responseCode === 'number' ? { responseCode: fields.responseCode } : {}),
    ...(typeof fields.command === 'string' ? { command: fields.command } : {}),
  };
}

const attachmentsSchema = z.array(
  z.object({ filename: z.string(), contentType: z.string(), content: z.string() }),
);

/**
 * Longer than one SMTP exchange can take (SmtpTransport: 10 s to connect, 10 s greeting,
 * 30 s per socket read), so a claimed row is not claimed again while it is being sent.
 */
export const SEND_LEASE_SECONDS = 120;

/**
 * Hands recorded emails to the transport. Each row is claimed by one statement that moves
 * its next attempt a lease ahead (FOR UPDATE SKIP LOCKED inside it), so concurrent relays
 * never pick the same row, and no transaction or row lock is held while the mail server
 * talks (ADR 0014: nothing waits on the network holding a lock). Delivery is exactly once in
 * effect: only a crash after the SMTP server accepted a message and before it is marked
 * sent sends it again, after the lease, and then with the same Message-ID.
 */
export class MailRelay {
  private readonly maxAttempts: number;
  private readonly baseDelaySeconds: number;
  private readonly maxDelaySeconds: number;
  private readonly messageIdDomain: string;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: MailRelayOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelaySeconds = options.baseDelaySeconds ?? 60;
    this.maxDelaySeconds = options.maxDelaySeconds ?? 3600;
    this.messageIdDomain = emailAddressOf(options.from)?.split('@')[1] ?? 'teppan.local';
  }

  get isDelivering(): boolean {
    return this.options.transport !== null;
  }

  /** Seconds to wait after the `attempts`-th failure (1-based): 60, 120, 240 … ≤ max. */
  retryDelaySeconds(attempts: number): number {
    return Math.min(this.maxDelaySeconds, this.baseDelaySeconds * 2 ** Math.max(0, attempts - 1));
  }

  /** Delivers up to `limit` due emails; returns what happened to them. */
  async relayOnce(limit = 50): Promise<RelayResult> {
    const result: RelayResult = {
      mode: this.options.transport ? 'smtp' : 'offline',
      sent: 0,
      retrying: 0,
      failed: 0,
    };
    // Offline too: a link nobody sent stays usable from the outbox only until it expires.
    await new OutboxRepository(this.db, this.options.fieldCrypto).purgeExpiredSecrets();
    const transport = this.options.transport;
    if (!transport) return result;
    const outbox = new OutboxRepository(this.db, this.options.fieldCrypto);
    for (let i = 0; i < limit; i += 1) {
      const row = await outbox.claimNextDueEmail({ leaseSeconds: SEND_LEASE_SECONDS });
      if (!row) break;
      result[await this.deliver(outbox, transport, row)] += 1;
    }
    return result;
  }

  /** One claimed row: sent, or its attempt counted (each a single statement, no lock held). */
  private async deliver(
    outbox: OutboxRepository,
    transport: EmailTransport,
    row: DueEmailRow,
  ): Promise<'sent' | 'retrying' | 'failed'> {
    if (row.isSecretGone) {
      // Its link expired unsent; the copy left says "[removed]" where the link was.
      await outbox.markAttemptFailed(row.id, {
        error: 'the link in this message expired before it could be sent',
        retryInSeconds: null,
      });
      this.options.logger.warn(
        { outboxId: row.id, template: row.template },
        'email not sent: its link expired first',
      );
      return 'failed';
    }
    try {
      await transport.send(this.toEmail(row));
    } catch (error) {
      const attempts = row.attempts + 1;
      const giveUp = attempts >= this.maxAttempts;
      const failure = describeDeliveryError(error, row.recipient);
      await outbox.markAttemptFailed(row.id, {
        error: failure.message.slice(0, 2000),
        retryInSeconds: giveUp ? null : this.retryDelaySeconds(attempts),
      });
      const log = { outboxId: row.id, template: row.template, attempts, error: failure };
      if (giveUp) this.options.logger.error(log, 'email delivery failed for good');
      else this.options.logger.warn(log, 'email delivery failed; will retry');
      return giveUp ? 'failed' : 'retrying';
    }
    await outbox.markSent(row.id, { provider: transport.name });
    return 'sent';
  }

  private toEmail(row: DueEmailRow) {
    const attachments = attachmentsSchema.safeParse(row.attachments);
    if (!attachments.success)
      this.options.logger.warn({ outboxId: row.id }, 'outbox attachments malformed; sent without');
    return {
      from: this.options.from,
      to: row.recipient,
      subject: row.subject ?? '',
      text: row.body,
      html: row.html,
      // The column is written only by OutboxRepository.record; a malformed value is a bug
      // worth a log line, not a reason to withhold the message itself.
      attachments: attachments.success ? attachments.data : [],
      messageId: `<outbox-${row.id}@${this.messageIdDomain}>`,
    };
  }
}
