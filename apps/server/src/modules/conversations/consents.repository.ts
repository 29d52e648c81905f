import type { FieldCrypto } from '@teppan/db/field-crypto';
import { contactIndex, PII_CONTEXT } from '@teppan/db/pii';
import type { Executor } from '../../lib/db.ts';

export type ConsentChannel = 'sms' | 'email';
export type ConsentPurpose = 'all' | 'marketing' | 'transactional';
export type ConsentStatus = 'opted_in' | 'opted_out';

/**
 * marketing.consents is append-only (a trigger refuses updates): the newest row is in force.
 * Phone and email are stored encrypted and found by their blind index (ADR 0016), so every
 * spelling of one number ("+15105550142", "(510) 555-0142") is the same contact.
 */
export class ConsentsRepository {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  async record(row: {
    phone?: string | null;
    email?: string | null;
    channel: ConsentChannel;
    purpose: ConsentPurpose;
    status: ConsentStatus;
    source: string;
    textShown?: string | null;
    ip?: string | null;
  }): Promise<void> {
    const { phone, email } = row;
    await this.db
      .insertInto('marketing.consents')
      .values({
        phone: phone ? this.crypto.encrypt(phone, PII_CONTEXT.consentPhone) : null,
        phone_index: phone ? contactIndex(this.crypto, 'phone', phone) : null,
        email: email ? this.crypto.encrypt(email, PII_CONTEXT.consentEmail) : null,
        email_index: email ? contactIndex(this.crypto, 'email', email) : null,
        channel: row.channel,
        purpose: row.purpose,
        status: row.status,
        source: row.source,
        text_shown: row.textShown ?? null,
        ip: row.ip ?? null,
      })
      .execute();
  }

  async findLatestForPhone(
    phone: string,
    options: { channel: ConsentChannel; purpose: ConsentPurpose },
  ) {
    const index = contactIndex(this.crypto, 'phone', phone);
    if (!index) return undefined;
    return this.db
      .selectFrom('marketing.consents')
      .select(['status', 'source', 'at'])
      .where('phone_index', '=', index)
      .where('channel', '=', options.channel)
      .where('purpose', '=', options.purpose)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Whether the number may get texts about its bookings: the newest SMS answer that covers
   * them (the booking form's 'transactional' opt-in, or a STOP/START under 'all') is an opt-in.
   */
  async hasBookingSmsConsent(phone: string): Promise<boolean> {
    const index = contactIndex(this.crypto, 'phone', phone);
    if (!index) return false;
    const latest = await this.db
      .selectFrom('marketing.consents')
      .select('status')
      .where('phone_index', '=', index)
      .where('channel', '=', 'sms')
      .where('purpose', 'in', ['transactional', 'all'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return latest?.status === 'opted_in';
  }
}
