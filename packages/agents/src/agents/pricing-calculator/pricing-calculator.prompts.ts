import { formatCents } from '@teppan/core';
import type { QuoteToolOutput } from '../../tools/agent-tools.ts';
import { describeGuests } from '../shared/quote.ts';

export const askEventBasics = (missing: string[]): string =>
  `Happy to price that exactly. Could you tell me ${missing.join(' and ')}?`;

/** Every amount comes from the quote tool's output; none is computed here. */
export function quoteText(q: QuoteToolOutput): string {
  const lines = q.lines
    .filter((l) => l.code !== 'minimum_adjustment')
    .map((l) => `${l.label} × ${l.quantity}: ${formatCents(l.totalCents)}`)
    .join('; ');
  const minimum = q.minimumApplied ? ' (party minimum applied)' : '';
  const travel = `Travel (${q.travel.miles} mi${q.travel.isEstimate ? ', estimated' : ''}): ${formatCents(q.travel.feeCents)}`;
  return (
    `Quote ${q.number} for ${describeGuests(q)} in ${q.venue.zip}: ${lines}. ` +
    `Food subtotal ${formatCents(q.foodSubtotalCents)}${minimum}. ${travel}. Tax ${formatCents(q.taxCents)}. ` +
    `Total ${formatCents(q.totalCents)}; the ${formatCents(q.depositCents)} deposit is deducted, leaving ${formatCents(q.balanceCents)}.`
  );
}

export const offerHoldForDate = ' Shall I hold a time for you?';
export const offerDateCheck = ' Would you like me to check a date or hold one?';
export const pastDateNote = ' (That date has already passed; which date did you mean?)';
