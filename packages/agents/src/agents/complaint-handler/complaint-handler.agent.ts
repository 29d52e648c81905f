import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';

const agent: AgentName = 'Complaint Handler';

/**
 * Complaints and refunds always go to staff, with a summary. The router escalates such
 * messages before any agent runs (escalation.ts), so this answers only if that rule ever
 * stops matching. The openers staff-bound replies start with are in `handoffOpeners`.
 */
export const complaintHandler: Agent<'complaint' | 'refund'> = {
  name: agent,
  intents: ['complaint', 'refund'],
  handle(context) {
    return context.handoff({ reason: context.intent, intent: context.intent });
  },
};
