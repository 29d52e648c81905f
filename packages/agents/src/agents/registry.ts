import type { Intent } from '../nlu/intents.ts';
import { intents } from '../nlu/intents.ts';
import type { Agent } from './agent.ts';
import { adminAssistant } from './admin-assistant/admin-assistant.agent.ts';
import { availabilityChecker } from './availability-checker/availability-checker.agent.ts';
import { bookingCoordinator } from './booking-coordinator/booking-coordinator.agent.ts';
import { complaintHandler } from './complaint-handler/complaint-handler.agent.ts';
import { conversational } from './conversational/conversational.agent.ts';
import { knowledgeBase } from './knowledge-base/knowledge-base.agent.ts';
import { leadCapture } from './lead-capture/lead-capture.agent.ts';
import { menuAdvisor } from './menu-advisor/menu-advisor.agent.ts';
import { paymentValidator } from './payment-validator/payment-validator.agent.ts';
import { pricingCalculator } from './pricing-calculator/pricing-calculator.agent.ts';
import { travelFeeAgent } from './travel-fee/travel-fee.agent.ts';

/** Every agent the router can reach; one line per agent. */
export const agents: readonly Agent[] = [
  pricingCalculator,
  travelFeeAgent,
  menuAdvisor,
  knowledgeBase,
  availabilityChecker,
  bookingCoordinator,
  paymentValidator,
  adminAssistant,
  conversational,
  leadCapture,
  complaintHandler,
];

export type AgentRegistry = Readonly<Record<Intent, Agent>>;

/** Intent → agent; refuses an intent claimed by two agents or by none, so no message goes unrouted. */
export function buildRegistry(list: readonly Agent[]): AgentRegistry {
  const byIntent = new Map<Intent, Agent>();
  for (const agent of list) {
    for (const intent of agent.intents) {
      const owner = byIntent.get(intent);
      if (owner) {
        throw new Error(`Intent "${intent}" is claimed by both ${owner.name} and ${agent.name}`);
      }
      byIntent.set(intent, agent);
    }
  }
  const unrouted = intents.filter((intent) => !byIntent.has(intent));
  if (unrouted.length > 0) throw new Error(`No agent answers: ${unrouted.join(', ')}`);
  return Object.fromEntries(byIntent) as Record<Intent, Agent>;
}

export const defaultRegistry: AgentRegistry = buildRegistry(agents);
