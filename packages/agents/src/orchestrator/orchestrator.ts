import { defaultSettings } from '@teppan/core';
import type { Settings } from '@teppan/core';
import { IntentClassifier } from '../nlu/classifier.ts';
import type { Classification } from '../nlu/classifier.ts';
import { extractEntities } from '../nlu/entities.ts';
import { trainingExamples } from '../nlu/training-data.ts';
import { checkReply, SAFE_REPLY } from '../guardrail/guardrail.ts';
import type { AgentTools } from '../tools/agent-tools.ts';
import type { Turn } from '../agents/agent.ts';
import { defaultRegistry } from '../agents/registry.ts';
import type { AgentRegistry } from '../agents/registry.ts';
import { formatForChannel } from './channel-format.ts';
import { routeTurn } from './router.ts';
import type { ConversationState, TurnOutput } from './types.ts';
import { mergeSlots, resolveIntent } from './understanding.ts';

export type OrchestratorOptions = {
  tools: AgentTools;
  settings?: Settings;
  timeZone?: string;
  classifier?: IntentClassifier;
  /** Intent → agent; `agents/registry.ts` lists the default one. */
  registry?: AgentRegistry;
};

let sharedClassifier: IntentClassifier | null = null;

/** Trained once per process from data/intents.json; training is deterministic. */
export function defaultClassifier(): IntentClassifier {
  sharedClassifier ??= new IntentClassifier(trainingExamples);
  return sharedClassifier;
}

/**
 * One turn: understand the message (intent, entities, slots), route it to the agent that owns
 * the intent (`agents/`), then format the reply for the channel and check it with the guardrail.
 */
export class Orchestrator {
  private readonly tools: AgentTools;
  private readonly settings: Settings;
  private readonly timeZone: string;
  private readonly classifier: IntentClassifier;
  private readonly registry: AgentRegistry;

  constructor(options: OrchestratorOptions) {
    this.tools = options.tools;
    this.settings = options.settings ?? defaultSettings;
    this.timeZone = options.timeZone ?? 'America/Los_Angeles';
    this.classifier = options.classifier ?? defaultClassifier();
    this.registry = options.registry ?? defaultRegistry;
  }

  classify(text: string): Classification {
    return this.classifier.classify(text);
  }

  /** Staff take a conversation over: the assistant stays silent until it is handed back. */
  takeOver(state: ConversationState, summary?: string): ConversationState {
    return {
      ...state,
      handoff: {
        active: true,
        reason: state.handoff.reason ?? 'explicit_request',
        summary: summary ?? state.handoff.summary,
      },
    };
  }

  handBack(state: ConversationState): ConversationState {
    return { ...state, flow: null, handoff: { active: false } };
  }

  async handleTurn(options: {
    state: ConversationState;
    text: string;
    now: Date;
  }): Promise<{ state: ConversationState; output: TurnOutput }> {
    const state = structuredClone(options.state);
    const text = options.text.slice(0, 2000);
    const classification = this.classifier.classify(text);
    const entities = extractEntities(text, { now: options.now, timeZone: this.timeZone });
    state.turns += 1;
    state.history.push({ role: 'customer', text });

    if (state.handoff.active) {
      // A human owns the conversation: record the message, say nothing.
      return {
        state,
        output: {
          reply: { text: '' },
          intent: classification.intent,
          confidence: classification.confidence,
          agent: 'Human',
          entities,
          toolCalls: [],
          handoff: this.publicHandoff(state),
          guardrail: { passed: true, violations: [] },
        },
      };
    }

    const turn: Turn = { state, text, now: options.now, entities, calls: [] };
    mergeSlots(turn);
    const intent = resolveIntent(turn, classification);
    const reply = await routeTurn({
      turn,
      intent,
      registry: this.registry,
      tools: this.tools,
      settings: this.settings,
      timeZone: this.timeZone,
    });

    const formatted = formatForChannel(reply.text, state.channel);
    const guardrail = checkReply({
      text: formatted.text,
      toolCalls: state.toolLog,
      timeZone: this.timeZone,
    });
    const final = guardrail.passed ? formatted : formatForChannel(SAFE_REPLY, state.channel);
    state.history.push({ role: 'assistant', text: final.text });
    if (state.history.length > 40) state.history.splice(0, state.history.length - 40);
    return {
      state,
      output: {
        reply: final,
        intent: reply.intent ?? intent,
        confidence: classification.confidence,
        agent: reply.agent,
        entities,
        toolCalls: turn.calls,
        handoff: this.publicHandoff(state),
        guardrail,
      },
    };
  }

  private publicHandoff(state: ConversationState): TurnOutput['handoff'] {
    return state.handoff.active
      ? { active: true, reason: state.handoff.reason, summary: state.handoff.summary }
      : { active: false };
  }
}
