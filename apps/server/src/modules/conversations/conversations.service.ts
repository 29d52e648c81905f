import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { newConversation, type TurnOutput } from '@teppan/agents';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { ConversationsRepository } from './conversations.repository.ts';
import {
  ASSISTANT_TURN,
  ConversationEngine,
  hashToken,
  patchOf,
  rateLimited,
  readState,
  type ConversationsDeps,
} from './conversation-engine.ts';
import { ConversationInboxService } from './conversation-inbox.service.ts';
import { SmsConversations } from './conversation-sms.ts';

export { MESSAGES_PER_MINUTE, type ConversationsDeps } from './conversation-engine.ts';
export type { InboundSms, InboundSmsOutcome } from './conversation-sms.ts';

export interface TurnResult {
  reply: { text: string; segments?: string[] };
  intent: string;
  agent: string;
  toolCalls: TurnOutput['toolCalls'];
  handoff: { active: boolean; reason?: string };
}

/**
 * Assistant conversations on every channel. State between turns lives in ai.conversations;
 * each turn is recorded in ai.messages with its intent, entities, tool calls, guardrail
 * verdict and latency. While staff own a conversation the assistant is silent: the message
 * is recorded and nothing is answered. Turns and staff actions on one conversation run one
 * at a time through ConversationTurns, which holds no connection or lock while a turn's
 * tools work (ADR 0014).
 *
 * The web widget's turns are here; SMS in conversation-sms.ts, the staff inbox in
 * conversation-inbox.service.ts, all on one ConversationEngine.
 */
export class ConversationsService {
  private readonly engine: ConversationEngine;
  private readonly sms: SmsConversations;
  private readonly inbox: ConversationInboxService;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: ConversationsDeps,
  ) {
    this.engine = new ConversationEngine(db, deps);
    this.sms = new SmsConversations(db, deps, this.engine);
    this.inbox = new ConversationInboxService(db, deps, this.engine);
  }

  async start(channel: 'web'): Promise<{ id: string; token: string }> {
    const token = randomBytes(24).toString('base64url');
    const id = randomUUID();
    await this.engine.repo(this.db).insert({
      id,
      channel,
      tokenHash: hashToken(token).toString('hex'),
      state: newConversation({ id, channel }),
      stationId: await this.deps.defaultStationId(),
    });
    return { id, token };
  }

  private async authorizedConversation(
    repo: ConversationsRepository,
    input: { id: string; token: string | undefined },
  ) {
    const token = input.token;
    if (!token) throw new AppError('UNAUTHORIZED', 'This conversation needs its token.');
    const conversation = await repo.find(input.id);
    if (!conversation) throw new AppError('NOT_FOUND', 'That conversation does not exist.');
    const expected = Buffer.from(conversation.token_hash, 'hex');
    const given = hashToken(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new AppError('FORBIDDEN', 'This conversation token is not valid.');
    return conversation;
  }

  async send(input: { id: string; token: string | undefined; text: string }): Promise<TurnResult> {
    await this.authorizedConversation(this.engine.repo(this.db), input);
    if (this.engine.isQueueFull(input.id)) throw rateLimited();
    return this.engine.turns.run(
      input.id,
      async (lease) => {
        const now = this.deps.now();
        if (await this.engine.isOverLimit(lease, now)) throw rateLimited();
        // No transaction and no lock from here to the save: the tools take their own
        // connections, the model takes its time (ADR 0014).
        const turn = await this.engine.runTurn({
          state: readState(lease.row.state),
          text: input.text,
          now,
          orchestrator: this.engine.orchestrators.web,
        });
        await this.engine.turns.save(lease, async (trx) => {
          await this.engine.recordTurn(this.engine.repo(trx), {
            conversationId: lease.conversationId,
            text: input.text,
            turn,
          });
          return { result: undefined, patch: patchOf(turn.next) };
        });
        const { output, next, isSilent } = turn;
        return {
          reply: isSilent ? { text: '' } : output.reply,
          intent: output.intent,
          agent: output.agent,
          toolCalls: output.toolCalls,
          handoff: {
            active: next.handoff.active,
            ...(next.handoff.reason ? { reason: next.handoff.reason } : {}),
          },
        };
      },
      ASSISTANT_TURN,
    );
  }

  /** The widget polls this for staff replies (and everything else) after the last id it saw. */
  async messagesAfter(input: { id: string; token: string | undefined; afterId: number }) {
    const repo = this.engine.repo(this.db);
    const conversation = await this.authorizedConversation(repo, input);
    const rows = await repo.listMessagesAfter(input.id, input.afterId);
    return {
      messages: rows.map((m) => ({
        id: m.id,
        role: m.role,
        text: m.text,
        createdAt: m.created_at.toISOString(),
      })),
      handoff: { active: conversation.status === 'handoff' },
    };
  }

  // ---- SMS -----------------------------------------------------------------------------

  receiveSms(...args: Parameters<SmsConversations['receiveSms']>) {
    return this.sms.receiveSms(...args);
  }

  // ---- staff inbox ---------------------------------------------------------------------

  listInbox(...args: Parameters<ConversationInboxService['listInbox']>) {
    return this.inbox.listInbox(...args);
  }

  inboxDetail(...args: Parameters<ConversationInboxService['inboxDetail']>) {
    return this.inbox.inboxDetail(...args);
  }

  takeOver(...args: Parameters<ConversationInboxService['takeOver']>) {
    return this.inbox.takeOver(...args);
  }

  staffReply(...args: Parameters<ConversationInboxService['staffReply']>) {
    return this.inbox.staffReply(...args);
  }

  handBack(...args: Parameters<ConversationInboxService['handBack']>) {
    return this.inbox.handBack(...args);
  }
}
