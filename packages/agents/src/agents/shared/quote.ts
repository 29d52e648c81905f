import type { QuoteToolInput, QuoteToolOutput } from '../../tools/agent-tools.ts';
import type { AgentContext, ToolResult } from '../agent.ts';
import { plural } from '../../orchestrator/display.ts';

function quoteInput(context: AgentContext): QuoteToolInput {
  const s = context.turn.state.slots;
  const guestsWithPicks = (s.adults ?? 0) + (s.children ?? 0);
  const picks = Object.values(s.proteins ?? {}).reduce((a, b) => a + b, 0);
  // Spec §2: picks must add up exactly; a partial list is left to checkout, never guessed.
  const proteins =
    s.proteins && picks === guestsWithPicks * context.settings.pricing.proteinsPerGuest
      ? s.proteins
      : undefined;
  return {
    adults: s.adults ?? 0,
    children: s.children ?? 0,
    toddlers: s.toddlers ?? 0,
    ...(proteins ? { proteins } : {}),
    ...(s.addons ? { addons: s.addons } : {}),
    venue: { zip: s.zip ?? '', ...(s.address !== undefined ? { address: s.address } : {}) },
    ...(s.date !== undefined ? { eventDate: s.date } : {}),
  };
}

/** The conversation's quote for its current slots: reused while they are unchanged. */
export async function ensureQuote(context: AgentContext): Promise<ToolResult<QuoteToolOutput>> {
  const input = quoteInput(context);
  const key = JSON.stringify(input);
  const { state } = context.turn;
  if (state.lastQuote && state.lastQuoteKey === key) return { ok: true, value: state.lastQuote };
  const result = await context.callTool('quote', input, () => context.tools.quote(input));
  if (result.ok) {
    state.lastQuote = result.value;
    state.lastQuoteKey = key;
  }
  return result;
}

export function describeGuests(q: { adults: number; children: number; toddlers: number }): string {
  const parts = [];
  if (q.adults > 0) parts.push(plural(q.adults, 'adult', 'adults'));
  if (q.children > 0) parts.push(plural(q.children, 'child', 'children'));
  if (q.toddlers > 0) parts.push(plural(q.toddlers, 'little one', 'little ones'));
  return parts.join(', ');
}
