import { z } from 'zod';
import { intents } from '../nlu/intents.ts';
import { agentNames, channels, handoffReasons } from '../orchestrator/types.ts';

export const evalTurnSchema = z.strictObject({
  user: z.string().min(1),
  expect: z.strictObject({
    /** Omitted where the label would be arbitrary (e.g. a prompt-injection message). */
    intent: z.enum(intents).optional(),
    agent: z.enum(agentNames),
    /** Tool names called in this turn, in order. */
    tools: z.array(z.string()),
    /** Substrings the reply must contain (amounts computed independently of the tools). */
    facts: z.array(z.string()),
    /** The reason when this turn hands the conversation to staff, else null. */
    handoff: z.enum(handoffReasons).nullable(),
    silent: z.boolean().optional(),
  }),
});

export const evalConversationSchema = z.strictObject({
  id: z.string(),
  category: z.string(),
  now: z.iso.datetime(),
  channel: z.enum(channels),
  role: z.enum(['customer', 'staff']),
  turns: z.array(evalTurnSchema).min(1),
});

export const evalSetSchema = z.array(evalConversationSchema).min(150);

export type EvalTurn = z.infer<typeof evalTurnSchema>;
export type EvalConversation = z.infer<typeof evalConversationSchema>;
