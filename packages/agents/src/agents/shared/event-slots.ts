import { checkNotice } from '@teppan/core';
import type { Slots } from '../../orchestrator/types.ts';
import type { AgentContext } from '../agent.ts';

export function guestTotal(slots: Slots): number {
  return (slots.adults ?? 0) + (slots.children ?? 0) + (slots.toddlers ?? 0);
}

/** What a quote or a hold cannot do without, in the words the reply asks for them. */
export function missingEventBasics(slots: Slots): string[] {
  const missing: string[] = [];
  if ((slots.adults ?? 0) + (slots.children ?? 0) === 0) missing.push('how many adults and kids');
  if (slots.zip === undefined) missing.push('the ZIP code of the venue');
  return missing;
}

/** A date inside the notice window goes to staff; a past date is asked again. */
export function noticeProblem(
  context: AgentContext,
  time: string,
): 'short' | 'past' | 'far' | null {
  const date = context.turn.state.slots.date;
  if (date === undefined) return null;
  const check = checkNotice({
    date,
    time,
    timeZone: context.timeZone,
    now: context.turn.now,
    notice: context.settings.notice,
  });
  if (check.ok) return null;
  switch (check.reason) {
    case 'PAST':
      return 'past';
    case 'TOO_SOON':
      return 'short';
    case 'TOO_FAR':
      return 'far';
  }
}
