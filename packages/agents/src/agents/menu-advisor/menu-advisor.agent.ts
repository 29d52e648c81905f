import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { knowledgeAnswer } from '../shared/knowledge.ts';

const agent: AgentName = 'Menu Advisor';

/** Menu and allergen questions, answered from the menu document with its source. */
export const menuAdvisor: Agent<'menu' | 'dietary_allergens'> = {
  name: agent,
  intents: ['menu', 'dietary_allergens'],
  async handle(context) {
    const { text } = context.turn;
    // Allergen words pull the allergen section ahead of the dish it mentions.
    const query = context.intent === 'dietary_allergens' ? `${text} allergens allergy` : text;
    return knowledgeAnswer(context, { agent, query });
  },
};
