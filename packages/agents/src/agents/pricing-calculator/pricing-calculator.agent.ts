import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { guestTotal, missingEventBasics, noticeProblem } from '../shared/event-slots.ts';
import { openSlotsText } from '../shared/open-slots.ts';
import { ensureQuote } from '../shared/quote.ts';
import { toolErrorText } from '../shared/tool-errors.ts';
import {
  askEventBasics,
  offerDateCheck,
  offerHoldForDate,
  pastDateNote,
  quoteText,
} from './pricing-calculator.prompts.ts';

const agent: AgentName = 'Pricing Calculator';

/** Prices a party to the cent through the quote tool, with the open times of a named day. */
export const pricingCalculator: Agent<'quote'> = {
  name: agent,
  intents: ['quote'],
  async handle(context) {
    const { turn, settings } = context;
    const { state } = turn;
    state.flow = 'quote';
    const missing = missingEventBasics(state.slots);
    if (missing.length > 0) return { agent, text: askEventBasics(missing) };
    if (guestTotal(state.slots) >= settings.largePartyHandoffGuests) {
      return context.handoff({ reason: 'large_party', intent: 'quote' });
    }
    const notice = noticeProblem(context, state.slots.slot ?? '21:00');
    if (notice === 'short') return context.handoff({ reason: 'short_notice', intent: 'quote' });
    const result = await ensureQuote(context);
    if (!result.ok) return { agent, text: toolErrorText(result, turn) };
    const quote = result.value;
    if (!quote.travel.withinServiceArea) {
      return context.handoff({
        reason: 'out_of_radius',
        intent: 'quote',
        prefix: `${quoteText(quote)} `,
      });
    }
    let text = quoteText(quote);
    if (state.slots.date !== undefined && notice === null) {
      const open = await openSlotsText(context, state.slots.date);
      text += ` ${open}`;
    }
    text += state.slots.date !== undefined ? offerHoldForDate : offerDateCheck;
    if (notice === 'past') text += pastDateNote;
    return { agent, text };
  },
};
