import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent, AgentContext, AgentReply } from '../agent.ts';
import { leadInput } from '../shared/lead.ts';
import { leadSaved } from './lead-capture.prompts.ts';

const agent: AgentName = 'Lead Capture';

/** Saves contact details left in chat as a lead for staff to follow up. */
export async function captureLead(context: AgentContext): Promise<AgentReply> {
  const { state } = context.turn;
  const input = leadInput(state, 'Contact details left in chat.');
  const result = await context.callTool('upsertLead', input, () => context.tools.upsertLead(input));
  if (result.ok) state.leadId = result.value.id;
  return { agent, text: leadSaved };
}

/**
 * Asking for a person hands the conversation to staff. The router escalates such messages
 * before any agent runs (escalation.ts), so this answers only if that rule ever stops matching.
 */
export const leadCapture: Agent<'human'> = {
  name: agent,
  intents: ['human'],
  handle(context) {
    return context.handoff({ reason: 'explicit_request', intent: context.intent });
  },
};
