import { Orchestrator } from './orchestrator.ts';
import type { OrchestratorOptions } from './orchestrator.ts';
import { newConversation } from './types.ts';
import type { Channel, ConversationState, TurnOutput } from './types.ts';
import { InMemoryAgentTools } from '../tools/in-memory-tools.ts';

/** Wednesday 10:00 in Fremont: the clock of the demo tools and the eval set. */
export const now = new Date('2026-06-10T17:00:00Z');

/** A conversation with the orchestrator over the in-memory demo tools. */
export function chat(
  options: {
    channel?: Channel;
    role?: 'customer' | 'staff';
    registry?: OrchestratorOptions['registry'];
  } = {},
) {
  const orchestrator = new Orchestrator({
    tools: new InMemoryAgentTools({ now }),
    ...(options.registry ? { registry: options.registry } : {}),
  });
  let state: ConversationState = newConversation({
    id: 'c-test',
    channel: options.channel ?? 'web',
    role: options.role,
  });
  return {
    get state() {
      return state;
    },
    async say(text: string): Promise<TurnOutput> {
      const result = await orchestrator.handleTurn({ state, text, now });
      state = result.state;
      return result.output;
    },
  };
}
