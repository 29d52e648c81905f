import { formatCents } from '@teppan/core';
import type { Intent } from '../nlu/intents.ts';
import type { AgentContext, AgentReply } from '../agents/agent.ts';
import { leadInput } from '../agents/shared/lead.ts';
import { handoffAgentFor, handoffOpeners } from './escalation.ts';
import type { AgentName, ConversationState, HandoffReason } from './types.ts';

/** What handing off needs from the turn; an agent's context without its own `handoff`. */
export type HandoffContext = Pick<AgentContext, 'turn' | 'tools' | 'callTool'>;

const askContactAgain =
  "So that our team can reach you, what's the best phone number or email address?";
const askContact = "What's the best phone number or email for our team to reach you?";
const passedToTeam =
  "Thank you. I've passed this to our team with a summary, and someone will get back to you shortly, here or by phone or email.";

/** Escalates to staff: completes at once when a phone or email is known, else asks for one. */
export function startHandoff(
  context: HandoffContext,
  options: { reason: HandoffReason; intent: Intent; prefix?: string },
): Promise<AgentReply> | AgentReply {
  const { reason, intent, prefix = '' } = options;
  const agent = handoffAgentFor(reason);
  const { state } = context.turn;
  const { slots } = state;
  if (slots.phone !== undefined || slots.email !== undefined) {
    return completeHandoff(context, { reason, agent, prefix });
  }
  state.handoff.pending = { reason, intent, agent, asks: 0 };
  return { agent, text: `${prefix}${handoffOpeners[reason]} ${askContact}` };
}

/**
 * A handoff waiting for contact details: completes once a phone or email arrives, or after
 * asking twice; otherwise asks again.
 */
export function continuePendingHandoff(
  context: HandoffContext,
  pending: NonNullable<ConversationState['handoff']['pending']>,
): Promise<AgentReply> | AgentReply {
  const { slots } = context.turn.state;
  if (slots.phone !== undefined || slots.email !== undefined || pending.asks >= 2) {
    return completeHandoff(context, { reason: pending.reason, agent: pending.agent });
  }
  pending.asks += 1;
  return { agent: pending.agent, text: askContactAgain };
}

async function completeHandoff(
  context: HandoffContext,
  options: { reason: HandoffReason; agent: AgentName; prefix?: string },
): Promise<AgentReply> {
  const { reason, agent, prefix = '' } = options;
  const { state } = context.turn;
  const summary = summarize(state, reason);
  const lead = await context.callTool('upsertLead', leadInput(state, summary), () =>
    context.tools.upsertLead(leadInput(state, summary)),
  );
  if (lead.ok) state.leadId = lead.value.id;
  const intent = state.handoff.pending?.intent;
  state.handoff = { active: true, reason, summary };
  // A pending handoff already explained itself when it asked for the contact details.
  const opener = intent === undefined ? `${prefix}${handoffOpeners[reason]} ` : '';
  return {
    agent,
    text: `${opener}${passedToTeam}`,
    ...(intent ? { intent } : {}),
  };
}

/** The note staff read first: why, what the customer said, and what is known so far. */
function summarize(state: ConversationState, reason: HandoffReason): string {
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
