import { formatCents } from '@teppan/core';

/**
 * Plain-text messages for the scheduled notifications. The customer-site issue replaces
 * these with React Email templates; the kinds and their data stay the same.
 */
export interface MessageContext {
  customerName: string;
  bookingNumber?: string;
  date: string;
  slot: string;
  guests?: number;
  totalCents?: number;
  depositCents?: number;
  deadline?: string;
  link: string;
  allergens?: string[];
}

export function renderMessage(
  kind: string,
  ctx: MessageContext,
): { subject: string; body: string } {
  const when = `${ctx.date} at ${ctx.slot}`;
  const hello = `Hi ${ctx.customerName},`;
  switch (kind) {
    case 'hold.sign_warning':
      return {
        subject: 'Your hibachi date is held for one more hour',
        body: `${hello}\n\nWe are holding ${when} for you until ${ctx.deadline}. Sign the agreement to keep it: ${ctx.link}`,
      };
    case 'hold.deposit_warning':
      return {
        subject: 'One hour left to pay your deposit',
        body: `${hello}\n\nYour hold on ${when} ends at ${ctx.deadline}. Pay the ${formatCents(ctx.depositCents ?? 0)} deposit to confirm: ${ctx.link}`,
      };
    case 'hold.sign_deadline':
    case 'hold.deposit_deadline':
      return {
        subject: 'Your hold has expired',
        body: `${hello}\n\nThe hold on ${when} expired and the time slot was released. You can book again any time: ${ctx.link}`,
      };
    case 'booking.deposit_nudge':
      return {
        subject: `Deposit pending for booking ${ctx.bookingNumber ?? ''}`.trim(),
        body: `${hello}\n\nWe have not received the ${formatCents(ctx.depositCents ?? 0)} deposit for ${when} yet. Payment instructions: ${ctx.link}`,
      };
    case 'booking.reminder_48h':
      return {
        subject: `Your hibachi party is in 2 days (${ctx.bookingNumber ?? ''})`,
        body: `${hello}\n\nYour chef arrives 20 minutes before ${when} for ${ctx.guests ?? 0} guests. Total ${formatCents(ctx.totalCents ?? 0)}. Manage your booking: ${ctx.link}`,
      };
    case 'booking.reminder_24h': {
      const allergens = ctx.allergens?.length ? ctx.allergens.join(', ') : 'none recorded';
      return {
        subject: `Tomorrow: your hibachi party (${ctx.bookingNumber ?? ''})`,
        body: `${hello}\n\nSee you tomorrow, ${when}. Allergens on file: ${allergens}. The guest count is now final. Details: ${ctx.link}`,
      };
    }
    case 'booking.review_request':
      return {
        subject: 'How was your hibachi party?',
        body: `${hello}\n\nThank you for having us on ${ctx.date}. We would love a review: ${ctx.link}`,
      };
    default:
      return { subject: 'Teppan', body: `${hello}\n\n${ctx.link}` };
  }
}
