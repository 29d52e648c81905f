import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { knowledgeAnswer } from '../shared/knowledge.ts';
import { toolErrorText } from '../shared/tool-errors.ts';
import { askZip, offerQuote, travelFeeText } from './travel-fee.prompts.ts';

const agent: AgentName = 'Distance & Travel Fee';

/** The travel fee for the venue's ZIP; beyond the service radius, staff take over. */
export const travelFeeAgent: Agent<'travel_fee'> = {
  name: agent,
  intents: ['travel_fee'],
  async handle(context) {
    const { turn } = context;
    const zip = turn.state.slots.zip;
    if (zip === undefined) {
      const answer = await knowledgeAnswer(context, {
        agent,
        query: `${turn.text} travel fee service area`,
      });
      turn.state.flow = 'travel_fee';
      return { agent, text: askZip(answer.text) };
    }
    turn.state.flow = 'travel_fee';
    const input = {
      zip,
      ...(turn.state.slots.address !== undefined ? { address: turn.state.slots.address } : {}),
    };
    const result = await context.callTool('travelFee', input, () => context.tools.travelFee(input));
    if (!result.ok) return { agent, text: toolErrorText(result, turn) };
    const fee = result.value;
    const text = travelFeeText(fee);
    if (!fee.withinServiceArea) {
      return context.handoff({ reason: 'out_of_radius', intent: 'travel_fee', prefix: `${text} ` });
    }
    return { agent, text: offerQuote(text) };
  },
};
