import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

export class ConversationsRepository {
  constructor(private readonly db: Executor) {}

  insert(row: { channel: string; tokenHash: string; state: unknown }) {
    return this.db
      .insertInto('ai.conversations')
      .values({ channel: row.channel, token_hash: row.tokenHash, state: json(row.state) })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  /** Turns of one conversation run one at a time: the row lock orders them. */
  findForUpdate(id: string) {
    return this.db
      .selectFrom('ai.conversations')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  find(id: string) {
    return this.db
      .selectFrom('ai.conversations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async saveState(
    id: string,
    patch: {
      state: unknown;
      status: 'assistant' | 'handoff';
      handoffReason: string | null;
      handoffSummary: string | null;
    },
  ): Promise<void> {
    await this.db
      .updateTable('ai.conversations')
      .set({
        state: json(patch.state),
        status: patch.status,
        handoff_reason: patch.handoffReason,
        handoff_summary: patch.handoffSummary,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
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
  }): Promise<void> {
    await this.db
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
      .execute();
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
