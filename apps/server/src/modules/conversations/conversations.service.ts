import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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
import { ConversationsRepository } from './conversations.repository.ts';
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
  | { status: 'silent'; conversationId: string };

export interface ConversationsDeps {
  tools: AgentTools;
  /** The same services with SMS as the lead and hold source; defaults to `tools`. */
  smsTools?: AgentTools;
  now: () => Date;
  /** The station a new conversation belongs to until it touches a booking, hold or quote. */
  defaultStationId: () => Promise<string>;
  rephraser?: Rephraser | null;
  business?: { name: string; phone: string };
  /** Phone numbers, consents and outbox recipients are stored encrypted (ADR 0016). */
  fieldCrypto: FieldCrypto;
}

/** Staff acting in the inbox: they see and change only their stations' conversations. */
type StaffActor = Pick<StaffPrincipal, 'id' | 'role' | 'stationIds'>;

/**
 * Assistant conversations on every channel. State between turns lives in ai.conversations;
 * each turn is recorded in ai.messages with its intent, entities, tool calls, guardrail
 * verdict and latency. While staff own a conversation the assistant is silent: the message
 * is recorded and nothing is answered.
 */
export class ConversationsService {
  private readonly orchestrators: { web: Orchestrator; sms: Orchestrator };
  private readonly business: { name: string; phone: string };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: ConversationsDeps,
  ) {
    this.orchestrators = {
      web: new Orchestrator({ tools: deps.tools, timeZone: TIME_ZONE }),
      sms: new Orchestrator({ tools: deps.smsTools ?? deps.tools, timeZone: TIME_ZONE }),
    };
    this.business = deps.business ?? { name: 'Teppan Hibachi', phone: '(510) 555-0142' };
  }

  async start(channel: 'web'): Promise<{ id: string; token: string }> {
    const token = randomBytes(24).toString('base64url');
    const placeholder = newConversation({ id: 'pending', channel });
    const row = await new ConversationsRepository(this.db, this.deps.fieldCrypto).insert({
      channel,
      tokenHash: hashToken(token).toString('hex'),
      state: placeholder,
      stationId: await this.deps.defaultStationId(),
    });
    await new ConversationsRepository(this.db, this.deps.fieldCrypto).saveState(row.id, {
      state: { ...placeholder, id: row.id },
      status: 'assistant',
      handoffReason: null,
      handoffSummary: null,
    });
    return { id: row.id, token };
  }

  private async authorizedConversation(
    repo: ConversationsRepository,
    input: { id: string; token: string | undefined; forUpdate: boolean },
  ) {
    const token = input.token;
    if (!token) throw new AppError('UNAUTHORIZED', 'This conversation needs its token.');
    const conversation = input.forUpdate
      ? await repo.findForUpdate(input.id)
      : await repo.find(input.id);
    if (!conversation) throw new AppError('NOT_FOUND', 'That conversation does not exist.');
    const expected = Buffer.from(conversation.token_hash, 'hex');
    const given = hashToken(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new AppError('FORBIDDEN', 'This conversation token is not valid.');
    return conversation;
  }

  async send(input: { id: string; token: string | undefined; text: string }): Promise<TurnResult> {
    return this.db.transaction().execute(async (trx) => {
      const repo = new ConversationsRepository(trx, this.deps.fieldCrypto);
      const conversation = await this.authorizedConversation(repo, { ...input, forUpdate: true });
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
      const { output, next, isSilent } = await this.runTurn(repo, {
        conversationId: input.id,
        state: readState(conversation.state),
        text: input.text,
        now,
        orchestrator: this.orchestrators.web,
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

  /** The widget polls this for staff replies (and everything else) after the last id it saw. */
  async messagesAfter(input: { id: string; token: string | undefined; afterId: number }) {
    const repo = new ConversationsRepository(this.db, this.deps.fieldCrypto);
    const conversation = await this.authorizedConversation(repo, { ...input, forUpdate: false });
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
   * One customer turn: record the message, run the orchestrator, optionally let the model
   * reword the reply (kept only if the guardrail passes it again), record the answer.
   */
  private async runTurn(
    repo: ConversationsRepository,
    input: {
      conversationId: string;
      state: ConversationState;
      text: string;
      now: Date;
      orchestrator: Orchestrator;
    },
  ): Promise<{ output: TurnOutput; next: ConversationState; isSilent: boolean }> {
    await repo.addMessage({
      conversationId: input.conversationId,
      role: 'customer',
      text: input.text,
    });
    const started = performance.now();
    const turn = await input.orchestrator.handleTurn({
      state: input.state,
      text: input.text,
      now: input.now,
    });
    const next = turn.state;
    let output = turn.output;
    const isSilent = input.state.handoff.active; // a human owns it: record, do not answer
    let rephrase: { used: boolean; violations?: unknown } | undefined;
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
    const latencyMs = performance.now() - started;
    if (!isSilent)
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
    await repo.saveState(input.conversationId, {
      state: next,
      status: next.handoff.active ? 'handoff' : 'assistant',
      handoffReason: next.handoff.reason ?? null,
      handoffSummary: next.handoff.summary ?? null,
    });
    // A turn that touched a booking, hold or quote moves the conversation to its station.
    const touched = stationRefsOf(output.toolCalls);
    if (hasStationRefs(touched)) await repo.assignStation(input.conversationId, touched);
    return { output, next, isSilent };
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

  /**
   * Inbound SMS (RingCentral): each provider message id once; STOP/START/HELP answered
   * before the assistant; otherwise the number's conversation takes a turn and the reply is
   * queued in the outbox, never to a number that opted out.
   */
  async receiveSms(inbound: InboundSms): Promise<InboundSmsOutcome> {
    const phone = normalizeSmsPhone(inbound.from);
    const keyword = smsKeywordOf(inbound.text);
    // Read before the transaction: it may need a connection of its own on a cold cache.
    const defaultStationId = await this.deps.defaultStationId();
    return this.db.transaction().execute(async (trx): Promise<InboundSmsOutcome> => {
      const repo = new ConversationsRepository(trx, this.deps.fieldCrypto);
      const isNew = await repo.claimInboundSms({
        messageId: inbound.messageId,
        provider: 'ringcentral',
        fromPhone: phone,
        toPhone: inbound.to,
        text: inbound.text,
        keyword,
      });
      if (!isNew) return { status: 'duplicate' };
      const outbox = new OutboxRepository(trx, this.deps.fieldCrypto);
      if (keyword) {
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
        await outbox.record({
          channel: 'sms',
          recipient: phone,
          subject: null,
          body: text,
          template: `sms_keyword_${keyword}`,
          data: { inboundMessageId: inbound.messageId },
          dedupeKey: `sms:${inbound.messageId}:keyword`,
        });
        return { status: 'keyword', keyword };
      }

      const state = newConversation({ id: 'pending', channel: 'sms' });
      await repo.insertSmsIfMissing({
        phone,
        // SMS conversations are reached by phone number, never by token: store an unusable one.
        tokenHash: hashToken(randomBytes(24).toString('base64url')).toString('hex'),
        state,
        stationId: defaultStationId,
      });
      const conversation = await repo.findSmsByPhoneForUpdate(phone);
      if (!conversation) throw new AppError('INTERNAL', 'The SMS conversation was not created.');
      await repo.linkInboundSms(inbound.messageId, conversation.id);
      const stored = readState(conversation.state);
      const current = stored.id === 'pending' ? { ...stored, id: conversation.id } : stored;
      if (await this.isSmsOptedOut(trx, phone)) {
        // Kept for staff to read, but no one texts a number that said STOP until it says START.
        await repo.addMessage({
          conversationId: conversation.id,
          role: 'customer',
          text: inbound.text,
        });
        await repo.saveState(conversation.id, {
          state: current,
          status: conversation.status === 'handoff' ? 'handoff' : 'assistant',
          handoffReason: conversation.handoff_reason,
          handoffSummary: conversation.handoff_summary,
        });
        return { status: 'opted_out', conversationId: conversation.id };
      }
      const { output, isSilent } = await this.runTurn(repo, {
        conversationId: conversation.id,
        state: current,
        text: inbound.text,
        now: this.deps.now(),
        orchestrator: this.orchestrators.sms,
      });
      if (isSilent || !output.reply.text)
        return { status: 'silent', conversationId: conversation.id };
      const segments = output.reply.segments ?? [output.reply.text];
      await outbox.record({
        channel: 'sms',
        recipient: phone,
        subject: null,
        body: segments.join(' '),
        template: 'assistant_reply',
        data: { conversationId: conversation.id, segments },
        dedupeKey: `sms:${inbound.messageId}:reply`,
      });
      return { status: 'answered', conversationId: conversation.id, segments: segments.length };
    });
  }

  // ---- staff inbox ---------------------------------------------------------------------

  async listInbox(
    staff: StaffPrincipal,
    query: { status?: 'assistant' | 'handoff'; stationId?: string; cursor?: string; limit: number },
  ) {
    const rows = await new ConversationsRepository(this.db, this.deps.fieldCrypto).listByStatus({
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
    const repo = new ConversationsRepository(this.db, this.deps.fieldCrypto);
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

  private async withConversation<T>(
    id: string,
    staff: StaffActor,
    work: (ctx: {
      trx: Executor;
      repo: ConversationsRepository;
      row: NonNullable<Awaited<ReturnType<ConversationsRepository['findForUpdate']>>>;
      state: ConversationState;
    }) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const repo = new ConversationsRepository(trx, this.deps.fieldCrypto);
      const row = await repo.findForUpdate(id);
      if (!row || !canSeeStationRecord(staff, row.station_id))
        throw new AppError('CONVERSATION_NOT_FOUND');
      return work({ trx, repo, row, state: readState(row.state) });
    });
  }

  private orchestratorFor(channel: string): Orchestrator {
    return channel === 'sms' ? this.orchestrators.sms : this.orchestrators.web;
  }

  /** Staff own the conversation from now on; the assistant records but does not answer. */
  async takeOver(id: string, actor: StaffActor, context: StaffRequestContext) {
    return this.withConversation(id, actor, async ({ trx, repo, row, state }) => {
      const next = this.orchestratorFor(row.channel).takeOver(state);
      await repo.saveState(id, {
        state: next,
        status: 'handoff',
        handoffReason: next.handoff.reason ?? null,
        handoffSummary: next.handoff.summary ?? null,
      });
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
      return { id, status: 'handoff' as const, handoffReason: next.handoff.reason ?? null };
    });
  }

  /** A staff reply: stored for the widget to fetch and, on SMS, queued as a text. */
  async staffReply(
    id: string,
    input: { text: string; actor: StaffActor },
    context: StaffRequestContext,
  ) {
    return this.withConversation(id, input.actor, async ({ trx, repo, row }) => {
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
      await repo.saveState(id, {
        state: readState(row.state),
        status: 'handoff',
        handoffReason: row.handoff_reason,
        handoffSummary: row.handoff_summary,
      });
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
      return { id: message.id, role: 'staff' as const, text: input.text, queuedSms };
    });
  }

  /** The assistant answers again; the open flow is dropped so it starts from a clean slate. */
  async handBack(id: string, actor: StaffActor, context: StaffRequestContext) {
    return this.withConversation(id, actor, async ({ trx, repo, row, state }) => {
      if (row.status !== 'handoff') throw new AppError('CONVERSATION_NOT_TAKEN_OVER');
      const next = this.orchestratorFor(row.channel).handBack(state);
      await repo.saveState(id, {
        state: next,
        status: 'assistant',
        handoffReason: null,
        handoffSummary: null,
      });
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
      return { id, status: 'assistant' as const };
    });
  }
}
