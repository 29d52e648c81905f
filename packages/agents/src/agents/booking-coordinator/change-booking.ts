import { cancellationOutcome, rescheduleTerms } from '@teppan/core';
import type { AgentName } from '../../orchestrator/types.ts';
import type { AgentContext, AgentReply } from '../agent.ts';
import { verifiedBooking } from '../shared/booking-lookup.ts';
import { noticeProblem } from '../shared/event-slots.ts';
import { openSlotsText } from '../shared/open-slots.ts';
import { bookingWhen, cancellationText, rescheduleText } from './booking-coordinator.prompts.ts';

/**
 * Cancellation or reschedule terms of a verified booking (spec §5, from @teppan/core); the
 * change itself is made by the customer on the booking page.
 */
export async function changeBooking(
  context: AgentContext,
  options: { intent: 'reschedule' | 'cancel'; agent: AgentName },
): Promise<AgentReply> {
  const { intent, agent } = options;
  const { turn, settings } = context;
  turn.state.flow = intent;
  const booking = await verifiedBooking(context, agent);
  if ('agent' in booking) return booking;
  const eventStartsAt = new Date(booking.eventStartsAt);
  const when = bookingWhen(booking);
  if (intent === 'cancel') {
    const input = {
      eventStartsAt: booking.eventStartsAt,
      now: turn.now.toISOString(),
      depositPaidCents: booking.depositCents,
    };
    const outcome = cancellationOutcome({
      eventStartsAt,
      now: turn.now,
      depositPaidCents: booking.depositCents,
      policies: settings.policies,
    });
    await context.callTool('cancellationTerms', input, async () => outcome);
    turn.state.flow = null;
    return {
      agent,
      text: cancellationText({ when, outcome: outcome.message, manageUrl: booking.manageUrl }),
    };
  }
  const input = {
    eventStartsAt: booking.eventStartsAt,
    now: turn.now.toISOString(),
    reschedulesUsed: booking.reschedulesUsed,
  };
  const terms = rescheduleTerms({
    eventStartsAt,
    now: turn.now,
    reschedulesUsed: booking.reschedulesUsed,
    policies: settings.policies,
  });
  await context.callTool('rescheduleTerms', input, async () => terms);
  const newDate = turn.state.slots.date;
  let open = '';
  if (
    newDate !== undefined &&
    newDate !== booking.date &&
    noticeProblem(context, '21:00') === null
  ) {
    open = ` ${await openSlotsText(context, newDate)}`;
  }
  turn.state.flow = null;
  return {
    agent,
    text: rescheduleText({ when, terms: terms.message, open, manageUrl: booking.manageUrl }),
  };
}
