import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

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

export class ConversationsRepository {
  constructor(private readonly db: Executor) {}

  insert(row: { id: string; channel: string; tokenHash: string; state: unknown }) {
    return this.db
      .insertInto('ai.conversations')
      .values({
        id: row.id,
        channel: row.channel,
        token_hash: row.tokenHash,
        state: json(row.state),
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  /** The number's SMS conversation; a concurrent first message loses the race quietly. */
  async insertSmsIfMissing(row: { phone: string; tokenHash: string; state: unknown }) {
    await this.db
      .insertInto('ai.conversations')
      .values({
        channel: 'sms',
        phone: row.phone,
        token_hash: row.tokenHash,
        state: json(row.state),
      })
      .onConflict((oc) => oc.column('phone').where('channel', '=', 'sms').doNothing())
      .execute();
  }

  findSmsByPhone(phone: string) {
    return this.db
      .selectFrom('ai.conversations')
      .select('id')
      .where('channel', '=', 'sms')
      .where('phone', '=', phone)
      .executeTakeFirst();
  }

  /** Newest activity first; the cursor is the last row's (updated_at, id). */
  listByStatus(options: {
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
    const after = options.after;
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('c.updated_at', '<', after.updatedAt),
          eb.and([eb('c.updated_at', '=', after.updatedAt), eb('c.id', '<', after.id)]),
        ]),
      );
    return query.execute();
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
        from_phone: row.fromPhone,
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
  claimTurn(id: string, lease: { id: string; ms: number }) {
    return this.db
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

  find(id: string) {
    return this.db
      .selectFrom('ai.conversations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
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

  findBookingByNumber(number: string) {
    return this.db
      .selectFrom('core.bookings as b')
      .innerJoin('core.customers as c', 'c.id', 'b.customer_id')
      .selectAll('b')
      .select(['c.email_normalized as customer_email', 'c.phone_normalized as customer_phone'])
      .where('b.number', '=', number)
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
