import { formatCents } from '@teppan/core';
import type { QuoteToolOutput } from '../../tools/agent-tools.ts';
import { displayDate, displayInstant, displayTime } from '../../orchestrator/display.ts';
import { describeGuests } from '../shared/quote.ts';

export const alreadyHolding = (link: string): string =>
  `You already have a hold: sign the agreement here to keep it: ${link}`;
export const askHoldBasics = (missing: string[]): string =>
  `Let's get your date held. I still need ${missing.join(', ')}.`;
export const askTime = 'the time (lunch, afternoon, early evening or prime time)';
export const dateNotBookable = "That date can't be booked online. Which other date would work?";
export const askContact = (contact: string[]): string =>
  `Almost there. To hold it I need ${contact.join(', ')}.`;
export const askOtherTime = (day: string): string => `${day} Which time would you like instead?`;
export const timeJustTaken = 'Sorry, that time was just taken. Which other time would work?';

export function holdPlacedText(options: {
  date: string;
  time: string;
  quote: QuoteToolOutput;
  signDeadline: string;
  link: string;
  timeZone: string;
}): string {
  const { quote } = options;
  return (
    `Done! I'm holding ${displayDate(options.date)} at ${displayTime(options.time)} for ${describeGuests(quote)} ` +
    `(quote ${quote.number}, total ${formatCents(quote.totalCents)}). ` +
    `Please sign the agreement by ${displayInstant(options.signDeadline, options.timeZone)}: ${options.link} ` +
    `After signing, pay the ${formatCents(quote.depositCents)} deposit to confirm.`
  );
}

export const bookingWhen = (booking: { number: string; date: string; slot: string }): string =>
  `Booking ${booking.number} is on ${displayDate(booking.date)} at ${displayTime(booking.slot)}.`;
export const cancellationText = (options: {
  when: string;
  outcome: string;
  manageUrl: string;
}): string =>
  `${options.when} If you cancel now: ${options.outcome} You can cancel from your booking page: ${options.manageUrl}`;
export const rescheduleText = (options: {
  when: string;
  terms: string;
  open: string;
  manageUrl: string;
}): string =>
  `${options.when} ${options.terms}${options.open} You can pick the new date on your booking page: ${options.manageUrl}`;
