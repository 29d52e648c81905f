import type { SlotTime } from '@teppan/core';
import type { AgentName } from '../../orchestrator/types.ts';
import type { AgentContext, AgentReply } from '../agent.ts';
import { guestTotal, missingEventBasics, noticeProblem } from '../shared/event-slots.ts';
import { describeDay } from '../shared/open-slots.ts';
import { ensureQuote } from '../shared/quote.ts';
import { toolErrorText } from '../shared/tool-errors.ts';
import {
  alreadyHolding,
  askContact,
  askHoldBasics,
  askOtherTime,
  askTime,
  dateNotBookable,
  holdPlacedText,
  timeJustTaken,
} from './booking-coordinator.prompts.ts';

/** Collects date, time and contact across turns, then quotes, checks the slot and holds it. */
export async function holdBooking(context: AgentContext, agent: AgentName): Promise<AgentReply> {
  const { turn, settings } = context;
  const { state } = turn;
  const s = state.slots;
  state.flow = 'book';
  if (state.hold) return { agent, text: alreadyHolding(state.hold.link) };
  const missing = missingEventBasics(s);
  if (s.date === undefined) missing.push('the date');
  if (s.slot === undefined) missing.push(askTime);
  if (missing.length > 0) return { agent, text: askHoldBasics(missing) };
  if (guestTotal(s) >= settings.largePartyHandoffGuests) {
    return context.handoff({ reason: 'large_party', intent: 'book' });
  }
  const date = s.date ?? '';
  const slot: SlotTime = s.slot ?? '18:00';
  const notice = noticeProblem(context, s.time ?? slot);
  if (notice === 'short') return context.handoff({ reason: 'short_notice', intent: 'book' });
  if (notice === 'past' || notice === 'far') {
    delete s.date;
    return { agent, text: dateNotBookable };
  }
  const contact: string[] = [];
  if (s.name === undefined) contact.push('your name');
  if (s.phone === undefined) contact.push('phone number');
  if (s.email === undefined) contact.push('email');
  if (contact.length > 0) return { agent, text: askContact(contact) };
  const quote = await ensureQuote(context);
  if (!quote.ok) return { agent, text: toolErrorText(quote, turn) };
  if (!quote.value.travel.withinServiceArea) {
    return context.handoff({ reason: 'out_of_radius', intent: 'book' });
  }
  const availability = await context.callTool('availability', { from: date, to: date }, () =>
    context.tools.availability({ from: date, to: date }),
  );
  if (!availability.ok) return { agent, text: toolErrorText(availability, turn) };
  const day = availability.value.days.find((d) => d.date === date);
  if (!day?.slots.some((x) => x.slot === slot && x.bookable)) {
    delete s.slot;
    return { agent, text: askOtherTime(describeDay(availability.value, date, slot)) };
  }
  const holdInput = {
    quoteId: quote.value.id,
    date,
    slot,
    ...(s.time !== undefined && s.time !== slot ? { requestedTime: s.time } : {}),
    customer: { name: s.name ?? '', email: s.email ?? '', phone: s.phone ?? '' },
    idempotencyKey: `${state.id}:${date}:${slot}`,
  };
  const hold = await context.callTool('placeHold', holdInput, () =>
    context.tools.placeHold(holdInput),
  );
  if (!hold.ok) {
    delete s.slot;
    return { agent, text: timeJustTaken };
  }
  state.hold = hold.value;
  state.flow = null;
  return {
    agent,
    text: holdPlacedText({
      date,
      time: s.time ?? slot,
      quote: quote.value,
      signDeadline: hold.value.signDeadline,
      link: hold.value.link,
      timeZone: context.timeZone,
    }),
  };
}
