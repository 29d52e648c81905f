import type { Settings } from '@teppan/core';
import type { Entities } from '../nlu/entities.ts';
import type { Intent } from '../nlu/intents.ts';
import type { AgentTools, ToolCall, ToolName } from '../tools/agent-tools.ts';
import type { AgentName, ConversationState, HandoffReason } from '../orchestrator/types.ts';

/** One customer or staff message being answered. Agents update `state` (slots, flow, quote, hold). */
export type Turn = {
  state: ConversationState;
  text: string;
  now: Date;
  entities: Entities;
  /** Tool calls of this turn only; `state.toolLog` keeps the whole conversation's. */
  calls: ToolCall[];
};

/** What an agent answers; `intent` overrides the routed one (a completed handoff keeps its own). */
export type AgentReply = { agent: AgentName; text: string; intent?: Intent };

export type ToolResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** Everything an agent receives for one turn. */
export type AgentContext<I extends Intent = Intent> = {
  readonly turn: Turn;
  /** The intent the router resolved; always one of the agent's own `intents`. */
  readonly intent: I;
  readonly tools: AgentTools;
  readonly settings: Settings;
  readonly timeZone: string;
  /**
   * Runs a tool and records the call in the turn and the conversation's tool log (the
   * guardrail's source of truth). An `AgentToolError` becomes `{ ok: false }`; any other
   * error is a bug and is rethrown.
   */
  callTool<T>(name: ToolName, input: unknown, run: () => Promise<T>): Promise<ToolResult<T>>;
  /** Escalates to staff (spec §6): asks for a phone or email first if none is known yet. */
  handoff(options: {
    reason: HandoffReason;
    intent: Intent;
    prefix?: string;
  }): AgentReply | Promise<AgentReply>;
};

/**
 * An agent answers the intents it owns. Adding one is a folder under `src/agents/` and one
 * line in `registry.ts`; the registry refuses an intent claimed twice or by nobody.
 */
export interface Agent<I extends Intent = Intent> {
  readonly name: AgentName;
  readonly intents: readonly I[];
  handle(context: AgentContext<I>): AgentReply | Promise<AgentReply>;
}
