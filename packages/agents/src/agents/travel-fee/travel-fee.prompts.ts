import { formatCents } from '@teppan/core';
import type { TravelFeeOutput } from '../../tools/agent-tools.ts';

export const askZip = (answer: string): string =>
  `${answer} Send me the venue's ZIP code and I'll check the exact fee.`;

export const travelFeeText = (fee: TravelFeeOutput): string =>
  `${fee.zip} is about ${fee.miles} miles from our station${fee.isEstimate ? ' (estimated)' : ''}, so the travel fee is ${formatCents(fee.feeCents)}.`;

export const offerQuote = (feeText: string): string =>
  `${feeText} Want a full quote? Just tell me how many guests.`;
