import type { Brand } from '../brand.ts';
import { formatEventDate, formatEventTime, formatInstant } from '../format.ts';
import type { EmailContext, EmailDetail } from './email-content.ts';

// The pieces several email kinds share (the kinds themselves are in email-content.ts).

export const DEFAULT_TIME_ZONE = 'America/Los_Angeles';

export function guestsLabel(ctx: EmailContext): string {
  const b = ctx.guestBreakdown;
  if (!b) return `${ctx.guests ?? 0} guests`;
  const parts = [`${b.adults} adults`];
  if (b.children) parts.push(`${b.children} children`);
  if (b.toddlers) parts.push(`${b.toddlers} toddlers`);
  return `${b.adults + b.children + b.toddlers} guests (${parts.join(', ')})`;
}

export function allergensText(ctx: EmailContext): string {
  return ctx.allergens?.length ? ctx.allergens.join(', ') : 'none recorded';
}

export function deadlineText(ctx: EmailContext): string {
  return ctx.deadline
    ? formatInstant(ctx.deadline, ctx.timeZone ?? DEFAULT_TIME_ZONE)
    : 'the end of your hold';
}

export function eventDetails(ctx: EmailContext): EmailDetail[] {
  const details: EmailDetail[] = [];
  if (ctx.bookingNumber) details.push({ label: 'Booking', value: ctx.bookingNumber });
  details.push({ label: 'Date', value: formatEventDate(ctx.date) });
  details.push({ label: 'Time', value: formatEventTime(ctx.slot) });
  if (ctx.guests !== undefined || ctx.guestBreakdown)
    details.push({ label: 'Guests', value: guestsLabel(ctx) });
  if (ctx.venue) details.push({ label: 'Venue', value: ctx.venue });
  return details;
}

/** The host, and in a staff alert how to reach them. */
export function hostDetails(ctx: EmailContext): EmailDetail[] {
  return [
    { label: 'Host', value: ctx.customerName },
    ...(ctx.contact
      ? [
          { label: 'Email', value: ctx.contact.email },
          { label: 'Phone', value: ctx.contact.phone },
        ]
      : []),
  ];
}

const methodLabels: Record<string, string> = { zelle: 'Zelle', venmo: 'Venmo', cash: 'cash' };

export function methodLabel(ctx: EmailContext): string {
  return ctx.paymentMethod
    ? (methodLabels[ctx.paymentMethod] ?? ctx.paymentMethod)
    : 'Zelle or Venmo';
}

export function contactLine(brand: Brand): string {
  return `Questions? Reply to this email, write to ${brand.contactEmail} or call ${brand.contactPhone}.`;
}
