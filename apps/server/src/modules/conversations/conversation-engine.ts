import { createHash } from 'node:crypto';
import {
  checkReply,
  formatForChannel,
  Orchestrator,
  type AgentTools,
  type ConversationState,
  type TurnOutput,
} from '@teppan/agents';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../lib/db.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { ConsentsRepository } from './consents.repository.ts';
import { hasStationRefs, stationRefsOf } from './conversation-station.ts';
import { ConversationTurns, type TurnLease } from './conversation-turns.ts';
import {
  ConversationsRepository,
  type ConversationPatch,
  type ConversationRow,
} from './conversations.repository.ts';
import type { Rephraser } from './llm-rephraser.ts';

export const MESSAGES_PER_MINUTE = 10;

// The orchestrator's default; the guardrail must read dates in the same zone it wrote them.
export const TIME_ZONE = 'America/Los_Angeles';

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

// The stored state is our own JSON, but it is still a boundary: a row written by an older
// version must fail loudly here, not deep inside the orchestrator.
export const storedStateSchema = z.looseObject({
  id: z.string(),
  channel: z.enum(['web', 'sms', 'email']),
  role: z.enum(['customer', 'staff']),
  handoff: z.looseObject({ active: z.boolean() }),
  toolLog: z.array(z.unknown()),
});

export function readState(stored: unknown): ConversationState {
  const parsed = storedStateSchema.safeParse(stored);
  if (!parsed.success) throw new AppError('INTERNAL', 'The conversation state could not be read.');
  return parsed.data as unknown as ConversationState;
}

export const ASSISTANT_TURN = { isAssistantTurn: true };

export const rateLimited = () =>
  new AppError(
    'RATE_LIMITED',
    `At most ${MESSAGES_PER_MINUTE} messages a minute; please wait a moment.`,
    { retryAfterSeconds: 60 },
  );

/** The columns a turn saves: the state and the handoff it implies. */
export const patchOf = (state: ConversationState): ConversationPatch => ({
  state,
  status: state.handoff.active ? 'handoff' : 'assistant',
  handoffReason: state.handoff.reason ?? null,
  handoffSummary: state.handoff.summary ?? null,
});

/** Saves `state` and leaves the row's handoff columns as they are. */
export const keepingHandoff = (
  row: ConversationRow,
  state: ConversationState,
): ConversationPatch => ({
  state,
  status: row.status === 'handoff' ? 'handoff' : 'assistant',
  handoffReason: row.handoff_reason,
  handoffSummary: row.handoff_summary,
});

export const updatedAtOf = (cursor: { value: Date; id: string }) => ({
  updatedAt: cursor.value,
  id: cursor.id,
});

/** What the orchestrator (and the optional rewording) made of one message, not yet saved. */
export interface TurnOutcome {
  output: TurnOutput;
  next: ConversationState;
  isSilent: boolean;
  rephrase?: { used: boolean; violations?: unknown };
  latencyMs: number;
}

export interface ConversationsDeps {
  tools: AgentTools;
  /** The same services with SMS as the lead and hold source; defaults to `tools`. */
  smsTools?: AgentTools;
  now: () => Date;
  /** The station a new conversation belongs to until it touches a booking, hold or quote. */
  defaultStationId: () => Promise<string>;
  rephraser?: Rephraser | null;
  business?: { name: string; phone: string };
  /** Assistant turns at once in this process (ASSISTANT_MAX_CONCURRENT_TURNS). */
  maxConcurrentTurns: number;
  /** Phone numbers, consents and outbox recipients are stored encrypted (ADR 0016). */
  fieldCrypto: FieldCrypto;
}

/** Staff acting in the inbox: they see and change only their stations' conversations. */
export type StaffActor = Pick<StaffPrincipal, 'id' | 'role' | 'stationIds'>;

/**
 * What every channel and the staff inbox share: the orchestrators, the per-conversation
 * line that runs turns and staff actions one at a time (ConversationTurns, ADR 0014), and
 * the assistant turn itself. One instance per ConversationsService, so web, SMS and inbox
 * wait in the same line.
 */
