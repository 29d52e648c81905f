import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { captureLead } from '../lead-capture/lead-capture.agent.ts';
import { chatterReplies, type ChatterIntent } from './conversational.prompts.ts';

const agent: AgentName = 'Conversational';

/** Greetings, thanks, small talk and off-topic messages; contact details left in passing become a lead. */
export const conversational: Agent<ChatterIntent> = {
  name: agent,
  intents: ['greeting', 'thanks', 'small_talk', 'out_of_scope'],
  handle(context) {
    const { state, entities } = context.turn;
    if ((entities.phone !== undefined || entities.email !== undefined) && !state.leadId) {
      return captureLead(context);
    }
    return { agent, text: chatterReplies[context.intent] };
  },
};
