import { describe, expect, it } from 'vitest';
import { intents } from '../nlu/intents.ts';
import { AgentToolError } from '../tools/agent-tools.ts';
import { chat } from '../orchestrator/chat.test-helper.ts';
import type { Agent } from './agent.ts';
import { conversational } from './conversational/conversational.agent.ts';
import { menuAdvisor } from './menu-advisor/menu-advisor.agent.ts';
import { agents, buildRegistry, defaultRegistry } from './registry.ts';

describe('agent registry', () => {
  it('routes every intent to the one agent that claims it', () => {
    for (const intent of intents) {
      const owners = agents.filter((agent) => agent.intents.includes(intent));
      expect(
        owners.map((agent) => agent.name),
        intent,
      ).toHaveLength(1);
      expect(defaultRegistry[intent]).toBe(owners[0]);
    }
  });

  it('refuses an intent claimed by two agents', () => {
    const rival: Agent<'menu'> = {
      name: 'Knowledge Base',
      intents: ['menu'],
      handle: () => ({ agent: 'Knowledge Base', text: 'rival' }),
    };
    expect(() => buildRegistry([...agents, rival])).toThrow(
      'Intent "menu" is claimed by both Menu Advisor and Knowledge Base',
    );
  });

  it('refuses a registry that leaves an intent unanswered', () => {
    const withoutChatter = agents.filter((agent) => agent !== conversational);
    expect(() => buildRegistry(withoutChatter)).toThrow(
      'No agent answers: greeting, thanks, small_talk, out_of_scope',
    );
  });

  it('a registered agent answers its intents, with its tool calls recorded', async () => {
    const greeter: Agent<'greeting' | 'thanks' | 'small_talk' | 'out_of_scope'> = {
      name: 'Conversational',
      intents: conversational.intents,
      async handle(context) {
        const hits = await context.callTool('searchKnowledge', 'hello', () =>
          context.tools.searchKnowledge('menu'),
        );
        const failed = await context.callTool('searchKnowledge', 'broken', async () => {
          throw new AgentToolError('KNOWLEDGE_DOWN', 'no index');
        });
        return {
          agent: 'Conversational',
          text: `Hello from the new agent (${context.intent}, ${hits.ok ? 'hits' : 'none'}, ${failed.ok ? 'ok' : failed.code}).`,
        };
      },
    };
    const registry = buildRegistry([...agents.filter((a) => a !== conversational), greeter]);
    const c = chat({ registry });
    const out = await c.say('hey there, good evening');
    expect(out.agent).toBe('Conversational');
    expect(out.reply.text).toBe('Hello from the new agent (greeting, hits, KNOWLEDGE_DOWN).');
    expect(out.toolCalls.map((t) => [t.name, t.input])).toEqual([
      ['searchKnowledge', 'hello'],
      ['searchKnowledge', 'broken'],
    ]);
    expect(out.toolCalls[1]?.output).toEqual({ error: 'KNOWLEDGE_DOWN', message: 'no index' });
    expect(c.state.toolLog).toEqual(out.toolCalls);
    // Other intents still reach their own agents.
    expect((await c.say('Which meats can guests pick from?')).agent).toBe(menuAdvisor.name);
  });
});
