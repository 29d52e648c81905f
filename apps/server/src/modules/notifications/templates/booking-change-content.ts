import { formatCents } from '@teppan/core';
import { formatEventDate, formatEventWhen } from '../format.ts';
import type { EmailContent, EmailContext, EmailDetail } from './email-content.ts';

/** What one change to a booking touched; a patch may change guests and menu at once. */
export const bookingChangeParts = ['date', 'guests', 'menu'] as const;
export type BookingChangePart = (typeof bookingChangeParts)[number];

/** The updated-confirmation email's own data (EmailContext.change). */
export interface BookingChangeFacts {
  parts: readonly BookingChangePart[];
  /** Before a reschedule: the station-local date and time. */
  previous?: { date: string; slot: string };
  /** A reschedule fee the change added (a pending payment on the booking). */
  feeCents?: number;
  /** Still waiting for its deposit: the calendar entry is tentative. */
  isAwaitingDeposit: boolean;
}

/** The cancellation email's own data (EmailContext.cancellation), from what was paid. */
export interface BookingCancellationFacts {
  /** The deposit actually held when cancelled (payment-totals), not the one asked for. */
  depositPaidCents: number;
  refundCents: number;
  forfeitedCents: number;
  /** Balances and fees that arrived besides the deposit; the policy does not cover them. */
  otherPaidCents: number;
  refundMinDaysBefore: number;
  /** Who cancelled: the customer, or staff / the business. */
  byCustomer: boolean;
  reason: string | null;
}

/** Parts shared with the other templates, passed in so this file imports no values back. */
export interface SharedParts {
  details: EmailDetail[];
  allergens: string;
  contactLine: string;
}

function changedSentence(ctx: EmailContext, facts: BookingChangeFacts): string[] {
  const when = formatEventWhen(ctx.date, ctx.slot);
  const sentences: string[] = [];
  if (facts.parts.includes('date'))
    sentences.push(
      facts.previous
        ? `Your hibachi party moved from ${formatEventWhen(facts.previous.date, facts.previous.slot)} to ${when}.`
        : `Your hibachi party is now on ${when}.`,
    );
  if (facts.parts.includes('guests')) sentences.push(`The guest count is now ${ctx.guests ?? 0}.`);
  if (facts.parts.includes('menu')) sentences.push('Your menu choices were updated.');
  return sentences;
}

export function bookingChangedContent(ctx: EmailContext, shared: SharedParts): EmailContent {
  // Without the facts: a plain "updated", and no claim about the booking's state.
  const facts = ctx.change;
  const number = ctx.bookingNumber ?? '';
  const when = formatEventWhen(ctx.date, ctx.slot);
  const total = formatCents(ctx.totalCents ?? 0);
  const isMove = facts?.parts.includes('date') ?? false;
  const fee = facts?.feeCents ?? 0;
  const changed = facts ? changedSentence(ctx, facts) : [];
  return {
    subject: `Booking updated: ${number} — ${formatEventDate(ctx.date)}`,
    preview: isMove
      ? `Your hibachi party is now on ${when}.`
      : `Your booking for ${when} was updated. Total ${total}.`,
    heading: isMove ? 'Your party has a new date' : 'Your booking was updated',
    paragraphs: [
      `Hi ${ctx.customerName},`,
      changed.length ? changed.join(' ') : `Your booking for ${when} was updated.`,
      ...(fee > 0
        ? [
            `A ${formatCents(fee)} reschedule fee applies to this change; it shows on your booking page.`,
          ]
        : []),
      !facts
        ? 'The attached calendar file replaces the earlier one in your calendar.'
        : facts.isAwaitingDeposit
          ? `Your booking is held, not yet confirmed: it is confirmed once the ${formatCents(ctx.depositCents ?? 0)} deposit arrives. The attached calendar file replaces the earlier one and marks the event as tentative until then.`
          : 'Your booking stays confirmed. The attached calendar file replaces the earlier one in your calendar.',
    ],
    details: [...shared.details, { label: 'Allergens on file', value: shared.allergens }],
    amounts: {
      lines: (ctx.lines ?? []).map((line) => ({
        label: line.label,
        value: formatCents(line.cents),
      })),
      total: { label: 'New total', value: total },
    },
    action: { label: 'Manage your booking', url: ctx.link },
    closing: [
      'You can change the guest count until 24 hours before the event and the menu until 12 hours before, from the link above.',
      shared.contactLine,
    ],
  };
}

