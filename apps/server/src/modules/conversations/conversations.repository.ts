import type { FieldCrypto } from '@teppan/db/field-crypto';
import { contactIndex, PII_CONTEXT } from '@teppan/db/pii';
import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';
import type { StationRefs } from './conversation-station.ts';

/**
 * The columns one saved turn (or staff action) writes, in the same versioned update as the
 * state. Add a column here, not a second update, so it cannot drift from the state.
 */
export interface ConversationPatch {
  state: unknown;
  status: 'assistant' | 'handoff';
  handoffReason: string | null;
  handoffSummary: string | null;
}

export interface InboundSmsClaim {
  messageId: string;
  provider: string;
  fromPhone: string;
  toPhone: string | null;
  text: string;
  keyword: string | null;
  conversationId?: string;
}

export type ConversationRow = NonNullable<Awaited<ReturnType<ConversationsRepository['find']>>>;

/** SMS numbers are stored encrypted and found by their blind index (ADR 0016). */
export class ConversationsRepository {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  /** A sender without digits (an alphanumeric sender id) is keyed by its text instead. */
  private phoneIndex(phone: string): string {
    return (
      contactIndex(this.crypto, 'phone', phone) ?? this.crypto.keyedHash('phone', phone.trim())
    );
  }

  private open<T extends { phone: string | null }>(row: T): T {
    return { ...row, phone: this.crypto.decryptNullable(row.phone, PII_CONTEXT.conversationPhone) };
  }

  insert(row: {
    id: string;
    channel: string;
    tokenHash: string;
    state: unknown;
    stationId: string;
  }) {
    return this.db
      .insertInto('ai.conversations')
      .values({
        id: row.id,
        channel: row.channel,
        token_hash: row.tokenHash,
        state: json(row.state),
        station_id: row.stationId,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  /** The number's SMS conversation; a concurrent first message loses the race quietly. */
  async insertSmsIfMissing(row: {
    phone: string;
    tokenHash: string;
    state: unknown;
    stationId: string;
  }) {
    await this.db
      .insertInto('ai.conversations')
      .values({
        channel: 'sms',
        phone: this.crypto.encrypt(row.phone, PII_CONTEXT.conversationPhone),
        phone_index: this.phoneIndex(row.phone),
        token_hash: row.tokenHash,
        state: json(row.state),
        station_id: row.stationId,
      })
      .onConflict((oc) => oc.column('phone_index').where('channel', '=', 'sms').doNothing())
      .execute();
  }

  findSmsByPhone(phone: string) {
    return this.db
      .selectFrom('ai.conversations')
      .select('id')
      .where('channel', '=', 'sms')
      .where('phone_index', '=', this.phoneIndex(phone))
      .executeTakeFirst();
  }

  /**
   * The conversation moves to the station of the booking, hold or quote a turn touched (the
   * first found, in that order). One statement: no extra read, no second connection.
   */
  async assignStation(conversationId: string, refs: StationRefs): Promise<void> {
    const none = ['00000000-0000-0000-0000-000000000000'];
    const ids = (list: string[]) => (list.length ? list : none);
    await sql`
      update ai.conversations c set station_id = touched.station_id
        from (
          select station_id from (
            select station_id, 1 as rank from core.bookings where id = any(${ids(refs.bookingIds)}::uuid[])
            union all
            select station_id, 2 from core.holds where id = any(${ids(refs.holdIds)}::uuid[])
            union all
            select station_id, 3 from core.quotes where id = any(${ids(refs.quoteIds)}::uuid[])
          ) found order by rank limit 1
        ) touched
       where c.id = ${conversationId}
         and c.station_id is distinct from touched.station_id`.execute(this.db);
  }

  /**
   * Newest activity first; the cursor is the last row's (updated_at, id). `stationIds`: the
   * caller's stations (null: every conversation, including those without a station).
   */
  async listByStatus(options: {
    stationIds: readonly string[] | null;
    status?: 'assistant' | 'handoff';
    after?: { updatedAt: Date; id: string };
    limit: number;
  }) {
    let query = this.db
      .selectFrom('ai.conversations as c')
      .select([
        'c.id',
        'c.channel',
        'c.status',
        'c.station_id',
        'c.phone',
        'c.handoff_reason',
        'c.handoff_summary',
        'c.created_at',
        'c.updated_at',
      ])
      .select((eb) =>
        eb
          .selectFrom('ai.messages as m')
          .select('m.text')
          .whereRef('m.conversation_id', '=', 'c.id')
          .orderBy('m.id', 'desc')
          .limit(1)
          .as('last_message'),
      )
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(options.limit);
    if (options.status) query = query.where('c.status', '=', options.status);
    // Staff of some stations never see a conversation without one (ADR 0019).
    if (options.stationIds)
      query = query.where(
        'c.station_id',
        'in',
        options.stationIds.length ? options.stationIds : ['00000000-0000-0000-0000-000000000000'],
      );
    const after = options.after;
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('c.updated_at', '<', after.updatedAt),
          eb.and([eb('c.updated_at', '=', after.updatedAt), eb('c.id', '<', after.id)]),
        ]),
      );
    return (await query.execute()).map((row) => this.open(row));
  }

