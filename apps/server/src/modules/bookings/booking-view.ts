import type { z } from 'zod';
import {
  canChangeGuestCount,
  canChangeMenu,
  cancellationOutcome,
  formatCents,
  rescheduleTerms,
  type Settings,
} from '@teppan/core';
import type { PaymentRow } from '../payments/payments.repository.ts';
import { toQuoteView, type QuoteView } from '../quotes/quotes.service.ts';
import type { QuoteRow } from '../quotes/quotes.repository.ts';
import type { BookingRow } from './bookings.repository.ts';
import { bookingAllergensSchema, bookingMenuSchema } from './booking-view.schema.ts';

export interface PaymentView {
  id: string;
  kind: string;
  method: string;
  provider: string;
  status: string;
  amountCents: number;
  reference: string;
  instructions?: string;
  checkoutUrl?: string;
  createdAt: string;
}

export interface BookingView {
  id: string;
  number: string;
  status: string;
  stationId: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  eventStartsAt: string;
  guests: { adults: number; children: number; toddlers: number };
  menu: z.infer<typeof bookingMenuSchema>;
  allergens: string[];
  specialRequests: string | null;
  venue: { zip: string; address: string | null };
  totalCents: number;
  depositCents: number;
  paidCents: number;
  balanceCents: number;
  reschedulesUsed: number;
  version: number;
  quote: QuoteView;
  payments: PaymentView[];
  policies: {
    cancellation: {
      refundCents: number;
      forfeitedCents: number;
      refundable: boolean;
      message: string;
    };
    reschedule: { feeCents: number; free: boolean; message: string };
    guestCountChange: { allowed: boolean; message?: string };
    menuChange: { allowed: boolean; message?: string };
  };
  createdAt: string;
}

export function paymentInstructions(
  payment: Pick<PaymentRow, 'method' | 'amount_cents' | 'reference' | 'status' | 'provider'>,
): string | undefined {
  if (payment.status !== 'pending') return undefined;
  const amount = formatCents(payment.amount_cents);
  if (payment.provider === 'stripe')
    return `Pay ${amount} by card on the secure Stripe checkout page; the booking is confirmed as soon as Stripe reports the payment.`;
  const how =
    payment.method === 'cash'
      ? 'in cash to our team'
      : `by ${payment.method === 'venmo' ? 'Venmo' : 'Zelle'}`;
  return `Pay ${amount} ${how} with the reference ${payment.reference} in the note. Offline payment: our staff confirm it by hand, and the booking stays pending until then.`;
}

export function toPaymentView(payment: PaymentRow): PaymentView {
  const instructions = paymentInstructions(payment);
  return {
    id: payment.id,
    kind: payment.kind,
    method: payment.method,
    provider: payment.provider,
    status: payment.status,
    ...(payment.checkout_url && payment.status === 'pending'
      ? { checkoutUrl: payment.checkout_url }
      : {}),
    amountCents: payment.amount_cents,
    reference: payment.reference,
    ...(instructions ? { instructions } : {}),
    createdAt: payment.created_at.toISOString(),
  };
}

export function paidDepositCents(payments: readonly PaymentRow[]): number {
  return payments
    .filter((p) => p.kind === 'deposit' && p.status === 'succeeded')
    .reduce((sum, p) => sum + p.amount_cents, 0);
}

export function toBookingView(input: {
  booking: BookingRow;
  quote: QuoteRow;
  payments: readonly PaymentRow[];
  settings: Settings;
  now: Date;
}): BookingView {
  const { booking, quote, payments, settings, now } = input;
  const paidCents = payments
    .filter((p) => p.status === 'succeeded' && (p.kind === 'deposit' || p.kind === 'balance'))
    .reduce((sum, p) => sum + p.amount_cents, 0);
  const eventStartsAt = booking.event_starts_at;
  return {
    id: booking.id,
    number: booking.number,
    status: booking.status,
    stationId: booking.station_id,
    date: booking.date,
    slot: booking.slot,
    requestedTime: booking.requested_time,
    eventStartsAt: eventStartsAt.toISOString(),
    guests: { adults: booking.adults, children: booking.children, toddlers: booking.toddlers },
    // Stored JSON, validated when it was written; parsed here so its shape is declared.
    menu: bookingMenuSchema.parse(booking.menu),
    allergens: bookingAllergensSchema.parse(booking.allergens),
    specialRequests: booking.special_requests,
    venue: { zip: booking.venue_zip, address: booking.venue_address },
    totalCents: booking.total_cents,
    depositCents: booking.deposit_cents,
    paidCents,
    balanceCents: Math.max(0, booking.total_cents - paidCents),
    reschedulesUsed: booking.reschedules_used,
    version: booking.version,
    quote: toQuoteView(quote),
    payments: payments.map(toPaymentView),
    policies: {
      cancellation: cancellationOutcome({
        eventStartsAt,
        now,
        depositPaidCents: paidDepositCents(payments),
        policies: settings.policies,
      }),
      reschedule: rescheduleTerms({
        eventStartsAt,
        now,
        reschedulesUsed: booking.reschedules_used,
        policies: settings.policies,
      }),
      guestCountChange: canChangeGuestCount({ eventStartsAt, now, policies: settings.policies }),
      menuChange: canChangeMenu({ eventStartsAt, now, policies: settings.policies }),
    },
    createdAt: booking.created_at.toISOString(),
  };
}
