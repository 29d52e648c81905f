import { formatCents, type PaymentInstruction } from '@teppan/core';
import type { Brand } from '../brand.ts';
import { formatEventDate, formatEventTime, formatEventWhen } from '../format.ts';
import {
  bookingCancelledContent,
  bookingChangedContent,
  type BookingCancellationFacts,
  type BookingChangeFacts,
} from './booking-change-content.ts';
import {
  guestsLabel,
  allergensText,
  deadlineText,
  eventDetails,
  hostDetails,
  methodLabel,
  contactLine,
} from './email-content-parts.ts';

export const emailKinds = [
  'hold.sign_warning',
  'hold.deposit_warning',
  'hold.sign_deadline',
  'hold.deposit_deadline',
  'booking.deposit_nudge',
  'booking.deposit_warning',
  'booking.deposit_deadline',
  'booking.deposit_reported',
  'booking.reminder_48h',
  'booking.reminder_24h',
  'booking.review_request',
  'booking.chef_on_the_way',
  'booking.unassigned_alert',
  'booking.review_reminder',
  'booking.referral_ask',
  'booking.reengagement',
  'booking.confirmation',
  'booking.received',
  'booking.staff_alert',
  'booking.changed',
  'booking.cancelled',
  'payment.mismatch_alert',
] as const;
export type EmailKind = (typeof emailKinds)[number];

export function isEmailKind(kind: string): kind is EmailKind {
  return (emailKinds as readonly string[]).includes(kind);
}

/** Everything a transactional email may mention; each kind uses what it needs. */
export interface EmailContext {
  customerName: string;
  bookingNumber?: string;
  /** The event's station-local date (YYYY-MM-DD) and time (HH:MM). */
  date: string;
  slot: string;
  guests?: number;
  guestBreakdown?: { adults: number; children: number; toddlers: number };
  totalCents?: number;
  depositCents?: number;
  balanceCents?: number;
  /** Price lines of the confirmation, from the booking's stored quote. */
  lines?: readonly { label: string; cents: number }[];
  deadline?: Date;
  /** The station's zone, for instants such as `deadline`. */
  timeZone?: string;
  link: string;
  allergens?: readonly string[];
  specialRequests?: string | null;
  venue?: string;
  /** Staff alert: how to reach the host. */
  contact?: { email: string; phone: string };
  /** Offline deposit: the payment reference to use, or the one the customer gave. */
  reference?: string;
  /** Offline deposit: how the customer paid (zelle, venmo, cash). */
  paymentMethod?: string;
  /** Offline deposit: whom to pay, how much, the reference and the deadline (core). */
  paymentInstruction?: PaymentInstruction;
  /** The customer said they sent the deposit (the cancellation then reads differently). */
  depositReported?: boolean;
  /** Payment mismatch alert: what was due and what the provider reported, both formatted. */
  paymentMismatch?: { kind: string; expected: string; received: string; eventId: string };
  /** Updated confirmation: what changed (booking-change-content.ts). */
  change?: BookingChangeFacts;
  /** Cancellation: what became of the money actually paid. */
  cancellation?: BookingCancellationFacts;
}

export interface EmailDetail {
  label: string;
  value: string;
}

/**
 * One email as data: the React layout renders it to HTML and `toPlainText` to the text
 * part, so the two parts can never say different things.
 */
export interface EmailContent {
  subject: string;
  preview: string;
  heading: string;
  paragraphs: string[];
  details?: EmailDetail[];
  /** A money table ending in a bold total. */
  amounts?: { lines: EmailDetail[]; total: EmailDetail };
  /** A highlighted list, e.g. the allergens recap. */
  list?: { title: string; items: string[] };
  action?: { label: string; url: string };
  closing?: string[];
}

