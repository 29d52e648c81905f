import {
  addDays,
  cancellationOutcome,
  checkNotice,
  defaultSettings,
  formatCents,
  rescheduleTerms,
  utcToZoned,
} from '@teppan/core';
import type { Settings, SlotTime } from '@teppan/core';
import { IntentClassifier } from '../nlu/classifier.ts';
import type { Classification } from '../nlu/classifier.ts';
import { extractEntities } from '../nlu/entities.ts';
import type { Entities } from '../nlu/entities.ts';
import type { Intent } from '../nlu/intents.ts';
import { trainingExamples } from '../nlu/training-data.ts';
import { checkReply, SAFE_REPLY } from '../guardrail/guardrail.ts';
import { AgentToolError } from '../tools/agent-tools.ts';
import type {
  AgentTools,
  AvailabilityOutput,
  BookingSummary,
  KnowledgeHit,
  QuoteToolInput,
  QuoteToolOutput,
  ToolCall,
  ToolName,
} from '../tools/agent-tools.ts';
import { formatForChannel } from './channel-format.ts';
import { displayDate, displayInstant, displayTime, plural } from './display.ts';
import {
  escalationFromMessage,
  handoffAgentFor,
  handoffOpeners,
  isInjectionAttempt,
} from './escalation.ts';
import type { AgentName, ConversationState, Flow, HandoffReason, TurnOutput } from './types.ts';

export type OrchestratorOptions = {
  tools: AgentTools;
  settings?: Settings;
  timeZone?: string;
  classifier?: IntentClassifier;
};

type Turn = {
  state: ConversationState;
  text: string;
  now: Date;
  entities: Entities;
  calls: ToolCall[];
};

type AgentReply = { agent: AgentName; text: string; intent?: Intent };

type ToolResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const FLOW_INTENT: Record<Flow, Intent> = {
  quote: 'quote',
  book: 'book',
  availability: 'availability',
  travel_fee: 'travel_fee',
  reschedule: 'reschedule',
  cancel: 'cancel',
  payment_status: 'payment_status',
};

