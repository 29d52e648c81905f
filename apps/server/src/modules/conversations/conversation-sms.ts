import { randomBytes } from 'node:crypto';
import { newConversation } from '@teppan/agents';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../lib/db.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { ConsentsRepository } from './consents.repository.ts';
import { normalizeSmsPhone, smsKeywordOf, type SmsKeyword } from './sms-keywords.ts';
import {
  ASSISTANT_TURN,
  ConversationEngine,
  hashToken,
  keepingHandoff,
  patchOf,
  readState,
  type ConversationsDeps,
} from './conversation-engine.ts';

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

/** Thrown inside a save to roll it back: the provider's message id was already claimed. */
class DuplicateInboundSms extends Error {}

/**
 * Conversations by text message: STOP/START/HELP keywords with their consent, and the
 * assistant answering a number through the outbox, never a number that opted out.
 */
export class SmsConversations {
  private readonly business: { name: string; phone: string };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: ConversationsDeps,
    private readonly engine: ConversationEngine,
  ) {
    this.business = deps.business ?? { name: 'Teppan Hibachi', phone: '(510) 555-0142' };
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
      const isNew = await this.engine.repo(trx).claimInboundSms({
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

    const repo = this.engine.repo(this.db);
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
    if (this.engine.isQueueFull(conversationId)) return refuse();

    return this.engine.turns.run(
      conversationId,
      async (lease): Promise<InboundSmsOutcome> => {
        if (await repo.isInboundSmsClaimed(inbound.messageId)) return { status: 'duplicate' };
        const stored = readState(lease.row.state);
        const current = stored.id === 'pending' ? { ...stored, id: conversationId } : stored;
        // A redelivery that slipped past the check above (claimed outside the lease when this
        // process's line was full) rolls the whole save back.
        const claimOrRollBack = async (trx: Executor) => {
          if (!(await this.engine.repo(trx).claimInboundSms(claim)))
            throw new DuplicateInboundSms();
        };
        try {
          if (await this.engine.isSmsOptedOut(this.db, phone)) {
            // Kept for staff to read, but no one texts a number that said STOP until it says START.
            return await this.engine.turns.save<InboundSmsOutcome>(lease, async (trx) => {
              await claimOrRollBack(trx);
              await this.engine.repo(trx).addMessage({
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
          if (await this.engine.isOverLimit(lease, this.deps.now())) return await refuse();
          const turn = await this.engine.runTurn({
            state: current,
            text: inbound.text,
            now: this.deps.now(),
            orchestrator: this.engine.orchestrators.sms,
          });
          return await this.engine.turns.save<InboundSmsOutcome>(lease, async (trx) => {
            await claimOrRollBack(trx);
            await this.engine.recordTurn(this.engine.repo(trx), {
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
              // The whole text; `segments` are its carrier parts (core sms-segments).
              body: output.reply.text,
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
}
