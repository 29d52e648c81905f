import type { KnowledgeHit } from '../../tools/agent-tools.ts';
import type { AgentName } from '../../orchestrator/types.ts';
import type { AgentContext, AgentReply } from '../agent.ts';

/** The best matching passage of the knowledge documents, with its source. */
export async function knowledgeAnswer(
  context: AgentContext,
  options: { agent: AgentName; query: string },
): Promise<AgentReply> {
  const result = await context.callTool('searchKnowledge', options.query, () =>
    context.tools.searchKnowledge(options.query),
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
