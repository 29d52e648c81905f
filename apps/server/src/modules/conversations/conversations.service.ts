import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  newConversation,
  Orchestrator,
  type AgentTools,
  type ConversationState,
  type TurnOutput,
} from '@teppan/agents';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { ConversationsRepository } from './conversations.repository.ts';

export const MESSAGES_PER_MINUTE = 10;

const hashToken = (token: string) => createHash('sha256').update(token).digest();

// The stored state is our own JSON, but it is still a boundary: a row written by an older
// version must fail loudly here, not deep inside the orchestrator.
const storedStateSchema = z.looseObject({
  id: z.string(),
  channel: z.enum(['web', 'sms', 'email']),
  role: z.enum(['customer', 'staff']),
  handoff: z.looseObject({ active: z.boolean() }),
  toolLog: z.array(z.unknown()),
});

export interface TurnResult {
  reply: { text: string; segments?: string[] };
  intent: string;
  agent: string;
  toolCalls: TurnOutput['toolCalls'];
  handoff: { active: boolean; reason?: string };
}

/**
 * Web chat (and later SMS/email) conversations: state between turns lives in
 * ai.conversations; each turn is recorded in ai.messages with its intent, entities, tool
 * calls, guardrail verdict and latency. While staff own a conversation the assistant is
 * silent: the message is recorded and nothing is answered.
 */
export class ConversationsService {
  private readonly orchestrator: Orchestrator;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { tools: AgentTools; now: () => Date },
  ) {
    this.orchestrator = new Orchestrator({ tools: deps.tools });
  }

  async start(channel: 'web'): Promise<{ id: string; token: string }> {
    const token = randomBytes(24).toString('base64url');
    const placeholder = newConversation({ id: 'pending', channel });
    const row = await new ConversationsRepository(this.db).insert({
      channel,
      tokenHash: hashToken(token).toString('hex'),
      state: placeholder,
    });
    await new ConversationsRepository(this.db).saveState(row.id, {
      state: { ...placeholder, id: row.id },
      status: 'assistant',
      handoffReason: null,
      handoffSummary: null,
    });
    return { id: row.id, token };
  }

  async send(input: { id: string; token: string | undefined; text: string }): Promise<TurnResult> {
    const token = input.token;
    if (!token) throw new AppError('UNAUTHORIZED', 'This conversation needs its token.');
    return this.db.transaction().execute(async (trx) => {
      const repo = new ConversationsRepository(trx);
      const conversation = await repo.findForUpdate(input.id);
      if (!conversation) throw new AppError('NOT_FOUND', 'That conversation does not exist.');
      const expected = Buffer.from(conversation.token_hash, 'hex');
      const given = hashToken(token);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        throw new AppError('FORBIDDEN', 'This conversation token is not valid.');
      const now = this.deps.now();
      const recent = await repo.countCustomerMessagesSince(
        input.id,
        new Date(now.getTime() - 60_000),
      );
      if (recent >= MESSAGES_PER_MINUTE)
        throw new AppError(
          'RATE_LIMITED',
          `At most ${MESSAGES_PER_MINUTE} messages a minute; please wait a moment.`,
          {
            retryAfterSeconds: 60,
          },
        );
      const parsed = storedStateSchema.safeParse(conversation.state);
      if (!parsed.success)
        throw new AppError('INTERNAL', 'The conversation state could not be read.');
      const state = parsed.data as unknown as ConversationState;
      await repo.addMessage({ conversationId: input.id, role: 'customer', text: input.text });
      const started = performance.now();
      const { state: next, output } = await this.orchestrator.handleTurn({
        state,
        text: input.text,
        now,
      });
      const latencyMs = performance.now() - started;
      const isSilent = state.handoff.active; // a human owns it: record, do not answer
      if (!isSilent)
        await repo.addMessage({
          conversationId: input.id,
          role: 'assistant',
          text: output.reply.text,
          intent: output.intent,
          confidence: output.confidence,
          agent: output.agent,
          entities: output.entities,
          toolCalls: output.toolCalls,
          guardrail: output.guardrail,
          handoff: output.handoff,
          latencyMs,
        });
      await repo.saveState(input.id, {
        state: next,
        status: next.handoff.active ? 'handoff' : 'assistant',
        handoffReason: next.handoff.reason ?? null,
        handoffSummary: next.handoff.summary ?? null,
      });
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
    });
  }
}