/** Intents a clear message may switch to even in the middle of a flow. */
const TOPIC_SWITCH = new Set<Intent>([
  'book',
  'reschedule',
  'cancel',
  'payment_status',
  'complaint',
  'refund',
  'human',
  'staff_question',
  'menu',
  'dietary_allergens',
  'policy',
  'logistics',
  'how_to_pay',
]);
const CHATTER = new Set<Intent>(['greeting', 'small_talk', 'out_of_scope', 'thanks']);
const AFFIRMATIVE =
  /^\s*(yes|yeah|yep|yup|sure|ok(?:ay)?|sounds good|let'?s do it|please do|do it|go ahead|book it|hold it)\b/i;

let sharedClassifier: IntentClassifier | null = null;

/** Trained once per process from data/intents.json; training is deterministic. */
export function defaultClassifier(): IntentClassifier {
  sharedClassifier ??= new IntentClassifier(trainingExamples);
  return sharedClassifier;
}

function hasGuests(entities: Entities): boolean {
  return (
    entities.adults !== undefined ||
    entities.children !== undefined ||
    entities.toddlers !== undefined ||
    entities.guests !== undefined
  );
}

function hasFlowSlot(entities: Entities): boolean {
  return (
    hasGuests(entities) ||
    entities.zip !== undefined ||
    entities.address !== undefined ||
    entities.date !== undefined ||
    entities.time !== undefined ||
    entities.name !== undefined ||
    entities.phone !== undefined ||
    entities.email !== undefined ||
    entities.bookingNumber !== undefined ||
    entities.addons !== undefined
  );
}

export class Orchestrator {
  private readonly tools: AgentTools;
  private readonly settings: Settings;
  private readonly timeZone: string;
  private readonly classifier: IntentClassifier;

  constructor(options: OrchestratorOptions) {
    this.tools = options.tools;
    this.settings = options.settings ?? defaultSettings;
    this.timeZone = options.timeZone ?? 'America/Los_Angeles';
    this.classifier = options.classifier ?? defaultClassifier();
  }

  classify(text: string): Classification {
    return this.classifier.classify(text);
  }

  /** Staff take a conversation over: the assistant stays silent until it is handed back. */
  takeOver(state: ConversationState, summary?: string): ConversationState {
    return {
      ...state,
      handoff: {
        active: true,
        reason: state.handoff.reason ?? 'explicit_request',
        summary: summary ?? state.handoff.summary,
      },
    };
  }

  handBack(state: ConversationState): ConversationState {
    return { ...state, flow: null, handoff: { active: false } };
  }

  async handleTurn(options: {
    state: ConversationState;
    text: string;
    now: Date;
  }): Promise<{ state: ConversationState; output: TurnOutput }> {
    const state = structuredClone(options.state);
    const text = options.text.slice(0, 2000);
    const classification = this.classifier.classify(text);
    const entities = extractEntities(text, { now: options.now, timeZone: this.timeZone });
    state.turns += 1;
    state.history.push({ role: 'customer', text });

    if (state.handoff.active) {
      // A human owns the conversation: record the message, say nothing.
      return {
        state,
        output: {
          reply: { text: '' },
          intent: classification.intent,
          confidence: classification.confidence,
          agent: 'Human',
          entities,
          toolCalls: [],
          handoff: this.publicHandoff(state),
          guardrail: { passed: true, violations: [] },
        },
      };
    }

    const turn: Turn = { state, text, now: options.now, entities, calls: [] };
    this.mergeSlots(turn);
    const intent = this.resolveIntent(turn, classification);
    const reply = await this.route(turn, intent);

    const formatted = formatForChannel(reply.text, state.channel);
    const guardrail = checkReply({
      text: formatted.text,
      toolCalls: state.toolLog,
      timeZone: this.timeZone,
    });
    const final = guardrail.passed ? formatted : formatForChannel(SAFE_REPLY, state.channel);
    state.history.push({ role: 'assistant', text: final.text });
    if (state.history.length > 40) state.history.splice(0, state.history.length - 40);
    return {
      state,
      output: {
        reply: final,
        intent: reply.intent ?? intent,
        confidence: classification.confidence,
        agent: reply.agent,
        entities,
        toolCalls: turn.calls,
        handoff: this.publicHandoff(state),
        guardrail,
      },
    };
  }

  private publicHandoff(state: ConversationState): TurnOutput['handoff'] {
    return state.handoff.active
      ? { active: true, reason: state.handoff.reason, summary: state.handoff.summary }
      : { active: false };
  }

  // ---- understanding -------------------------------------------------------------------

  private mergeSlots(turn: Turn): void {
    const { entities: e, state } = turn;
    const slots = state.slots;
    if (hasGuests(e)) {
      // A correction names only what changes ("actually make it 14 adults"): keep the rest.
      if (e.adults !== undefined) slots.adults = e.adults;
      else if (e.guests !== undefined && e.children === undefined) slots.adults = e.guests;
      if (e.children !== undefined) slots.children = e.children;
      if (e.toddlers !== undefined) slots.toddlers = e.toddlers;
    }
    if (e.zip !== undefined) slots.zip = e.zip;
    if (e.address !== undefined) slots.address = e.address;
    if (e.date !== undefined) slots.date = e.date;
    if (e.time !== undefined) {
      slots.time = e.time;
      if (e.slot !== undefined) slots.slot = e.slot;
      else delete slots.slot;
    }
    if (e.allergens) slots.allergens = [...new Set([...(slots.allergens ?? []), ...e.allergens])];
    if (e.diets) slots.diets = [...new Set([...(slots.diets ?? []), ...e.diets])];
    if (e.phone !== undefined) slots.phone = e.phone;
    if (e.email !== undefined) slots.email = e.email;
    if (e.bookingNumber !== undefined) slots.bookingNumber = e.bookingNumber;
    if (e.name !== undefined) slots.name = e.name;
    else if (state.flow === 'book' && slots.name === undefined) {
      // Asked for a name, "Maria Lopez, maria@example.com" carries it before the contact details.
      const first = turn.text
        .replace(/\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b/gi, ' ')
        .replace(/[\d()+.-][\d()+.\s-]{6,}\d/g, ' ')
        .split(/[,;\n]/)
        .map((part) => part.trim())
        .find((part) => part.length > 0);
      const isName =
        first !== undefined &&
        /^[A-Za-z][A-Za-z'-]+(?:\s+[A-Za-z][A-Za-z'-]+){0,2}$/.test(first) &&
        !AFFIRMATIVE.test(first);
      if (isName) {
        slots.name = first;
        e.name = first;
      }
    }
    if (e.proteins) {
      const counted = Object.entries(e.proteins).filter(
        (entry): entry is [string, number] => typeof entry[1] === 'number',
      );
      if (counted.length > 0) slots.proteins = Object.fromEntries(counted);
    }
    if (e.addons) {
      const everyone = (slots.adults ?? 0) + (slots.children ?? 0);
      const addons: NonNullable<typeof slots.addons> = { ...(slots.addons ?? {}) };
      for (const [code, count] of Object.entries(e.addons) as [
        keyof typeof addons,
        number | true,
      ][]) {
        // No count given ("add noodles") means a portion for every guest who eats a full meal.
        addons[code] = count === true ? Math.max(1, everyone) : count;
      }
      slots.addons = addons;
    }
  }

  private resolveIntent(turn: Turn, classification: Classification): Intent {
    const { state, entities } = turn;
    const classified = classification.intent;
    if (isInjectionAttempt(turn.text)) return classified === 'quote' ? 'quote' : 'out_of_scope';
    if (state.handoff.pending) return state.handoff.pending.intent;
    const flow = state.flow;
    if (flow !== null) {
      if (flow === 'quote' && state.lastQuote && AFFIRMATIVE.test(turn.text)) return 'book';
      if (flow === 'availability' && AFFIRMATIVE.test(turn.text)) return 'book';
      const confident = classification.confidence >= 0.5;
      if (TOPIC_SWITCH.has(classified) && confident && classified !== FLOW_INTENT[flow]) {
        // In the booking flow, details like "15 adults on Saturday" are answers, not a new topic.
        if (!(
          flow === 'book' &&
          hasFlowSlot(entities) &&
          classified !== 'cancel' &&
          classified !== 'complaint' &&
          classified !== 'refund' &&
          classified !== 'human'
        )) {
          return classified;
        }
      }
      if (hasFlowSlot(entities)) {
        if (flow === 'book') return 'book';
        // A ZIP or a head count while quoting answers the question asked; it is not a new topic.
        if (flow === 'quote' && (classified === 'travel_fee' || !confident)) return 'quote';
        if (['quote', 'availability', 'travel_fee', 'book'].includes(classified) && confident)
          return classified;
        return FLOW_INTENT[flow];
      }
      if (CHATTER.has(classified) && !confident && AFFIRMATIVE.test(turn.text))
        return FLOW_INTENT[flow];
      return classified;
    }
    if (CHATTER.has(classified) || classified === 'travel_fee') {
      if (hasGuests(entities) && (entities.zip !== undefined || classified !== 'travel_fee'))
        return 'quote';
    }
    if (CHATTER.has(classified) && entities.date !== undefined && !hasGuests(entities))
      return 'availability';
    return classified;
  }

  // ---- routing -------------------------------------------------------------------------

  private async route(turn: Turn, intent: Intent): Promise<AgentReply> {
    const { state } = turn;
    const pending = state.handoff.pending;
    if (pending) {
      if (state.slots.phone !== undefined || state.slots.email !== undefined || pending.asks >= 2) {
        return this.completeHandoff(turn, pending.reason, pending.agent);
      }
      pending.asks += 1;
      return {
        agent: pending.agent,
        text: "So that our team can reach you, what's the best phone number or email address?",
      };
    }
    if (isInjectionAttempt(turn.text)) {
      const reason = escalationFromMessage({ text: turn.text, intent });
      if (reason === 'discount') return this.startHandoff(turn, reason, intent);
      return {
        agent: 'Conversational',
        text: "I can't change how I work or our prices, but I'm happy to help with a quote, open dates, the menu or our policies.",
      };
    }
    const reason = escalationFromMessage({ text: turn.text, intent });
    if (reason) return this.startHandoff(turn, reason, intent);

    switch (intent) {
      case 'quote':
        return this.pricingCalculator(turn);
      case 'travel_fee':
        return this.travelAgent(turn);
      case 'menu':
      case 'dietary_allergens':
        return this.menuAdvisor(turn, intent);
      case 'availability':
        return this.availabilityChecker(turn);
      case 'book':
        return this.bookingCoordinator(turn);
      case 'reschedule':
      case 'cancel':
        return this.bookingChange(turn, intent);
      case 'payment_status':
        return this.paymentValidator(turn);
      case 'how_to_pay':
        return this.knowledgeAnswer(turn, {
          agent: 'Payment Validator',
          query: `${turn.text} payments deposit pay`,
        });
      case 'policy':
      case 'logistics':
        return this.knowledgeAnswer(turn, { agent: 'Knowledge Base', query: turn.text });
      case 'staff_question':
        return this.adminAssistant(turn);
      case 'complaint':
      case 'refund':
      case 'human':
        // Reached only if escalationFromMessage changes; kept for exhaustiveness.
        return this.startHandoff(turn, intent === 'human' ? 'explicit_request' : intent, intent);
      case 'greeting':
      case 'thanks':
      case 'small_talk':
      case 'out_of_scope':
        return this.conversational(turn, intent);
    }
  }

  private async callTool<T>(
    turn: Turn,
    name: ToolName,
    input: unknown,
    run: () => Promise<T>,
  ): Promise<ToolResult<T>> {
    try {
      const value = await run();
      const call = { name, input, output: value };
      turn.calls.push(call);
      turn.state.toolLog.push(call);
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof AgentToolError)) throw error;
      const call = { name, input, output: { error: error.code, message: error.message } };
      turn.calls.push(call);
      turn.state.toolLog.push(call);
      return { ok: false, code: error.code, message: error.message };
    }
  }

  // ---- handoff -------------------------------------------------------------------------

  private startHandoff(
    turn: Turn,
    reason: HandoffReason,
    intent: Intent,
    prefix = '',
  ): Promise<AgentReply> | AgentReply {
    const agent = handoffAgentFor(reason);
    const { slots } = turn.state;
    if (slots.phone !== undefined || slots.email !== undefined) {
      return this.completeHandoff(turn, reason, agent, prefix);
    }
    turn.state.handoff.pending = { reason, intent, agent, asks: 0 };
    return {
      agent,
      text: `${prefix}${handoffOpeners[reason]} What's the best phone number or email for our team to reach you?`,
    };
  }

  private async completeHandoff(
    turn: Turn,
    reason: HandoffReason,
    agent: AgentName,
    prefix = '',
  ): Promise<AgentReply> {
    const { state } = turn;
    const summary = this.summarize(state, reason);
    const lead = await this.callTool(turn, 'upsertLead', this.leadInput(state, summary), () =>
      this.tools.upsertLead(this.leadInput(state, summary)),
    );
    if (lead.ok) state.leadId = lead.value.id;
    const intent = state.handoff.pending?.intent;
    state.handoff = { active: true, reason, summary };
    // A pending handoff already explained itself when it asked for the contact details.
    const opener = intent === undefined ? `${prefix}${handoffOpeners[reason]} ` : '';
    return {
      agent,
      text: `${opener}Thank you. I've passed this to our team with a summary, and someone will get back to you shortly, here or by phone or email.`,
      ...(intent ? { intent } : {}),
    };
  }

  private leadInput(
    state: ConversationState,
    notes: string,
  ): Parameters<AgentTools['upsertLead']>[0] {
    const s = state.slots;
    const guests = (s.adults ?? 0) + (s.children ?? 0) + (s.toddlers ?? 0);
    return {
      channel: state.channel,
      notes,
      ...(s.name !== undefined ? { name: s.name } : {}),
      ...(s.phone !== undefined ? { phone: s.phone } : {}),
      ...(s.email !== undefined ? { email: s.email } : {}),
      ...(s.date !== undefined ? { eventDate: s.date } : {}),
      ...(guests > 0 ? { guests } : {}),
      ...(s.zip !== undefined ? { zip: s.zip } : {}),
    };
  }

  private summarize(state: ConversationState, reason: HandoffReason): string {
    const s = state.slots;
    const parts = [`Reason: ${reason.replace(/_/g, ' ')}.`];
    const lastWords = state.history
      .filter((h) => h.role === 'customer')
      .slice(-3)
      .map((h) => `"${h.text}"`);
    parts.push(`Customer said: ${lastWords.join(' / ')}.`);
    if (s.adults !== undefined || s.children !== undefined) {
      parts.push(
        `Guests: ${s.adults ?? 0} adults, ${s.children ?? 0} children, ${s.toddlers ?? 0} toddlers.`,
      );
    }
    if (s.date !== undefined) parts.push(`Date: ${s.date}${s.slot ? ` ${s.slot}` : ''}.`);
    if (s.zip !== undefined) parts.push(`ZIP: ${s.zip}.`);
    if (state.lastQuote)
      parts.push(
        `Quote ${state.lastQuote.number}: total ${formatCents(state.lastQuote.totalCents)}.`,
      );
    if (s.bookingNumber !== undefined) parts.push(`Booking: ${s.bookingNumber}.`);
    const contact = [s.name, s.phone, s.email].filter((x) => x !== undefined).join(', ');
    parts.push(contact ? `Contact: ${contact}.` : 'No contact given yet.');
    return parts.join(' ');
  }

  // ---- agents --------------------------------------------------------------------------

  private guestTotal(turn: Turn): number {
    const s = turn.state.slots;
    return (s.adults ?? 0) + (s.children ?? 0) + (s.toddlers ?? 0);
  }

  private missingEventBasics(turn: Turn): string[] {
    const s = turn.state.slots;
    const missing: string[] = [];
    if ((s.adults ?? 0) + (s.children ?? 0) === 0) missing.push('how many adults and kids');
    if (s.zip === undefined) missing.push('the ZIP code of the venue');
    return missing;
  }

  /** A date inside the notice window goes to staff; a past date is asked again. */
  private noticeProblem(turn: Turn, time: string): 'short' | 'past' | 'far' | null {
    const date = turn.state.slots.date;
    if (date === undefined) return null;
    const check = checkNotice({
      date,
      time,
      timeZone: this.timeZone,
      now: turn.now,
      notice: this.settings.notice,
    });
    if (check.ok) return null;
    switch (check.reason) {
      case 'PAST':
        return 'past';
      case 'TOO_SOON':
        return 'short';
      case 'TOO_FAR':
        return 'far';
    }
  }

  private quoteInput(turn: Turn): QuoteToolInput {
    const s = turn.state.slots;
    const guestsWithPicks = (s.adults ?? 0) + (s.children ?? 0);
    const picks = Object.values(s.proteins ?? {}).reduce((a, b) => a + b, 0);
    // Spec §2: picks must add up exactly; a partial list is left to checkout, never guessed.
    const proteins =
      s.proteins && picks === guestsWithPicks * this.settings.pricing.proteinsPerGuest
        ? s.proteins
        : undefined;
    return {
      adults: s.adults ?? 0,
      children: s.children ?? 0,
      toddlers: s.toddlers ?? 0,
      ...(proteins ? { proteins } : {}),
      ...(s.addons ? { addons: s.addons } : {}),
      venue: { zip: s.zip ?? '', ...(s.address !== undefined ? { address: s.address } : {}) },
      ...(s.date !== undefined ? { eventDate: s.date } : {}),
    };
  }

  private async ensureQuote(turn: Turn): Promise<ToolResult<QuoteToolOutput>> {
    const input = this.quoteInput(turn);
    const key = JSON.stringify(input);
    const { state } = turn;
    if (state.lastQuote && state.lastQuoteKey === key) return { ok: true, value: state.lastQuote };
    const result = await this.callTool(turn, 'quote', input, () => this.tools.quote(input));
    if (result.ok) {
      state.lastQuote = result.value;
      state.lastQuoteKey = key;
    }
    return result;
  }

  private describeGuests(q: { adults: number; children: number; toddlers: number }): string {
    const parts = [];
    if (q.adults > 0) parts.push(plural(q.adults, 'adult', 'adults'));
    if (q.children > 0) parts.push(plural(q.children, 'child', 'children'));
    if (q.toddlers > 0) parts.push(plural(q.toddlers, 'little one', 'little ones'));
    return parts.join(', ');
  }

  private quoteText(q: QuoteToolOutput): string {
    const lines = q.lines
      .filter((l) => l.code !== 'minimum_adjustment')
      .map((l) => `${l.label} × ${l.quantity}: ${formatCents(l.totalCents)}`)
      .join('; ');
    const minimum = q.minimumApplied ? ' (party minimum applied)' : '';
    const travel = `Travel (${q.travel.miles} mi${q.travel.isEstimate ? ', estimated' : ''}): ${formatCents(q.travel.feeCents)}`;
    return (
      `Quote ${q.number} for ${this.describeGuests(q)} in ${q.venue.zip}: ${lines}. ` +
      `Food subtotal ${formatCents(q.foodSubtotalCents)}${minimum}. ${travel}. Tax ${formatCents(q.taxCents)}. ` +
      `Total ${formatCents(q.totalCents)}; the ${formatCents(q.depositCents)} deposit is deducted, leaving ${formatCents(q.balanceCents)}.`
    );
  }

  private toolErrorText(result: { code: string; message: string }, turn: Turn): string {
    if (result.code === 'ZIP_NOT_FOUND') {
      delete turn.state.slots.zip;
      return "I couldn't find that ZIP code. Could you double-check it?";
    }
    return `${result.message.replace(/\d/g, '').trim()} Could you check the details?`;
  }

  private async pricingCalculator(turn: Turn): Promise<AgentReply> {
    const agent: AgentName = 'Pricing Calculator';
    const { state } = turn;
    state.flow = 'quote';
    const missing = this.missingEventBasics(turn);
    if (missing.length > 0) {
      return {
        agent,
        text: `Happy to price that exactly. Could you tell me ${missing.join(' and ')}?`,
      };
    }
    if (this.guestTotal(turn) >= this.settings.largePartyHandoffGuests) {
      return this.startHandoff(turn, 'large_party', 'quote');
    }
    const notice = this.noticeProblem(turn, state.slots.slot ?? '21:00');
    if (notice === 'short') return this.startHandoff(turn, 'short_notice', 'quote');
    const result = await this.ensureQuote(turn);
    if (!result.ok) return { agent, text: this.toolErrorText(result, turn) };
    const quote = result.value;
    if (!quote.travel.withinServiceArea) {
      return this.startHandoff(turn, 'out_of_radius', 'quote', `${this.quoteText(quote)} `);
    }
    let text = this.quoteText(quote);
    if (state.slots.date !== undefined && notice === null) {
      const open = await this.openSlotsText(turn, state.slots.date);
      text += ` ${open}`;
    }
    text +=
      state.slots.date !== undefined
        ? ' Shall I hold a time for you?'
        : ' Would you like me to check a date or hold one?';
    if (notice === 'past') text += ' (That date has already passed; which date did you mean?)';
    return { agent, text };
  }

  private async openSlotsText(turn: Turn, date: string): Promise<string> {
    const result = await this.callTool(turn, 'availability', { from: date, to: date }, () =>
      this.tools.availability({ from: date, to: date }),
    );
    if (!result.ok) return '';
    return this.describeDay(result.value, date, turn.state.slots.slot);
  }

  private describeDay(availability: AvailabilityOutput, date: string, wanted?: SlotTime): string {
    const day = availability.days.find((d) => d.date === date);
    const open = (day?.slots ?? []).filter((s) => s.bookable);
    if (open.length === 0) return `${displayDate(date)} is fully booked.`;
    const list = open.map((s) => `${displayTime(s.slot)} (${s.label})`).join(', ');
    if (wanted !== undefined) {
      const isOpen = open.some((s) => s.slot === wanted);
      const others = open.filter((s) => s.slot !== wanted);
      const otherList = others.map((s) => `${displayTime(s.slot)} (${s.label})`).join(', ');
      if (isOpen) {
        return `${displayTime(wanted)} on ${displayDate(date)} is open.${others.length > 0 ? ` Also open that day: ${otherList}.` : ''}`;
      }
      return `${displayTime(wanted)} on ${displayDate(date)} is taken; open times that day: ${list}.`;
    }
    return `Open times on ${displayDate(date)}: ${list}.`;
  }

  private async travelAgent(turn: Turn): Promise<AgentReply> {
    const agent: AgentName = 'Distance & Travel Fee';
    const zip = turn.state.slots.zip;
    if (zip === undefined) {
      const answer = await this.knowledgeAnswer(turn, {
        agent,
        query: `${turn.text} travel fee service area`,
      });
      turn.state.flow = 'travel_fee';
      return {
        agent,
        text: `${answer.text} Send me the venue's ZIP code and I'll check the exact fee.`,
      };
    }
    turn.state.flow = 'travel_fee';
    const input = {
      zip,
      ...(turn.state.slots.address !== undefined ? { address: turn.state.slots.address } : {}),
    };
    const result = await this.callTool(turn, 'travelFee', input, () => this.tools.travelFee(input));
    if (!result.ok) return { agent, text: this.toolErrorText(result, turn) };
    const fee = result.value;
    const text = `${fee.zip} is about ${fee.miles} miles from our station${fee.isEstimate ? ' (estimated)' : ''}, so the travel fee is ${formatCents(fee.feeCents)}.`;
    if (!fee.withinServiceArea)
      return this.startHandoff(turn, 'out_of_radius', 'travel_fee', `${text} `);
    return { agent, text: `${text} Want a full quote? Just tell me how many guests.` };
  }

  private async menuAdvisor(turn: Turn, intent: 'menu' | 'dietary_allergens'): Promise<AgentReply> {
    const query = intent === 'dietary_allergens' ? `${turn.text} allergens allergy` : turn.text;
    return this.knowledgeAnswer(turn, { agent: 'Menu Advisor', query });
  }

  private async knowledgeAnswer(
    turn: Turn,
    options: { agent: AgentName; query: string },
  ): Promise<AgentReply> {
    const result = await this.callTool(turn, 'searchKnowledge', options.query, () =>
      this.tools.searchKnowledge(options.query),
    );
    const hits: KnowledgeHit[] = result.ok ? result.value : [];
    const top = hits[0];
    if (!top) {
      return {
        agent: options.agent,
        text: "I don't have that written down. Would you like me to connect you with our team?",
      };
    }
    return { agent: options.agent, text: `${top.text} (Source: ${top.title})` };
  }

  private async availabilityChecker(turn: Turn): Promise<AgentReply> {
    const agent: AgentName = 'Availability Checker';
    const { state } = turn;
    state.flow = 'availability';
    const date = state.slots.date;
    if (date === undefined)
      return { agent, text: 'Which date are you thinking of? I will check the open times.' };
    const notice = this.noticeProblem(turn, state.slots.slot ?? '21:00');
    if (notice === 'short') return this.startHandoff(turn, 'short_notice', 'availability');
    if (notice === 'past') {
      delete state.slots.date;
      return { agent, text: 'That date has already passed. Which date did you mean?' };
    }
    if (notice === 'far') {
      delete state.slots.date;
      return {
        agent,
        text: "That's further ahead than our calendar is open. Could you pick a closer date?",
      };
    }
    const open = await this.openSlotsText(turn, date);
    return { agent, text: `${open} Would you like me to hold one?` };
  }

  private async bookingCoordinator(turn: Turn): Promise<AgentReply> {
    const agent: AgentName = 'Booking Coordinator';
    const { state } = turn;
    const s = state.slots;
    state.flow = 'book';
    if (state.hold) {
      return {
        agent,
        text: `You already have a hold: sign the agreement here to keep it: ${state.hold.link}`,
      };
    }
    const missing = this.missingEventBasics(turn);
    if (s.date === undefined) missing.push('the date');
    if (s.slot === undefined)
      missing.push('the time (lunch, afternoon, early evening or prime time)');
    if (missing.length > 0) {
      return { agent, text: `Let's get your date held. I still need ${missing.join(', ')}.` };
    }
    if (this.guestTotal(turn) >= this.settings.largePartyHandoffGuests) {
      return this.startHandoff(turn, 'large_party', 'book');
    }
    const date = s.date ?? '';
    const slot: SlotTime = s.slot ?? '18:00';
    const notice = this.noticeProblem(turn, s.time ?? slot);
    if (notice === 'short') return this.startHandoff(turn, 'short_notice', 'book');
    if (notice === 'past' || notice === 'far') {
      delete s.date;
      return { agent, text: "That date can't be booked online. Which other date would work?" };
    }
    const contact: string[] = [];
    if (s.name === undefined) contact.push('your name');
    if (s.phone === undefined) contact.push('phone number');
    if (s.email === undefined) contact.push('email');
    if (contact.length > 0) {
      return { agent, text: `Almost there. To hold it I need ${contact.join(', ')}.` };
    }
    const quote = await this.ensureQuote(turn);
    if (!quote.ok) return { agent, text: this.toolErrorText(quote, turn) };
    if (!quote.value.travel.withinServiceArea)
      return this.startHandoff(turn, 'out_of_radius', 'book');
    const availability = await this.callTool(turn, 'availability', { from: date, to: date }, () =>
      this.tools.availability({ from: date, to: date }),
    );
    if (!availability.ok) return { agent, text: this.toolErrorText(availability, turn) };
    const day = availability.value.days.find((d) => d.date === date);
    if (!day?.slots.some((x) => x.slot === slot && x.bookable)) {
      delete s.slot;
      return {
        agent,
        text: `${this.describeDay(availability.value, date, slot)} Which time would you like instead?`,
      };
    }
    const holdInput = {
      quoteId: quote.value.id,
      date,
      slot,
      ...(s.time !== undefined && s.time !== slot ? { requestedTime: s.time } : {}),
      customer: { name: s.name ?? '', email: s.email ?? '', phone: s.phone ?? '' },
      idempotencyKey: `${state.id}:${date}:${slot}`,
    };
    const hold = await this.callTool(turn, 'placeHold', holdInput, () =>
      this.tools.placeHold(holdInput),
    );
    if (!hold.ok) {
      delete s.slot;
      return { agent, text: 'Sorry, that time was just taken. Which other time would work?' };
    }
    state.hold = hold.value;
    state.flow = null;
    return {
      agent,
      text:
        `Done! I'm holding ${displayDate(date)} at ${displayTime(s.time ?? slot)} for ${this.describeGuests(quote.value)} ` +
        `(quote ${quote.value.number}, total ${formatCents(quote.value.totalCents)}). ` +
        `Please sign the agreement by ${displayInstant(hold.value.signDeadline, this.timeZone)}: ${hold.value.link} ` +
        `After signing, pay the ${formatCents(quote.value.depositCents)} deposit to confirm.`,
    };
  }

  private async verifiedBooking(
    turn: Turn,
    agent: AgentName,
  ): Promise<BookingSummary | AgentReply> {
    const { state } = turn;
    const s = state.slots;
    if (state.booking && state.booking.number === s.bookingNumber) return state.booking;
    const contact = s.phone ?? s.email;
    if (s.bookingNumber === undefined || contact === undefined) {
      const need = [
        ...(s.bookingNumber === undefined ? ['your booking number (it starts with TP)'] : []),
        ...(contact === undefined ? ['the phone number or email on the booking'] : []),
      ];
      return { agent, text: `I can look that up. Please send me ${need.join(' and ')}.` };
    }
    const input = { number: s.bookingNumber, phoneOrEmail: contact };
    const result = await this.callTool(turn, 'findBooking', input, () =>
      this.tools.findBooking(input),
    );
    if (!result.ok || result.value === null) {
      delete s.bookingNumber;
      return {
        agent,
        text: "I couldn't match that booking number with that phone or email. Could you double-check the booking number?",
      };
    }
    state.booking = result.value;
    return result.value;
  }

  private async bookingChange(turn: Turn, intent: 'reschedule' | 'cancel'): Promise<AgentReply> {
    const agent: AgentName = 'Booking Coordinator';
    turn.state.flow = intent;
    const booking = await this.verifiedBooking(turn, agent);
    if ('agent' in booking) return booking;
    const eventStartsAt = new Date(booking.eventStartsAt);
    const when = `Booking ${booking.number} is on ${displayDate(booking.date)} at ${displayTime(booking.slot)}.`;
    if (intent === 'cancel') {
      const input = {
        eventStartsAt: booking.eventStartsAt,
        now: turn.now.toISOString(),
        depositPaidCents: booking.depositCents,
      };
      const outcome = cancellationOutcome({
        eventStartsAt,
        now: turn.now,
        depositPaidCents: booking.depositCents,
        policies: this.settings.policies,
      });
      await this.callTool(turn, 'cancellationTerms', input, async () => outcome);
      turn.state.flow = null;
      return {
        agent,
        text: `${when} If you cancel now: ${outcome.message} You can cancel from your booking page: ${booking.manageUrl}`,
      };
    }
    const input = {
      eventStartsAt: booking.eventStartsAt,
      now: turn.now.toISOString(),
      reschedulesUsed: booking.reschedulesUsed,
    };
    const terms = rescheduleTerms({
      eventStartsAt,
      now: turn.now,
      reschedulesUsed: booking.reschedulesUsed,
      policies: this.settings.policies,
    });
    await this.callTool(turn, 'rescheduleTerms', input, async () => terms);
    const newDate = turn.state.slots.date;
    let open = '';
    if (
      newDate !== undefined &&
      newDate !== booking.date &&
      this.noticeProblem(turn, '21:00') === null
    ) {
      open = ` ${await this.openSlotsText(turn, newDate)}`;
    }
    turn.state.flow = null;
    return {
      agent,
      text: `${when} ${terms.message}${open} You can pick the new date on your booking page: ${booking.manageUrl}`,
    };
  }

  private async paymentValidator(turn: Turn): Promise<AgentReply> {
    const agent: AgentName = 'Payment Validator';
    turn.state.flow = 'payment_status';
    const booking = await this.verifiedBooking(turn, agent);
    if ('agent' in booking) return booking;
    const result = await this.callTool(turn, 'paymentStatus', booking.id, () =>
      this.tools.paymentStatus(booking.id),
    );
    turn.state.flow = null;
    if (!result.ok)
      return { agent, text: 'I could not load the payments for that booking right now.' };
    const p = result.value;
    const received =
      p.paidCents > 0
        ? `we have received ${formatCents(p.paidCents)}${p.depositPaid ? ', so the deposit is paid' : ''}`
        : `we have not received the ${formatCents(booking.depositCents)} deposit yet`;
    return {
      agent,
      text: `For booking ${booking.number}, ${received}. Total ${formatCents(p.totalCents)}, balance due ${formatCents(p.balanceCents)}.`,
    };
  }

  private async adminAssistant(turn: Turn): Promise<AgentReply> {
    if (turn.state.role !== 'staff') {
      return {
        agent: 'Conversational',
        text: 'That information is only available to our staff. Can I help you with a party of your own?',
      };
    }
    const agent: AgentName = 'Admin Assistant';
    const today = utcToZoned({ instant: turn.now, timeZone: this.timeZone }).date;
    // "this week" / "next week" read as a range starting today; a named date as that day.
    const isWeek = /\bweek\b/i.test(turn.text);
    const from = isWeek ? today : (turn.entities.date ?? today);
    const to = isWeek ? addDays(today, 7) : (turn.entities.date ?? addDays(today, 7));
    const result = await this.callTool(turn, 'scheduleSummary', { from, to }, () =>
      this.tools.scheduleSummary({ from, to }),
    );
    if (!result.ok) return { agent, text: 'I could not load the schedule right now.' };
    const r = result.value;
    const list = r.bookings
      .map(
        (b) =>
          `${b.number} ${displayDate(b.date)} ${displayTime(b.slot)}, ${plural(b.guests, 'guest', 'guests')}, ${b.status}, chef: ${b.chef ?? 'unassigned'}`,
      )
      .join('; ');
    return {
      agent,
      text: `${displayDate(r.from)} to ${displayDate(r.to)}: ${plural(r.count, 'booking', 'bookings')}${list ? ` (${list})` : ''}. Booked revenue ${formatCents(r.bookedRevenueCents)}.`,
    };
  }

  private conversational(
    turn: Turn,
    intent: 'greeting' | 'thanks' | 'small_talk' | 'out_of_scope',
  ): AgentReply | Promise<AgentReply> {
    const agent: AgentName = 'Conversational';
    const { state, entities } = turn;
    if ((entities.phone !== undefined || entities.email !== undefined) && !state.leadId) {
      return this.leadCapture(turn);
    }
    switch (intent) {
      case 'greeting':
        return {
          agent,
          text: "Hi! I'm Teppan's assistant. I can price a hibachi party, check open dates, hold a date for you and answer menu or policy questions. What are you planning?",
        };
      case 'thanks':
        return { agent, text: "You're welcome! Anything else I can help with?" };
      case 'small_talk':
        return {
          agent,
          text: "I'm Teppan's virtual assistant: I can quote a party to the cent, check dates, hold one for you, or bring in a person from our team. What can I do for you?",
        };
      case 'out_of_scope':
        return {
          agent,
          text: "I can only help with Teppan's hibachi parties: quotes, open dates, bookings, the menu and our policies. What would you like to know?",
        };
    }
  }

  private async leadCapture(turn: Turn): Promise<AgentReply> {
    const { state } = turn;
    const input = this.leadInput(state, 'Contact details left in chat.');
    const result = await this.callTool(turn, 'upsertLead', input, () =>
      this.tools.upsertLead(input),
    );
    if (result.ok) state.leadId = result.value.id;
    return {
      agent: 'Lead Capture',
      text: "Thanks, I've saved your details so our team can follow up. Would you like a quote or to check a date?",
    };
  }
}
