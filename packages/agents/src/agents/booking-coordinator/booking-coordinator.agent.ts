import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { changeBooking } from './change-booking.ts';
import { holdBooking } from './hold-booking.ts';

const agent: AgentName = 'Booking Coordinator';

/** Holds a new date, or explains the terms of moving or cancelling an existing booking. */
export const bookingCoordinator: Agent<'book' | 'reschedule' | 'cancel'> = {
  name: agent,
  intents: ['book', 'reschedule', 'cancel'],
  async handle(context) {
    const { intent } = context;
    if (intent === 'book') return holdBooking(context, agent);
    return changeBooking(context, { intent, agent });
  },
};