export function buildEmailContent(kind: EmailKind, ctx: EmailContext, brand: Brand): EmailContent {
  const when = formatEventWhen(ctx.date, ctx.slot);
  const hello = `Hi ${ctx.customerName},`;
  const number = ctx.bookingNumber ?? '';
  switch (kind) {
    case 'hold.sign_warning':
      return {
        subject: 'Your hibachi date is held for one more hour',
        preview: `Sign the agreement by ${deadlineText(ctx)} to keep ${when}.`,
        heading: 'Your date is held for one more hour',
        paragraphs: [
          hello,
          `We are holding ${when} for you until ${deadlineText(ctx)}. Sign the agreement to keep it.`,
        ],
        action: { label: 'Sign the agreement', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'hold.deposit_warning':
      return {
        subject: 'One hour left to pay your deposit',
        preview: `Pay the ${formatCents(ctx.depositCents ?? 0)} deposit to confirm ${when}.`,
        heading: 'One hour left to pay your deposit',
        paragraphs: [
          hello,
          `Your hold on ${when} ends at ${deadlineText(ctx)}. Pay the ${formatCents(ctx.depositCents ?? 0)} deposit to confirm your party.`,
        ],
        action: { label: 'Pay the deposit', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'hold.sign_deadline':
    case 'hold.deposit_deadline':
      return {
        subject: 'Your hold has expired',
        preview: `The hold on ${when} expired; you can book again any time.`,
        heading: 'Your hold has expired',
        paragraphs: [
          hello,
          `The hold on ${when} expired and the time slot was released. You can book again any time — if the slot is still free, it is yours.`,
        ],
        action: { label: 'Book again', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.deposit_nudge':
      return {
        subject: `Deposit pending for booking ${number}`.trim(),
        preview: `We have not received the ${formatCents(ctx.depositCents ?? 0)} deposit yet.`,
        heading: 'Your deposit is still pending',
        paragraphs: [
          hello,
          `We have not received the ${formatCents(ctx.depositCents ?? 0)} deposit for ${when} yet. Your booking is confirmed as soon as it arrives.`,
        ],
        details: eventDetails(ctx),
        action: { label: 'See payment instructions', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.deposit_warning':
      return {
        subject: `One hour left to send your deposit (${number})`,
        preview: `Send the ${formatCents(ctx.depositCents ?? 0)} deposit by ${deadlineText(ctx)} to keep ${when}.`,
        heading: 'One hour left to send your deposit',
        paragraphs: [
          hello,
          ctx.paymentMethod === 'card'
            ? `Your booking for ${when} is waiting for the ${formatCents(ctx.depositCents ?? 0)} deposit. Pay it by card from your booking page by ${deadlineText(ctx)}.`
            : ctx.paymentInstruction
              ? `Your booking for ${when} is waiting for the deposit. ${ctx.paymentInstruction.text} Then tap “I've sent it” on your booking page so we know to look for it.`
              : `Your booking for ${when} is waiting for the ${formatCents(ctx.depositCents ?? 0)} deposit. Send it by ${deadlineText(ctx)}${ctx.reference ? ` with the reference ${ctx.reference} in the note` : ''}, then tap “I've sent it” on your booking page so we know to look for it.`,
          'Without the deposit or word from you by then, the booking is cancelled and the date released.',
        ],
        details: eventDetails(ctx),
        action: { label: 'Open your booking', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.deposit_deadline':
      return ctx.depositReported
        ? {
            subject: `Booking ${number} cancelled: we could not confirm your deposit`.trim(),
            preview: `We could not confirm your deposit for ${when} in time.`,
            heading: 'We could not confirm your deposit in time',
            paragraphs: [
              hello,
              `You told us you sent the ${formatCents(ctx.depositCents ?? 0)} deposit${ctx.reference ? ` (reference “${ctx.reference}”)` : ''}, but we could not confirm it by ${deadlineText(ctx)}, so the booking for ${when} was cancelled and the date released.`,
              `If the money left your account, reply to this email or call ${brand.contactPhone}: we will refund it or book you again.`,
            ],
            details: eventDetails(ctx),
            action: { label: 'Book again', url: ctx.link },
            closing: [contactLine(brand)],
          }
        : {
            subject: `Booking ${number} cancelled: no deposit received`.trim(),
            preview: `The deposit for ${when} did not arrive in time; the date was released.`,
            heading: 'Your booking was cancelled',
            paragraphs: [
              hello,
              `We did not receive the ${formatCents(ctx.depositCents ?? 0)} deposit for ${when} by ${deadlineText(ctx)}, so the booking was cancelled and the date released.`,
              'You can book again any time — if the date is still free, it is yours.',
            ],
            details: eventDetails(ctx),
            action: { label: 'Book again', url: ctx.link },
            closing: [contactLine(brand)],
          };
    case 'booking.deposit_reported':
      return {
        subject: `Deposit to confirm: ${number}, reference ${ctx.reference ?? '(none)'}`,
        preview: `${ctx.customerName} says the ${formatCents(ctx.depositCents ?? 0)} deposit is sent. Confirm by ${deadlineText(ctx)}.`,
        heading: 'A customer says the deposit is sent',
        paragraphs: [
          `${ctx.customerName} says they sent the ${formatCents(ctx.depositCents ?? 0)} deposit for booking ${number} (${when}) by ${methodLabel(ctx)}, reference “${ctx.reference ?? ''}”.`,
          `Confirm it by ${deadlineText(ctx)}. Unconfirmed by then, the booking is cancelled, the date released and the customer told.`,
        ],
        details: [
          ...eventDetails(ctx),
          ...hostDetails(ctx),
          { label: 'Paid by', value: methodLabel(ctx) },
          { label: 'Reference', value: ctx.reference ?? '' },
          { label: 'Confirm by', value: deadlineText(ctx) },
        ],
        action: { label: 'Open the booking', url: ctx.link },
      };
    case 'booking.reminder_48h':
      return {
        subject: `Your hibachi party is in 2 days (${number})`,
        preview: `Your chef arrives 20 minutes before ${formatEventTime(ctx.slot)}.`,
        heading: 'Your hibachi party is in 2 days',
        paragraphs: [
          hello,
          `Your chef arrives 20 minutes before ${when} for ${ctx.guests ?? 0} guests. Total ${formatCents(ctx.totalCents ?? 0)}.`,
          'Please have a flat, open space ready near a power outlet; we bring the grill, the food and the show.',
        ],
        details: eventDetails(ctx),
        action: { label: 'Manage your booking', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.reminder_24h':
      return {
        subject: `Tomorrow: your hibachi party (${number})`,
        preview: `See you tomorrow. Allergens on file: ${allergensText(ctx)}.`,
        heading: 'See you tomorrow',
        paragraphs: [
          hello,
          `See you tomorrow, ${when}. Allergens on file: ${allergensText(ctx)}. The guest count is now final.`,
          'If an allergy is missing from this list, reply to this email or call us before the event so your chef can prepare.',
        ],
        details: eventDetails(ctx),
        list: {
          title: 'Allergens on file',
          items: ctx.allergens?.length ? [...ctx.allergens] : ['None recorded'],
        },
        action: { label: 'See your booking', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.review_request':
      return {
        subject: 'How was your hibachi party?',
        preview: 'Tell us how it went: it takes a minute.',
        heading: 'How was your hibachi party?',
        paragraphs: [
          hello,
          `Thank you for having us on ${formatEventDate(ctx.date)}. We would love a review — it helps other hosts and tells your chef how it went.`,
        ],
        action: { label: 'Write a review', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.chef_on_the_way':
      return {
        subject: `Your chef is on the way (${number})`,
        preview: `Your chef is on the way to your hibachi party, ${when}.`,
        heading: 'Your chef is on the way',
        paragraphs: [
          hello,
          `Your chef is on the way to your party, ${when}. Please have the grill spot clear and the guests ready to gather round.`,
        ],
        details: eventDetails(ctx),
        action: { label: 'See your booking', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.unassigned_alert':
      return {
        subject: `No chef yet for booking ${number}: ${formatEventDate(ctx.date)}`,
        preview: `${when} has no chef assigned.`,
        heading: `No chef assigned to booking ${number}`.trim(),
        paragraphs: [
          `Booking ${number} (${when}) is a week away or less and no chef is assigned. Assign one from the booking page.`,
        ],
        details: [...eventDetails(ctx), ...hostDetails(ctx)],
        action: { label: 'Assign a chef', url: ctx.link },
      };
    case 'booking.review_reminder':
      return {
        subject: 'A minute for a review?',
        preview: 'A short review of your hibachi party helps other hosts.',
        heading: 'A minute for a review?',
        paragraphs: [
          hello,
          `A few days ago we asked how your party on ${formatEventDate(ctx.date)} went. If you have a minute, a short review helps other hosts and tells your chef how it went. If you already wrote one, thank you — please ignore this email.`,
        ],
        action: { label: 'Write a review', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.referral_ask':
      return {
        subject: `Thank you from ${brand.name}`,
        preview: 'Thank you for having us. Know someone planning a party?',
        heading: 'Thank you for having us',
        paragraphs: [
          hello,
          `Thank you again for your party on ${formatEventDate(ctx.date)}. If a friend or family member is planning a celebration, we would be glad if you told them about us: they can see menus, prices and open dates on our website.`,
        ],
        action: { label: `Visit ${brand.name}`, url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.reengagement':
      return {
        subject: `Ready for another hibachi party?`,
        preview: 'Pick a date for your next party at home.',
        heading: 'Ready for another hibachi party?',
        paragraphs: [
          hello,
          `It has been a while since your party on ${formatEventDate(ctx.date)}. Whenever you are ready for the next one, you can check open dates and book on our website.`,
          `You receive this because you agreed to hear from us by email. To stop, reply to this email or write to ${brand.contactEmail}.`,
        ],
        action: { label: 'See open dates', url: ctx.link },
        closing: [contactLine(brand)],
      };
    case 'booking.confirmation': {
      const total = formatCents(ctx.totalCents ?? 0);
      return {
        subject: `Booking confirmed: ${number} — ${formatEventDate(ctx.date)}`,
        preview: `Your hibachi party on ${when} is confirmed. Total ${total}.`,
        heading: 'Your hibachi party is confirmed',
        paragraphs: [
          hello,
          `Thank you — we received your deposit and your party on ${when} is confirmed. The calendar file attached to this email adds it to your calendar.`,
        ],
        details: [
          ...eventDetails(ctx),
          { label: 'Allergens on file', value: allergensText(ctx) },
          ...(ctx.specialRequests
            ? [{ label: 'Special requests', value: ctx.specialRequests }]
            : []),
        ],
        amounts: {
          lines: [
            ...(ctx.lines ?? []).map((line) => ({
              label: line.label,
              value: formatCents(line.cents),
            })),
          ],
          total: { label: 'Total', value: total },
        },
        list: {
          title: 'Payments',
          items: [
            `Deposit paid: ${formatCents(ctx.depositCents ?? 0)}`,
            `Balance due on the day: ${formatCents(ctx.balanceCents ?? 0)}`,
          ],
        },
        action: { label: 'Manage your booking', url: ctx.link },
        closing: [
          'You can change the guest count until 24 hours before the event and the menu until 12 hours before, from the link above.',
          contactLine(brand),
        ],
      };
    }
    case 'booking.received':
      return bookingReceivedContent(ctx, brand);
    case 'booking.staff_alert': {
      const total = formatCents(ctx.totalCents ?? 0);
      return {
        subject: `New booking ${number}: ${formatEventDate(ctx.date)}, ${guestsLabel(ctx)}`,
        preview: `${ctx.customerName} booked ${when}. Total ${total}.`,
        heading: `New booking ${number}`.trim(),
        paragraphs: [`${ctx.customerName} booked ${when}. The deposit is confirmed.`],
        details: [
          ...eventDetails(ctx),
          ...hostDetails(ctx),
          { label: 'Allergens', value: allergensText(ctx) },
          ...(ctx.specialRequests
            ? [{ label: 'Special requests', value: ctx.specialRequests }]
            : []),
          { label: 'Total', value: total },
          { label: 'Deposit paid', value: formatCents(ctx.depositCents ?? 0) },
        ],
        action: { label: 'Open the booking', url: ctx.link },
      };
    }
    case 'booking.changed':
    case 'booking.cancelled': {
      const shared = {
        details: eventDetails(ctx),
        allergens: allergensText(ctx),
        contactLine: contactLine(brand),
      };
      return kind === 'booking.changed'
        ? bookingChangedContent(ctx, shared)
        : bookingCancelledContent(ctx, shared);
    }
    case 'payment.mismatch_alert': {
      const m = ctx.paymentMismatch;
      const kindLabel = m?.kind ?? 'payment';
      return {
        subject: `Payment mismatch on booking ${number}: not confirmed`,
        preview: `Stripe reported ${m?.received ?? 'an unexpected amount'}; the ${kindLabel} due is ${m?.expected ?? 'different'}.`,
        heading: `Payment mismatch on booking ${number}`.trim(),
        paragraphs: [
          `Stripe reported a ${kindLabel} payment of ${m?.received ?? 'an unexpected amount'} for booking ${number} (${when}), but ${m?.expected ?? 'a different amount'} is due. The payment was not applied and the booking was not confirmed.`,
          'Check the payment in the Stripe dashboard, then refund it, or record the payment by hand once it is settled.',
        ],
        details: [
          ...eventDetails(ctx),
          { label: 'Due', value: m?.expected ?? '' },
          { label: 'Reported by Stripe', value: m?.received ?? '' },
          { label: 'Stripe event', value: m?.eventId ?? '' },
        ],
        action: { label: 'Open the booking', url: ctx.link },
      };
    }
    default: {
      const exhaustive: never = kind;
      throw new Error(`no email template for ${String(exhaustive)}`);
    }
  }
}

/** Offline deposit chosen: the booking exists and waits for the money (issue F7). */
function bookingReceivedContent(ctx: EmailContext, brand: Brand): EmailContent {
  const when = formatEventWhen(ctx.date, ctx.slot);
  const pay = ctx.paymentInstruction;
  const deposit = formatCents(ctx.depositCents ?? 0);
  return {
    subject: `Booking received: ${ctx.bookingNumber ?? ''} — deposit due by ${deadlineText(ctx)}`,
    preview: `We are holding ${when} for you until the ${deposit} deposit arrives.`,
    heading: 'We have your booking',
    paragraphs: [
      `Hi ${ctx.customerName},`,
      `Thank you — we are holding ${when} for you. It is confirmed as soon as we receive the ${deposit} deposit.`,
      ...(pay ? [pay.text] : []),
      pay?.isPayable
        ? "Once you have sent it, tap “I've sent it” on your booking page so we know to look for it."
        : 'Keep this email: your booking page is the link below.',
      'Without the deposit or word from you by the deadline, the booking is cancelled and the date released.',
    ],
    details: [
      ...eventDetails(ctx),
      ...(pay?.payee ? [{ label: 'Pay to', value: pay.payee }] : []),
      { label: 'Amount', value: pay?.amount ?? deposit },
      { label: 'Reference', value: ctx.reference ?? '' },
      { label: 'Deadline', value: pay?.deadline ?? deadlineText(ctx) },
    ],
    action: { label: 'Manage your booking', url: ctx.link },
    closing: [contactLine(brand)],
  };
}

/** The text/plain part: same content as the HTML, readable in any client. */
export function toPlainText(content: EmailContent, brand: Brand): string {
  const blocks: string[] = [content.heading.toUpperCase(), ...content.paragraphs];
  if (content.details?.length)
    blocks.push(content.details.map((d) => `${d.label}: ${d.value}`).join('\n'));
  if (content.amounts)
    blocks.push(
      [...content.amounts.lines, content.amounts.total]
        .map((d) => `${d.label}: ${d.value}`)
        .join('\n'),
    );
  if (content.list)
    blocks.push([`${content.list.title}:`, ...content.list.items.map((i) => `- ${i}`)].join('\n'));
  if (content.action) blocks.push(`${content.action.label}: ${content.action.url}`);
  blocks.push(...(content.closing ?? []));
  blocks.push(`— ${brand.name}\n${brand.postalAddress}\n${brand.websiteUrl}`);
  return `${blocks.join('\n\n')}\n`;
}