export class ConversationEngine {
  readonly orchestrators: { web: Orchestrator; sms: Orchestrator };
  readonly turns: ConversationTurns;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: ConversationsDeps,
  ) {
    this.orchestrators = {
      web: new Orchestrator({ tools: deps.tools, timeZone: TIME_ZONE }),
      sms: new Orchestrator({ tools: deps.smsTools ?? deps.tools, timeZone: TIME_ZONE }),
    };
    this.turns = new ConversationTurns(db, {
      maxAssistantTurns: deps.maxConcurrentTurns,
      fieldCrypto: deps.fieldCrypto,
    });
  }

  repo(db: Executor): ConversationsRepository {
    return new ConversationsRepository(db, this.deps.fieldCrypto);
  }

  /**
   * The limit is counted under the turn lease, where no other turn of the conversation can
   * add a message between the count and the save: exact under any concurrency.
   */
  async isOverLimit(lease: TurnLease, now: Date): Promise<boolean> {
    const recent = await this.repo(this.db).countCustomerMessagesSince(
      lease.conversationId,
      new Date(now.getTime() - 60_000),
    );
    return recent >= MESSAGES_PER_MINUTE;
  }

  /**
   * At most MESSAGES_PER_MINUTE turns of a conversation can be answered a minute, so one
   * more waiting in this process could only be refused after its wait: refuse it now.
   */
  isQueueFull(conversationId: string): boolean {
    return this.turns.waiting(conversationId) >= MESSAGES_PER_MINUTE;
  }

  /**
   * One customer turn, touching no database itself: run the orchestrator (its tools query
   * on their own), then optionally let the model reword the reply (kept only if the
   * guardrail passes it again).
   */
  async runTurn(input: {
    state: ConversationState;
    text: string;
    now: Date;
    orchestrator: Orchestrator;
  }): Promise<TurnOutcome> {
    const started = performance.now();
    const turn = await input.orchestrator.handleTurn({
      state: input.state,
      text: input.text,
      now: input.now,
    });
    const next = turn.state;
    let output = turn.output;
    const isSilent = input.state.handoff.active; // a human owns it: record, do not answer
    let rephrase: TurnOutcome['rephrase'];
    if (!isSilent && this.deps.rephraser && output.guardrail.passed && output.reply.text) {
      const reworded = await this.deps.rephraser.rephrase({
        text: output.reply.text,
        channel: next.channel,
      });
      if (reworded !== null) {
        const formatted = formatForChannel(reworded, next.channel);
        const verdict = checkReply({
          text: formatted.text,
          toolCalls: next.toolLog,
          timeZone: TIME_ZONE,
        });
        rephrase = verdict.passed
          ? { used: true }
          : { used: false, violations: verdict.violations };
        if (verdict.passed) {
          output = { ...output, reply: formatted };
          const last = next.history.at(-1);
          if (last?.role === 'assistant') last.text = formatted.text;
        }
      } else rephrase = { used: false };
    }
    return { output, next, isSilent, rephrase, latencyMs: performance.now() - started };
  }

  /** The customer's message and, unless a human owns the conversation, the answer. */
  async recordTurn(
    repo: ConversationsRepository,
    input: { conversationId: string; text: string; turn: TurnOutcome },
  ): Promise<void> {
    const { output, isSilent, rephrase, latencyMs } = input.turn;
    await repo.addMessage({
      conversationId: input.conversationId,
      role: 'customer',
      text: input.text,
    });
    if (isSilent) return;
    await repo.addMessage({
      conversationId: input.conversationId,
      role: 'assistant',
      text: output.reply.text,
      intent: output.intent,
      confidence: output.confidence,
      agent: output.agent,
      entities: output.entities,
      toolCalls: output.toolCalls,
      guardrail: rephrase ? { ...output.guardrail, rephrase } : output.guardrail,
      handoff: output.handoff,
      latencyMs,
    });
    // A turn that touched a booking, hold or quote moves the conversation to its station.
    const touched = stationRefsOf(output.toolCalls);
    if (hasStationRefs(touched)) await repo.assignStation(input.conversationId, touched);
  }

  async isSmsOptedOut(trx: Executor, phone: string): Promise<boolean> {
    const latest = await new ConsentsRepository(trx, this.deps.fieldCrypto).findLatestForPhone(
      phone,
      {
        channel: 'sms',
        purpose: 'all',
      },
    );
    return latest?.status === 'opted_out';
  }

  orchestratorFor(channel: string): Orchestrator {
    return channel === 'sms' ? this.orchestrators.sms : this.orchestrators.web;
  }
}
