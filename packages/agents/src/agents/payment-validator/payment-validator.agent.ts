import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent, AgentContext, AgentReply } from '../agent.ts';
import { verifiedBooking } from '../shared/booking-lookup.ts';
import { knowledgeAnswer } from '../shared/knowledge.ts';
import {
  howToPayQuery,
  paymentStatusText,
  paymentsUnavailable,
} from './payment-validator.prompts.ts';

const agent: AgentName = 'Payment Validator';

async function paymentStatus(context: AgentContext): Promise<AgentReply> {
  const { turn } = context;
  turn.state.flow = 'payment_status';
  const booking = await verifiedBooking(context, agent);
  if ('agent' in booking) return booking;
  const result = await context.callTool('paymentStatus', booking.id, () =>
    context.tools.paymentStatus(booking.id),
  );
  turn.state.flow = null;
  if (!result.ok) return { agent, text: paymentsUnavailable };
  return {
    agent,
    text: paymentStatusText({
      bookingNumber: booking.number,
      depositCents: booking.depositCents,
      payments: result.value,
    }),
  };
}

/** What is paid on a verified booking, or how paying works (from the knowledge documents). */
export const paymentValidator: Agent<'payment_status' | 'how_to_pay'> = {
  name: agent,
  intents: ['payment_status', 'how_to_pay'],
  async handle(context) {
    if (context.intent === 'payment_status') return paymentStatus(context);
    return knowledgeAnswer(context, { agent, query: howToPayQuery(context.turn.text) });
  },
};
