import type { Settings } from '@teppan/core';
import type { Intent } from '../nlu/intents.ts';
import { AgentToolError } from '../tools/agent-tools.ts';
import type { AgentTools } from '../tools/agent-tools.ts';
import type { AgentContext, AgentReply, Turn } from '../agents/agent.ts';
import type { AgentRegistry } from '../agents/registry.ts';
import { injectionRefusal } from '../agents/conversational/conversational.prompts.ts';
import { escalationFromMessage, isInjectionAttempt } from './escalation.ts';
import { continuePendingHandoff, startHandoff } from './handoff.ts';

export type RouteOptions = {
  turn: Turn;
  intent: Intent;
  registry: AgentRegistry;
  tools: AgentTools;
  settings: Settings;
  timeZone: string;
};

/** The context an agent answers in: tool calls are recorded on the turn and the conversation. */
export function agentContext(options: Omit<RouteOptions, 'registry'>): AgentContext {
  const { turn, tools } = options;
  const context: AgentContext = {
    turn,
    intent: options.intent,
    tools,
    settings: options.settings,
    timeZone: options.timeZone,
    async callTool(name, input, run) {
      try {
        const value = await run();
        const call = { name, input, output: value };
        turn.calls.push(call);
        turn.state.toolLog.push(call);
        return { ok: true, value };
      } catch (error) {
        if (!(error instanceof AgentToolError)) throw error;
        const call = { name, input, output: { error: error.code, message: error.message } };
        turn.calls.push(call);
        turn.state.toolLog.push(call);
        return { ok: false, code: error.code, message: error.message };
      }
    },
    handoff: (handoff) => startHandoff(context, handoff),
  };
  return context;
}

/**
 * Sends the turn to the agent that owns its intent, after the rules that come first: a
 * handoff waiting for contact details, prompt injection, and spec §6 escalations read from
 * the message itself.
 */
export async function routeTurn(options: RouteOptions): Promise<AgentReply> {
  const { turn, intent, registry } = options;
  const context = agentContext(options);
  const pending = turn.state.handoff.pending;
  if (pending) return continuePendingHandoff(context, pending);
  if (isInjectionAttempt(turn.text)) {
    const reason = escalationFromMessage({ text: turn.text, intent });
    if (reason === 'discount') return context.handoff({ reason, intent });
    return { agent: 'Conversational', text: injectionRefusal };
  }
  const reason = escalationFromMessage({ text: turn.text, intent });
  if (reason) return context.handoff({ reason, intent });
  return registry[intent].handle(context);
}
