import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { knowledgeAnswer } from '../shared/knowledge.ts';

const agent: AgentName = 'Knowledge Base';

/** Policy and event-day questions, answered from the knowledge documents with their source. */
export const knowledgeBase: Agent<'policy' | 'logistics'> = {
  name: agent,
  intents: ['policy', 'logistics'],
  async handle(context) {
    return knowledgeAnswer(context, { agent, query: context.turn.text });
  },
};
