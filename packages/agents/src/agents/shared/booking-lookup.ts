import type { BookingSummary } from '../../tools/agent-tools.ts';
import type { AgentName } from '../../orchestrator/types.ts';
import type { AgentContext, AgentReply } from '../agent.ts';

/**
 * The booking named in the conversation, once its number and the phone or email on it
 * match; otherwise the reply asking for what is missing or wrong.
 */
export async function verifiedBooking(
  context: AgentContext,
  agent: AgentName,
): Promise<BookingSummary | AgentReply> {
  const { state } = context.turn;
  const s = state.slots;
  if (state.booking && state.booking.number === s.bookingNumber) return state.booking;
  const contact = s.phone ?? s.email;
  if (s.bookingNumber === undefined || contact === undefined) {
    const need = [
      ...(s.bookingNumber === undefined ? ['your booking number (it starts with TP)'] : []),
      ...(contact === undefined ? ['the phone number or email on the booking'] : []),
    ];
    return { agent, text: `I can look that up. Please send me ${need.join(' and ')}.` };
  }
  const input = { number: s.bookingNumber, phoneOrEmail: contact };
  const result = await context.callTool('findBooking', input, () =>
    context.tools.findBooking(input),
  );
  if (!result.ok || result.value === null) {
    delete s.bookingNumber;
    return {
      agent,
      text: "I couldn't match that booking number with that phone or email. Could you double-check the booking number?",
    };
  }
  state.booking = result.value;
  return result.value;
}
