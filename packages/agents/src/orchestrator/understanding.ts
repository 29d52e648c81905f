import type { Classification } from '../nlu/classifier.ts';
import type { Entities } from '../nlu/entities.ts';
import type { Intent } from '../nlu/intents.ts';
import type { Turn } from '../agents/agent.ts';
import { isInjectionAttempt } from './escalation.ts';
import type { Flow } from './types.ts';

const FLOW_INTENT: Record<Flow, Intent> = {
  quote: 'quote',
  book: 'book',
  availability: 'availability',
  travel_fee: 'travel_fee',
  reschedule: 'reschedule',
  cancel: 'cancel',
  payment_status: 'payment_status',
};

/** Intents a clear message may switch to even in the middle of a flow. */
const TOPIC_SWITCH = new Set<Intent>([
  'book',
  'reschedule',
  'cancel',
  'payment_status',
  'complaint',
  'refund',
  'human',
  'staff_question',
  'menu',
  'dietary_allergens',
  'policy',
  'logistics',
  'how_to_pay',
]);
const CHATTER = new Set<Intent>(['greeting', 'small_talk', 'out_of_scope', 'thanks']);
const AFFIRMATIVE =
  /^\s*(yes|yeah|yep|yup|sure|ok(?:ay)?|sounds good|let'?s do it|please do|do it|go ahead|book it|hold it)\b/i;

function hasGuests(entities: Entities): boolean {
  return (
    entities.adults !== undefined ||
    entities.children !== undefined ||
    entities.toddlers !== undefined ||
    entities.guests !== undefined
  );
}

function hasFlowSlot(entities: Entities): boolean {
  return (
    hasGuests(entities) ||
    entities.zip !== undefined ||
    entities.address !== undefined ||
    entities.date !== undefined ||
    entities.time !== undefined ||
    entities.name !== undefined ||
    entities.phone !== undefined ||
    entities.email !== undefined ||
    entities.bookingNumber !== undefined ||
    entities.addons !== undefined
  );
}

/** Folds this message's entities into the conversation's slots. */
export function mergeSlots(turn: Turn): void {
  const { entities: e, state } = turn;
  const slots = state.slots;
  if (hasGuests(e)) {
    // A correction names only what changes ("actually make it 14 adults"): keep the rest.
    if (e.adults !== undefined) slots.adults = e.adults;
    else if (e.guests !== undefined && e.children === undefined) slots.adults = e.guests;
    if (e.children !== undefined) slots.children = e.children;
    if (e.toddlers !== undefined) slots.toddlers = e.toddlers;
  }
  if (e.zip !== undefined) slots.zip = e.zip;
  if (e.address !== undefined) slots.address = e.address;
  if (e.date !== undefined) slots.date = e.date;
  if (e.time !== undefined) {
    slots.time = e.time;
    if (e.slot !== undefined) slots.slot = e.slot;
    else delete slots.slot;
  }
  if (e.allergens) slots.allergens = [...new Set([...(slots.allergens ?? []), ...e.allergens])];
  if (e.diets) slots.diets = [...new Set([...(slots.diets ?? []), ...e.diets])];
  if (e.phone !== undefined) slots.phone = e.phone;
  if (e.email !== undefined) slots.email = e.email;
  if (e.bookingNumber !== undefined) slots.bookingNumber = e.bookingNumber;
  if (e.name !== undefined) slots.name = e.name;
  else if (state.flow === 'book' && slots.name === undefined) {
    // Asked for a name, "Maria Lopez, maria@example.com" carries it before the contact details.
    const first = turn.text
      .replace(/\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b/gi, ' ')
      .replace(/[\d()+.-][\d()+.\s-]{6,}\d/g, ' ')
      .split(/[,;\n]/)
      .map((part) => part.trim())
      .find((part) => part.length > 0);
    const isName =
      first !== undefined &&
      /^[A-Za-z][A-Za-z'-]+(?:\s+[A-Za-z][A-Za-z'-]+){0,2}$/.test(first) &&
      !AFFIRMATIVE.test(first);
    if (isName) {
      slots.name = first;
      e.name = first;
    }
  }
  if (e.proteins) {
    const counted = Object.entries(e.proteins).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    );
    if (counted.length > 0) slots.proteins = Object.fromEntries(counted);
  }
  if (e.addons) {
    const everyone = (slots.adults ?? 0) + (slots.children ?? 0);
    const addons: NonNullable<typeof slots.addons> = { ...(slots.addons ?? {}) };
    for (const [code, count] of Object.entries(e.addons) as [
      keyof typeof addons,
      number | true,
    ][]) {
      // No count given ("add noodles") means a portion for every guest who eats a full meal.
      addons[code] = count === true ? Math.max(1, everyone) : count;
    }
    slots.addons = addons;
  }
}

/** The intent to answer: the classifier's guess, read in the light of the flow in progress. */
export function resolveIntent(turn: Turn, classification: Classification): Intent {
  const { state, entities } = turn;
  const classified = classification.intent;
  if (isInjectionAttempt(turn.text)) return classified === 'quote' ? 'quote' : 'out_of_scope';
  if (state.handoff.pending) return state.handoff.pending.intent;
  const flow = state.flow;
  if (flow !== null) {
    if (flow === 'quote' && state.lastQuote && AFFIRMATIVE.test(turn.text)) return 'book';
    if (flow === 'availability' && AFFIRMATIVE.test(turn.text)) return 'book';
    const confident = classification.confidence >= 0.5;
    if (TOPIC_SWITCH.has(classified) && confident && classified !== FLOW_INTENT[flow]) {
      // In the booking flow, details like "15 adults on Saturday" are answers, not a new topic.
      if (!(
        flow === 'book' &&
        hasFlowSlot(entities) &&
        classified !== 'cancel' &&
        classified !== 'complaint' &&
        classified !== 'refund' &&
        classified !== 'human'
      )) {
        return classified;
      }
    }
    if (hasFlowSlot(entities)) {
      if (flow === 'book') return 'book';
      // A ZIP or a head count while quoting answers the question asked; it is not a new topic.
      if (flow === 'quote' && (classified === 'travel_fee' || !confident)) return 'quote';
      if (['quote', 'availability', 'travel_fee', 'book'].includes(classified) && confident)
        return classified;
      return FLOW_INTENT[flow];
    }
    if (CHATTER.has(classified) && !confident && AFFIRMATIVE.test(turn.text))
      return FLOW_INTENT[flow];
    return classified;
  }
  if (CHATTER.has(classified) || classified === 'travel_fee') {
    if (hasGuests(entities) && (entities.zip !== undefined || classified !== 'travel_fee'))
      return 'quote';
  }
  if (CHATTER.has(classified) && entities.date !== undefined && !hasGuests(entities))
    return 'availability';
  return classified;
}
