import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { noticeProblem } from '../shared/event-slots.ts';
import { openSlotsText } from '../shared/open-slots.ts';
import { askDate, offerHold, pastDate, tooFarAhead } from './availability-checker.prompts.ts';

const agent: AgentName = 'Availability Checker';

/** The open times of the asked day; inside the notice window, staff take over. */
export const availabilityChecker: Agent<'availability'> = {
  name: agent,
  intents: ['availability'],
  async handle(context) {
    const { state } = context.turn;
    state.flow = 'availability';
    const date = state.slots.date;
    if (date === undefined) return { agent, text: askDate };
    const notice = noticeProblem(context, state.slots.slot ?? '21:00');
    if (notice === 'short') {
      return context.handoff({ reason: 'short_notice', intent: 'availability' });
    }
    if (notice === 'past') {
      delete state.slots.date;
      return { agent, text: pastDate };
    }
    if (notice === 'far') {
      delete state.slots.date;
      return { agent, text: tooFarAhead };
    }
    const open = await openSlotsText(context, date);
    return { agent, text: offerHold(open) };
  },
};
