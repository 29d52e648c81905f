import type { z } from 'zod';
import type { BookingMoneyView } from '@teppan/core/contract';
import {
  bookingMoney,
  canChangeGuestCount,
  canChangeMenu,
  cancellationOutcome,
  formatCents,
  rescheduleTerms,
  type Settings,
} from '@teppan/core';
import type { Brand } from '../notifications/brand.ts';
import { offlineInstructionFor } from '../notifications/payment-instruction.ts';
import { totalsOfPaymentRows } from '../payments/payment-amounts.ts';
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

/** Where an unpaid (pending_deposit) booking stands with its deposit (SPEC §4). */
export interface DepositDueView {
  /** Waiting for the customer's payment, or (they said they sent it) for staff to confirm. */
  stage: 'awaiting_payment' | 'awaiting_confirmation';
  /**
   * The deadline in force: the deposit deadline, then the staff-confirmation deadline. The
   * booking is cancelled when it passes unpaid. Null on bookings made before deadlines.
   */
  deadline: string | null;
  /** What the customer said about an offline payment ("I've sent it"). */
  reported: { at: string; reference: string; method: string } | null;
  /** The customer can still say "I've sent it": an offline deposit, deadline ahead. */
  canReport: boolean;
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
  money: BookingMoneyView;
  reschedulesUsed: number;
  version: number;
  quote: QuoteView;
  payments: PaymentView[];
  /** Null unless the booking waits for its deposit. */
  depositDue: DepositDueView | null;
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

/** Whom guests call when an instruction cannot name a payee (the station's brand). */
export type ContactBrand = Pick<Brand, 'name' | 'contactPhone' | 'contactEmail'>;

export interface PaymentDue {
  deadline: Date | null;
  timeZone: string | undefined;
  payees: Settings['payees'];
  brand: ContactBrand;
}

export function paymentInstructions(
  payment: Pick<
    PaymentRow,
    'kind' | 'method' | 'amount_cents' | 'reference' | 'status' | 'provider'
  >,
  due: PaymentDue,
): string | undefined {
  // A pending refund is money on its way to the customer, not a payment to make.
  if (payment.status !== 'pending' || payment.kind === 'refund') return undefined;
  if (payment.provider === 'stripe')
    return `Pay ${formatCents(payment.amount_cents)} by card on the secure Stripe checkout page; the booking is confirmed as soon as Stripe reports the payment.`;
  const instruction = offlineInstructionFor({
    brand: due.brand,
    payees: due.payees,
    method: payment.method === 'venmo' || payment.method === 'cash' ? payment.method : 'zelle',
    amountCents: payment.amount_cents,
    reference: payment.reference,
    deadline: due.timeZone ? due.deadline : null,
    timeZone: due.timeZone ?? 'UTC',
  });
  const after = instruction.isPayable
    ? due.deadline
      ? "Send it, then tell us you've sent it; our staff confirm offline payments by hand and the booking stays pending until then."
      : 'Offline payment: our staff confirm it by hand, and the booking stays pending until then.'
    : '';
  return `${instruction.text}${after ? ` ${after}` : ''}`;
}

export function toPaymentView(payment: PaymentRow, due: PaymentDue): PaymentView {
  const instructions = paymentInstructions(payment, due);
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

/** The deposit money the business still holds (@teppan/core payment-totals). */
export function paidDepositCents(payments: readonly PaymentRow[]): number {
  return totalsOfPaymentRows(payments).depositHeldCents;
}

/** Paid, due, kept and refunded money of a booking in its current state (@teppan/core). */
export function bookingMoneyOf(input: {
  booking: Pick<BookingRow, 'status' | 'total_cents' | 'cancelled_at' | 'event_starts_at'>;
  payments: readonly Pick<
    PaymentRow,
    'kind' | 'status' | 'amount_cents' | 'confirmed_at' | 'updated_at'
  >[];
  policies: Settings['policies'];
}): BookingMoneyView {
  const { booking } = input;
  const money = bookingMoney({
    status: booking.status,
    totalCents: booking.total_cents,
    payments: input.payments.map((row) => ({
      kind: row.kind,
      status: row.status,
      amountCents: row.amount_cents,
      settledAt: row.confirmed_at ?? row.updated_at,
    })),
    cancellation: booking.cancelled_at
      ? {
          cancelledAt: booking.cancelled_at,
          eventStartsAt: booking.event_starts_at,
          policies: input.policies,
        }
      : null,
  });
  return { ...money, refundReceivedAt: money.refundReceivedAt?.toISOString() ?? null };
}

/** The deposit block of an unpaid booking; null once it is paid, cancelled or past. */
export function toDepositDueView(input: {
  booking: Pick<
    BookingRow,
    | 'status'
    | 'deposit_due_at'
    | 'deposit_reported_at'
    | 'deposit_reported_reference'
    | 'deposit_reported_method'
  >;
  payments: readonly Pick<PaymentRow, 'kind' | 'status' | 'provider'>[];
  now: Date;
}): DepositDueView | null {
  const { booking, payments, now } = input;
  if (booking.status !== 'pending_deposit') return null;
  const reported =
    booking.deposit_reported_at && booking.deposit_reported_reference
      ? {
          at: booking.deposit_reported_at.toISOString(),
          reference: booking.deposit_reported_reference,
          method: booking.deposit_reported_method ?? 'zelle',
        }
      : null;
  const offline = payments.some(
    (p) => p.kind === 'deposit' && p.status === 'pending' && p.provider !== 'stripe',
  );
  const isOpen = !booking.deposit_due_at || booking.deposit_due_at.getTime() > now.getTime();
  return {
    stage: reported ? 'awaiting_confirmation' : 'awaiting_payment',
    deadline: booking.deposit_due_at?.toISOString() ?? null,
    reported,
    canReport: offline && isOpen,
  };
}

export function toBookingView(input: {
  booking: BookingRow;
  quote: QuoteRow;
  payments: readonly PaymentRow[];
  settings: Settings;
  now: Date;
  /** The station's zone, for the deadline in the payment instructions. */
  timeZone?: string;
  /** The station's brand: whom the instructions say to call. */
  brand: ContactBrand;
}): BookingView {
  const { booking, quote, payments, settings, now } = input;
  const depositDue = toDepositDueView({ booking, payments, now });
  // The instructions name the deadline while the customer still has to pay.
  const due: PaymentDue = {
    deadline: depositDue?.stage === 'awaiting_payment' ? booking.deposit_due_at : null,
    timeZone: input.timeZone,
    payees: settings.payees,
    brand: input.brand,
  };
  const money = bookingMoneyOf({ booking, payments, policies: settings.policies });
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
    paidCents: money.paidTowardTotalCents,
    balanceCents: money.balanceDueCents,
    money,
    reschedulesUsed: booking.reschedules_used,
    version: booking.version,
    quote: toQuoteView(quote),
    payments: payments.map((payment) => toPaymentView(payment, due)),
    depositDue,
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
