import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  checkReply,
  formatForChannel,
  newConversation,
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
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import type { Executor } from '../../lib/db.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { canSeeStationRecord } from '../staff/permissions.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import { ConsentsRepository } from './consents.repository.ts';
import { hasStationRefs, stationRefsOf } from './conversation-station.ts';
import { ConversationTurns, type TurnLease } from './conversation-turns.ts';
import {
  ConversationsRepository,
  type ConversationPatch,
  type ConversationRow,
} from './conversations.repository.ts';
import type { Rephraser } from './llm-rephraser.ts';
import { normalizeSmsPhone, smsKeywordOf, type SmsKeyword } from './sms-keywords.ts';

export const MESSAGES_PER_MINUTE = 10;

// The orchestrator's default; the guardrail must read dates in the same zone it wrote them.
const TIME_ZONE = 'America/Los_Angeles';

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

function readState(stored: unknown): ConversationState {
  const parsed = storedStateSchema.safeParse(stored);
  if (!parsed.success) throw new AppError('INTERNAL', 'The conversation state could not be read.');
  return parsed.data as unknown as ConversationState;
}

const ASSISTANT_TURN = { isAssistantTurn: true };

const rateLimited = () =>
  new AppError(
    'RATE_LIMITED',
    `At most ${MESSAGES_PER_MINUTE} messages a minute; please wait a moment.`,
    { retryAfterSeconds: 60 },
  );

/** The columns a turn saves: the state and the handoff it implies. */
const patchOf = (state: ConversationState): ConversationPatch => ({
  state,
  status: state.handoff.active ? 'handoff' : 'assistant',
  handoffReason: state.handoff.reason ?? null,
  handoffSummary: state.handoff.summary ?? null,
});

/** Saves `state` and leaves the row's handoff columns as they are. */
const keepingHandoff = (row: ConversationRow, state: ConversationState): ConversationPatch => ({
  state,
  status: row.status === 'handoff' ? 'handoff' : 'assistant',
  handoffReason: row.handoff_reason,
  handoffSummary: row.handoff_summary,
});

const updatedAtOf = (cursor: { value: Date; id: string }) => ({
  updatedAt: cursor.value,
  id: cursor.id,
});

export interface TurnResult {
  reply: { text: string; segments?: string[] };
  intent: string;
  agent: string;
  toolCalls: TurnOutput['toolCalls'];
  handoff: { active: boolean; reason?: string };
}

/** An inbound SMS already authenticated and parsed by the route. */
export interface InboundSms {
  messageId: string;
  from: string;
  to: string | null;
  text: string;
}

export type InboundSmsOutcome =
  | { status: 'duplicate' }
  | { status: 'keyword'; keyword: SmsKeyword }
  | { status: 'opted_out'; conversationId: string }
  | { status: 'answered'; conversationId: string; segments: number }
  | { status: 'silent'; conversationId: string }
  /** Over the per-conversation limit: kept in the inbound log, not answered. */
  | { status: 'rate_limited'; conversationId: string };

/** What the orchestrator (and the optional rewording) made of one message, not yet saved. */
interface TurnOutcome {
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
type StaffActor = Pick<StaffPrincipal, 'id' | 'role' | 'stationIds'>;

/** Thrown inside a save to roll it back: the provider's message id was already claimed. */
class DuplicateInboundSms extends Error {}

/**
 * Assistant conversations on every channel. State between turns lives in ai.conversations;
 * each turn is recorded in ai.messages with its intent, entities, tool calls, guardrail
 * verdict and latency. While staff own a conversation the assistant is silent: the message
 * is recorded and nothing is answered. Turns and staff actions on one conversation run one
 * at a time through ConversationTurns, which holds no connection or lock while a turn's
 * tools work (ADR 0014).
 */
export class ConversationsService {
  private readonly orchestrators: { web: Orchestrator; sms: Orchestrator };
  private readonly business: { name: string; phone: string };
  private readonly turns: ConversationTurns;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: ConversationsDeps,
  ) {
    this.orchestrators = {
      web: new Orchestrator({ tools: deps.tools, timeZone: TIME_ZONE }),
      sms: new Orchestrator({ tools: deps.smsTools ?? deps.tools, timeZone: TIME_ZONE }),
    };
    this.business = deps.business ?? { name: 'Teppan Hibachi', phone: '(510) 555-0142' };
    this.turns = new ConversationTurns(db, {
      maxAssistantTurns: deps.maxConcurrentTurns,
      fieldCrypto: deps.fieldCrypto,
    });
  }

