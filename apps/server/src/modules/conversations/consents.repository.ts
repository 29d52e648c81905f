import type { Executor } from '../../lib/db.ts';

export type ConsentChannel = 'sms' | 'email';
export type ConsentPurpose = 'all' | 'marketing' | 'transactional';
export type ConsentStatus = 'opted_in' | 'opted_out';

/** marketing.consents is append-only (a trigger refuses updates): the newest row is in force. */
export class ConsentsRepository {
  constructor(private readonly db: Executor) {}

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
    await this.db
      .insertInto('marketing.consents')
      .values({
        phone: row.phone ?? null,
        email: row.email ?? null,
        channel: row.channel,
        purpose: row.purpose,
        status: row.status,
        source: row.source,
        text_shown: row.textShown ?? null,
        ip: row.ip ?? null,
      })
      .execute();
  }

  findLatestForPhone(phone: string, options: { channel: ConsentChannel; purpose: ConsentPurpose }) {
    return this.db
      .selectFrom('marketing.consents')
      .select(['status', 'source', 'at'])
      .where('phone', '=', phone)
      .where('channel', '=', options.channel)
      .where('purpose', '=', options.purpose)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }
}