  listMessagesAfter(id: string, afterId: number) {
    return this.db
      .selectFrom('ai.messages')
      .select(['id', 'role', 'text', 'created_at'])
      .where('conversation_id', '=', id)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(200)
      .execute();
  }

  /** Exactly once per provider message id: a redelivered webhook finds the row taken. */
  async claimInboundSms(row: InboundSmsClaim): Promise<boolean> {
    const inserted = await this.db
      .insertInto('ai.sms_inbound')
      .values({
        message_id: row.messageId,
        provider: row.provider,
        from_phone: this.crypto.encrypt(row.fromPhone, PII_CONTEXT.smsInboundFromPhone),
        to_phone: row.toPhone,
        text: row.text,
        keyword: row.keyword,
        conversation_id: row.conversationId ?? null,
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning('message_id')
      .executeTakeFirst();
    return Boolean(inserted);
  }

  async isInboundSmsClaimed(messageId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('ai.sms_inbound')
      .select('message_id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return Boolean(row);
  }

  /**
   * Takes the conversation's turn lease unless a live one is held (ADR 0014): one statement,
   * no lock kept. Returns the row as of the claim, or undefined while another turn runs.
   */
  async claimTurn(id: string, lease: { id: string; ms: number }) {
    const row = await this.db
      .updateTable('ai.conversations')
      .set({
        turn_lease_id: lease.id,
        turn_lease_until: sql<Date>`now() + make_interval(secs => ${lease.ms / 1000})`,
      })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('turn_lease_until', 'is', null), eb('turn_lease_until', '<', sql<Date>`now()`)]),
      )
      .returningAll()
      .executeTakeFirst();
    return row && this.open(row);
  }

  /**
   * Saves what a turn changed and gives the lease back, only if the lease is still this
   * turn's and nobody saved in between (the version it read). False: nothing was written.
   */
  async saveTurn(
    lease: { id: string; conversationId: string; version: number },
    patch: ConversationPatch,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('ai.conversations')
      .set({
        state: json(patch.state),
        status: patch.status,
        handoff_reason: patch.handoffReason,
        handoff_summary: patch.handoffSummary,
        version: sql<number>`version + 1`,
        turn_lease_id: null,
        turn_lease_until: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', lease.conversationId)
      .where('turn_lease_id', '=', lease.id)
      .where('version', '=', lease.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives a lease back without saving (the turn failed or was refused). */
  async releaseTurn(id: string, leaseId: string): Promise<void> {
    await this.db
      .updateTable('ai.conversations')
      .set({ turn_lease_id: null, turn_lease_until: null })
      .where('id', '=', id)
      .where('turn_lease_id', '=', leaseId)
      .execute();
  }

  async find(id: string) {
    const row = await this.db
      .selectFrom('ai.conversations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && this.open(row);
  }

  async countCustomerMessagesSince(id: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('ai.messages')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('conversation_id', '=', id)
      .where('role', '=', 'customer')
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async addMessage(row: {
    conversationId: string;
    role: 'customer' | 'assistant' | 'staff';
    text: string;
    intent?: string | null;
    confidence?: number | null;
    agent?: string | null;
    entities?: unknown;
    toolCalls?: unknown;
    guardrail?: unknown;
    handoff?: unknown;
    latencyMs?: number | null;
  }): Promise<{ id: number }> {
    return this.db
      .insertInto('ai.messages')
      .values({
        conversation_id: row.conversationId,
        role: row.role,
        text: row.text,
        intent: row.intent ?? null,
        confidence: row.confidence ?? null,
        agent: row.agent ?? null,
        entities: row.entities === undefined ? null : json(row.entities),
        tool_calls: row.toolCalls === undefined ? null : json(row.toolCalls),
        guardrail: row.guardrail === undefined ? null : json(row.guardrail),
        handoff: row.handoff === undefined ? null : json(row.handoff),
        latency_ms: row.latencyMs ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  listMessages(id: string) {
    return this.db
      .selectFrom('ai.messages')
      .selectAll()
      .where('conversation_id', '=', id)
      .orderBy('id')
      .execute();
  }

  /**
   * The booking with this number whose customer has this email or phone (compared by blind
   * index): the assistant's identity check. Undefined when either does not match.
   */
  findBookingForContact(options: { number: string; contact: string }) {
    const isEmail = options.contact.includes('@');
    const index = contactIndex(this.crypto, isEmail ? 'email' : 'phone', options.contact);
    if (!index) return Promise.resolve(undefined);
    return this.db
      .selectFrom('core.bookings as b')
      .innerJoin('core.customers as c', 'c.id', 'b.customer_id')
      .selectAll('b')
      .where('b.number', '=', options.number)
      .where(isEmail ? 'c.email_index' : 'c.phone_index', '=', index)
      .executeTakeFirst();
  }

  listBookingsBetween(range: { from: string; to: string }) {
    return this.db
      .selectFrom('core.bookings')
      .select(['number', 'date', 'slot', 'adults', 'children', 'toddlers', 'status', 'total_cents'])
      .where('date', '>=', range.from)
      .where('date', '<=', range.to)
      .where('status', '<>', 'cancelled')
      .orderBy('date')
      .orderBy('slot')
      .limit(200)
      .execute();
  }
}