  private repo(db: Executor): ConversationsRepository {
    return new ConversationsRepository(db, this.deps.fieldCrypto);
  }

  async start(channel: 'web'): Promise<{ id: string; token: string }> {
    const token = randomBytes(24).toString('base64url');
    const id = randomUUID();
    await this.repo(this.db).insert({
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

  /**
   * The limit is counted under the turn lease, where no other turn of the conversation can
   * add a message between the count and the save: exact under any concurrency.
   */
  private async isOverLimit(lease: TurnLease, now: Date): Promise<boolean> {
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
  private isQueueFull(conversationId: string): boolean {
    return this.turns.waiting(conversationId) >= MESSAGES_PER_MINUTE;
  }

  async send(input: { id: string; token: string | undefined; text: string }): Promise<TurnResult> {
    await this.authorizedConversation(this.repo(this.db), input);
    if (this.isQueueFull(input.id)) throw rateLimited();
    return this.turns.run(
      input.id,
      async (lease) => {
        const now = this.deps.now();
        if (await this.isOverLimit(lease, now)) throw rateLimited();
        // No transaction and no lock from here to the save: the tools take their own
        // connections, the model takes its time (ADR 0014).
        const turn = await this.runTurn({
          state: readState(lease.row.state),
          text: input.text,
          now,
          orchestrator: this.orchestrators.web,
        });
        await this.turns.save(lease, async (trx) => {
          await this.recordTurn(this.repo(trx), {
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
    const repo = this.repo(this.db);
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

  /**
   * One customer turn, touching no database itself: run the orchestrator (its tools query
   * on their own), then optionally let the model reword the reply (kept only if the
   * guardrail passes it again).
   */
  private async runTurn(input: {
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
  private async recordTurn(
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

  // ---- SMS -----------------------------------------------------------------------------

  private async isSmsOptedOut(trx: Executor, phone: string): Promise<boolean> {
    const latest = await new ConsentsRepository(trx, this.deps.fieldCrypto).findLatestForPhone(
      phone,
      {
        channel: 'sms',
        purpose: 'all',
      },
    );
    return latest?.status === 'opted_out';
  }

  private keywordReply(keyword: SmsKeyword): string {
    const { name, phone } = this.business;
    switch (keyword) {
      case 'stop':
        return `${name}: You are unsubscribed and will receive no more texts from us. Reply START to resubscribe.`;
      case 'start':
        return `${name}: You are subscribed again. Reply HELP for help, STOP to unsubscribe. Msg & data rates may apply.`;
      case 'help':
        return `${name}: Call us at ${phone} or visit our website. Reply STOP to unsubscribe. Msg & data rates may apply.`;
    }
  }

  /** STOP/START/HELP: consent and the one confirmation, in one short transaction. */
  private async receiveKeyword(
    inbound: InboundSms,
    input: { phone: string; keyword: SmsKeyword },
  ): Promise<InboundSmsOutcome> {
    const { phone, keyword } = input;
    return this.db.transaction().execute(async (trx): Promise<InboundSmsOutcome> => {
      const isNew = await this.repo(trx).claimInboundSms({
        messageId: inbound.messageId,
        provider: 'ringcentral',
        fromPhone: phone,
        toPhone: inbound.to,
        text: inbound.text,
        keyword,
      });
      if (!isNew) return { status: 'duplicate' };
      const text = this.keywordReply(keyword);
      if (keyword !== 'help')
        await new ConsentsRepository(trx, this.deps.fieldCrypto).record({
          phone,
          channel: 'sms',
          purpose: 'all',
          status: keyword === 'stop' ? 'opted_out' : 'opted_in',
          source: `sms_keyword:${inbound.text.trim().toUpperCase().slice(0, 20)}`,
          textShown: text,
        });
      // Carriers require the one confirmation of STOP even though the number just opted out.
      await new OutboxRepository(trx, this.deps.fieldCrypto).record({
        channel: 'sms',
        recipient: phone,
        subject: null,
        body: text,
        template: `sms_keyword_${keyword}`,
        data: { inboundMessageId: inbound.messageId },
        dedupeKey: `sms:${inbound.messageId}:keyword`,
      });
      return { status: 'keyword', keyword };
    });
  }

  /**
   * Inbound SMS (RingCentral): each provider message id once; STOP/START/HELP answered
   * before the assistant; otherwise the number's conversation takes a turn (serialised like
   * web turns, at most MESSAGES_PER_MINUTE a minute) and the reply is queued in the outbox,
   * never to a number that opted out. The message id is claimed in the transaction that
   * saves the turn, so a turn that fails leaves it free for the provider's redelivery.
   */
  async receiveSms(inbound: InboundSms): Promise<InboundSmsOutcome> {
    const phone = normalizeSmsPhone(inbound.from);
    const keyword = smsKeywordOf(inbound.text);
    if (keyword) return this.receiveKeyword(inbound, { phone, keyword });

    const repo = this.repo(this.db);
    await repo.insertSmsIfMissing({
      phone,
      stationId: await this.deps.defaultStationId(),
      // SMS conversations are reached by phone number, never by token: store an unusable one.
      tokenHash: hashToken(randomBytes(24).toString('base64url')).toString('hex'),
      state: newConversation({ id: 'pending', channel: 'sms' }),
    });
    const found = await repo.findSmsByPhone(phone);
    if (!found) throw new AppError('INTERNAL', 'The SMS conversation was not created.');
    const conversationId = found.id;
    const claim = {
      messageId: inbound.messageId,
      provider: 'ringcentral',
      fromPhone: phone,
      toPhone: inbound.to,
      text: inbound.text,
      keyword: null,
      conversationId,
    };
    // Refused, but kept in the inbound log (and answered 200: the provider must not retry).
    const refuse = async (): Promise<InboundSmsOutcome> =>
      (await repo.claimInboundSms(claim))
        ? { status: 'rate_limited', conversationId }
        : { status: 'duplicate' };
    if (this.isQueueFull(conversationId)) return refuse();

    return this.turns.run(
      conversationId,
      async (lease): Promise<InboundSmsOutcome> => {
        if (await repo.isInboundSmsClaimed(inbound.messageId)) return { status: 'duplicate' };
        const stored = readState(lease.row.state);
        const current = stored.id === 'pending' ? { ...stored, id: conversationId } : stored;
        // A redelivery that slipped past the check above (claimed outside the lease when this
        // process's line was full) rolls the whole save back.
        const claimOrRollBack = async (trx: Executor) => {
          if (!(await this.repo(trx).claimInboundSms(claim))) throw new DuplicateInboundSms();
        };
        try {
          if (await this.isSmsOptedOut(this.db, phone)) {
            // Kept for staff to read, but no one texts a number that said STOP until it says START.
            return await this.turns.save<InboundSmsOutcome>(lease, async (trx) => {
              await claimOrRollBack(trx);
              await this.repo(trx).addMessage({
                conversationId,
                role: 'customer',
                text: inbound.text,
              });
              return {
                result: { status: 'opted_out', conversationId },
                patch: keepingHandoff(lease.row, current),
              };
            });
          }
          if (await this.isOverLimit(lease, this.deps.now())) return await refuse();
          const turn = await this.runTurn({
            state: current,
            text: inbound.text,
            now: this.deps.now(),
            orchestrator: this.orchestrators.sms,
          });
          return await this.turns.save<InboundSmsOutcome>(lease, async (trx) => {
            await claimOrRollBack(trx);
            await this.recordTurn(this.repo(trx), {
              conversationId,
              text: inbound.text,
              turn,
            });
            const patch = patchOf(turn.next);
            const { output, isSilent } = turn;
            if (isSilent || !output.reply.text)
              return { result: { status: 'silent', conversationId }, patch };
            const segments = output.reply.segments ?? [output.reply.text];
            await new OutboxRepository(trx, this.deps.fieldCrypto).record({
              channel: 'sms',
              recipient: phone,
              subject: null,
              body: segments.join(' '),
              template: 'assistant_reply',
              data: { conversationId, segments },
              dedupeKey: `sms:${inbound.messageId}:reply`,
            });
            return {
              result: { status: 'answered', conversationId, segments: segments.length },
              patch,
            };
          });
        } catch (error) {
          if (error instanceof DuplicateInboundSms) return { status: 'duplicate' };
          throw error;
        }
      },
      ASSISTANT_TURN,
    );
  }

  // ---- staff inbox ---------------------------------------------------------------------

  async listInbox(
    staff: StaffPrincipal,
    query: { status?: 'assistant' | 'handoff'; stationId?: string; cursor?: string; limit: number },
  ) {
    const rows = await this.repo(this.db).listByStatus({
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
    const repo = this.repo(this.db);
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
    staff: StaffActor,
    work: (ctx: {
      trx: Executor;
      repo: ConversationsRepository;
      row: ConversationRow;
      state: ConversationState;
    }) => Promise<{ result: T; patch: ConversationPatch }>,
  ): Promise<T> {
    const found = await this.repo(this.db).find(id);
    if (!found || !canSeeStationRecord(staff, found.station_id))
      throw new AppError('CONVERSATION_NOT_FOUND');
    return this.turns.run(
      id,
      (lease) =>
        this.turns.save(lease, (trx) =>
          work({
            trx,
            repo: this.repo(trx),
            row: lease.row,
            state: readState(lease.row.state),
          }),
        ),
      { isAssistantTurn: false },
    );
  }

  private orchestratorFor(channel: string): Orchestrator {
    return channel === 'sms' ? this.orchestrators.sms : this.orchestrators.web;
  }

  /** Staff own the conversation from now on; the assistant records but does not answer. */
  async takeOver(id: string, actor: StaffActor, context: StaffRequestContext) {
    return this.withConversation(id, actor, async ({ trx, row, state }) => {
      const next = this.orchestratorFor(row.channel).takeOver(state);
      await new AuditRepository(trx).record({
        actor: `staff:${actor.id}`,
        action: 'conversation.take_over',
        entity: 'conversation',
        entityId: id,
        stationId: row.station_id,
        before: { status: row.status },
        after: { status: 'handoff', reason: next.handoff.reason ?? null },
        ip: context.ip,
        requestId: context.requestId,
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
    return this.withConversation(id, input.actor, async ({ trx, repo, row, state }) => {
      // Replying beside a still-talking assistant would give the customer two voices.
      if (row.status !== 'handoff') throw new AppError('CONVERSATION_NOT_TAKEN_OVER');
      if (row.channel === 'sms' && row.phone && (await this.isSmsOptedOut(trx, row.phone)))
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
          body: segments.join(' '),
          template: 'staff_reply',
          data: { conversationId: id, segments, staffId: input.actor.id },
          dedupeKey: `staff-reply:${message.id}`,
        });
        queuedSms = true;
      }
      await new AuditRepository(trx).record({
        actor: `staff:${input.actor.id}`,
        action: 'conversation.reply',
        entity: 'conversation',
        entityId: id,
        stationId: row.station_id,
        after: { messageId: message.id, text: input.text, queuedSms },
        ip: context.ip,
        requestId: context.requestId,
      });
      return {
        result: { id: message.id, role: 'staff' as const, text: input.text, queuedSms },
        patch: keepingHandoff(row, state),
      };
    });
  }

  /** The assistant answers again; the open flow is dropped so it starts from a clean slate. */
  async handBack(id: string, actor: StaffActor, context: StaffRequestContext) {
    return this.withConversation(id, actor, async ({ trx, row, state }) => {
      if (row.status !== 'handoff') throw new AppError('CONVERSATION_NOT_TAKEN_OVER');
      const next = this.orchestratorFor(row.channel).handBack(state);
      await new AuditRepository(trx).record({
        actor: `staff:${actor.id}`,
        action: 'conversation.hand_back',
        entity: 'conversation',
        entityId: id,
        stationId: row.station_id,
        before: { status: row.status, reason: row.handoff_reason },
        after: { status: 'assistant' },
        ip: context.ip,
        requestId: context.requestId,
      });
      return { result: { id, status: 'assistant' as const }, patch: patchOf(next) };
    });
  }
}