/** What became of the money: only what was actually paid is refunded or kept. */
export function refundSentences(facts: BookingCancellationFacts): string[] {
  const days = facts.refundMinDaysBefore;
  const sentences: string[] = [];
  if (facts.depositPaidCents === 0)
    sentences.push(
      'No deposit was paid on this booking, so there is nothing to refund and nothing is charged.',
    );
  else if (facts.refundCents > 0)
    sentences.push(
      `The booking was cancelled at least ${days} days before the event, so your ${formatCents(facts.refundCents)} deposit will be refunded. We will let you know when it is on its way.`,
    );
  else
    sentences.push(
      `The booking was cancelled less than ${days} days before the event, so under the cancellation policy the ${formatCents(facts.forfeitedCents)} deposit is not refunded.`,
    );
  if (facts.otherPaidCents > 0)
    sentences.push(
      `You also paid ${formatCents(facts.otherPaidCents)} besides the deposit; we will contact you about it.`,
    );
  return sentences;
}

/** The refund line of the details: what comes back, in one phrase. */
export function refundDetail(facts: BookingCancellationFacts): string {
  if (facts.depositPaidCents === 0) return 'None — no deposit was paid';
  if (facts.refundCents > 0) return `${formatCents(facts.refundCents)} (your deposit), on its way`;
  return `None — the ${formatCents(facts.forfeitedCents)} deposit is not refundable`;
}

/** The same outcome as one sentence, for the preview and the text message. */
export function refundSummary(facts: BookingCancellationFacts): string {
  if (facts.depositPaidCents === 0) return 'No deposit was paid, so nothing is owed.';
  if (facts.refundCents > 0)
    return `Your ${formatCents(facts.refundCents)} deposit will be refunded.`;
  return `The ${formatCents(facts.forfeitedCents)} deposit is not refundable.`;
}

export function bookingCancelledContent(ctx: EmailContext, shared: SharedParts): EmailContent {
  // Without the facts nothing is said about money rather than something possibly untrue.
  const facts = ctx.cancellation;
  const number = ctx.bookingNumber ?? '';
  const when = formatEventWhen(ctx.date, ctx.slot);
  return {
    subject: `Booking cancelled: ${number} — ${formatEventDate(ctx.date)}`,
    preview: facts ? refundSummary(facts) : `Your hibachi party on ${when} is cancelled.`,
    heading: 'Your booking is cancelled',
    paragraphs: [
      `Hi ${ctx.customerName},`,
      facts?.byCustomer === true
        ? `As you asked, your hibachi party on ${when} is cancelled and the date released.`
        : facts?.byCustomer === false
          ? `Your hibachi party on ${when} has been cancelled by us and the date released.`
          : `Your hibachi party on ${when} is cancelled and the date released.`,
      ...(facts
        ? refundSentences(facts)
        : ['Your booking page shows what becomes of any payment you made.']),
      'The attached calendar file removes the event from your calendar.',
    ],
    details: [
      ...shared.details,
      ...(facts?.reason ? [{ label: 'Reason', value: facts.reason }] : []),
      ...(facts ? [{ label: 'Refund', value: refundDetail(facts) }] : []),
    ],
    action: { label: 'See your booking', url: ctx.link },
    closing: ['We would be glad to cook for you another time.', shared.contactLine],
  };
}

/** The text message: short, no link (the email carries it), the opt-out word. */
export function bookingChangeSms(
  kind: 'booking.changed' | 'booking.cancelled',
  ctx: EmailContext,
  brandName: string,
): string {
  const when = formatEventWhen(ctx.date, ctx.slot);
  const number = ctx.bookingNumber ?? '';
  const body =
    kind === 'booking.cancelled'
      ? `booking ${number} for ${when} is cancelled. ${ctx.cancellation ? refundSummary(ctx.cancellation) : ''}`
      : `booking ${number} updated: ${when}, ${ctx.guests ?? 0} guests, total ${formatCents(ctx.totalCents ?? 0)}.`;
  return `${brandName}: your ${body.trim()} Details in your email. Reply STOP to opt out.`;
}
