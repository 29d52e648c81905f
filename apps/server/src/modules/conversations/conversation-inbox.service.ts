import { formatForChannel, type ConversationState } from '@teppan/agents';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import type { Executor } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { canSeeStationRecord } from '../staff/permissions.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import {
  ConversationsRepository,
  type ConversationPatch,
  type ConversationRow,
} from './conversations.repository.ts';
import {
  ConversationEngine,
  keepingHandoff,
  patchOf,
  readState,
  updatedAtOf,
  type ConversationsDeps,
  type StaffActor,
} from './conversation-engine.ts';

/** The staff inbox: conversations of their stations, taking over, replying, handing back. */
export class ConversationInboxService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: ConversationsDeps,
    private readonly engine: ConversationEngine,
  ) {}

  async listInbox(
    staff: StaffPrincipal,
    query: { status?: 'assistant' | 'handoff'; stationId?: string; cursor?: string; limit: number },
  ) {
    const rows = await this.engine.repo(this.db).listByStatus({
      stationIds: stationScopeOf(staff, query.stationId),
      status: query.status,
      after: query.cursor ? updatedAtOf(decodePageCursor(query.cursor, 'date')) : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        channel: row.channel,
        status: row.status,
        stationId: row.station_id,
        phone: row.phone,
        handoffReason: row.handoff_reason,
        handoffSummary: row.handoff_summary,
        lastMessage: row.last_message,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      })),
      nextCursor:
        rows.length > query.limit && last ? encodePageCursor(last.updated_at, last.id) : null,
    };
  }

  async inboxDetail(staff: StaffActor, id: string) {
    const repo = this.engine.repo(this.db);
    const conversation = await repo.find(id);
    // Another station's conversation does not exist for this staff member.
    if (!conversation || !canSeeStationRecord(staff, conversation.station_id))
      throw new AppError('CONVERSATION_NOT_FOUND');
    const messages = await repo.listMessages(id);
    return {
      id: conversation.id,
      channel: conversation.channel,
      status: conversation.status,
      stationId: conversation.station_id,
      phone: conversation.phone,
      handoffReason: conversation.handoff_reason,
      handoffSummary: conversation.handoff_summary,
      createdAt: conversation.created_at.toISOString(),
      updatedAt: conversation.updated_at.toISOString(),
      messages: messages.map((m) => ({
        id: m.id,
        role: m.role,
        text: m.text,
        intent: m.intent,
        confidence: m.confidence,
        agent: m.agent,
        entities: m.entities,
        toolCalls: m.tool_calls,
        guardrail: m.guardrail,
        handoff: m.handoff,
        latencyMs: m.latency_ms,
        createdAt: m.created_at.toISOString(),
      })),
    };
  }

  /**
   * A staff action as one of the conversation's turns: it waits for a running assistant
   * turn instead of overwriting its state, and saves in one short transaction.
   */
  private async withConversation<T>(
    id: string,
    staff: { actor: StaffActor; context: StaffRequestContext },
    work: (ctx: {
      trx: Executor;
      repo: ConversationsRepository;
      row: ConversationRow;
      state: ConversationState;
      /** The audit entry of this staff action, in the same transaction. */
      audit: (action: string, change: { before?: unknown; after: unknown }) => Promise<void>;
    }) => Promise<{ result: T; patch: ConversationPatch }>,
  ): Promise<T> {
    const found = await this.engine.repo(this.db).find(id);
    if (!found || !canSeeStationRecord(staff.actor, found.station_id))
      throw new AppError('CONVERSATION_NOT_FOUND');
    return this.engine.turns.run(
      id,
      (lease) =>
        this.engine.turns.save(lease, (trx) =>
          work({
            trx,
            repo: this.engine.repo(trx),
            row: lease.row,
            state: readState(lease.row.state),
            audit: (action, change) =>
              new AuditRepository(trx).record({
                actor: `staff:${staff.actor.id}`,
                action,
                entity: 'conversation',
                entityId: id,
                stationId: lease.row.station_id,
                ...change,
                ip: staff.context.ip,
                requestId: staff.context.requestId,
              }),
          }),
        ),
      { isAssistantTurn: false },
    );
  }

  /** Staff own the conversation from now on; the assistant records but does not answer. */
  async takeOver(id: string, actor: StaffActor, context: StaffRequestContext) {
    return this.withConversation(id, { actor, context }, async ({ row, state, audit }) => {
      const next = this.engine.orchestratorFor(row.channel).takeOver(state);
      await audit('conversation.take_over', {
        before: { status: row.status },
        after: { status: 'handoff', reason: next.handoff.reason ?? null },
      });
      return {
        result: { id, status: 'handoff' as const, handoffReason: next.handoff.reason ?? null },
        patch: patchOf(next),
      };
    });
  }

  /** A staff reply: stored for the widget to fetch and, on SMS, queued as a text. */
  async staffReply(
    id: string,
    input: { text: string; actor: StaffActor },
    context: StaffRequestContext,
  ) {
    const staff = { actor: input.actor, context };
    return this.withConversation(id, staff, async ({ trx, repo, row, state, audit }) => {
      // Replying beside a still-talking assistant would give the customer two voices.
      if (row.status !== 'handoff') throw new AppError('CONVERSATION_NOT_TAKEN_OVER');
      if (row.channel === 'sms' && row.phone && (await this.engine.isSmsOptedOut(trx, row.phone)))
        throw new AppError('RECIPIENT_OPTED_OUT');
      const message = await repo.addMessage({
        conversationId: id,
        role: 'staff',
        text: input.text,
      });
      let queuedSms = false;
      if (row.channel === 'sms' && row.phone) {
        const formatted = formatForChannel(input.text, 'sms');
        const segments = formatted.segments ?? [formatted.text];
        await new OutboxRepository(trx, this.deps.fieldCrypto).record({
          channel: 'sms',
          recipient: row.phone,
          subject: null,
          body: formatted.text,
          template: 'staff_reply',
          data: { conversationId: id, segments, staffId: input.actor.id },
          dedupeKey: `staff-reply:${message.id}`,
        });
        queuedSms = true;
      }
      await audit('conversation.reply', {
        after: { messageId: message.id, text: input.text, queuedSms },
      });
      return {
        result: { id: message.id, role: 'staff' as const, text: input.text, queuedSms },
        patch: keepingHandoff(row, state),
      };
    });
  }

  /** The assistant answers again; the open flow is dropped so it starts from a clean slate. */
  async handBack(id: string, actor: StaffActor, context: StaffRequestContext) {
    return this.withConversation(id, { actor, context }, async ({ row, state, audit }) => {
      if (row.status !== 'handoff') throw new AppError('CONVERSATION_NOT_TAKEN_OVER');
      const next = this.engine.orchestratorFor(row.channel).handBack(state);
      await audit('conversation.hand_back', {
        before: { status: row.status, reason: row.handoff_reason },
        after: { status: 'assistant' },
      });
      return { result: { id, status: 'assistant' as const }, patch: patchOf(next) };
    });
  }
}
