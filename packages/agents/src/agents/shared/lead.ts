import type { AgentTools } from '../../tools/agent-tools.ts';
import type { ConversationState } from '../../orchestrator/types.ts';

/** The lead the conversation's slots describe, for staff to follow up. */
export function leadInput(
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
