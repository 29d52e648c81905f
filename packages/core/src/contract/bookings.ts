import { z } from 'zod';
import {
  bookingPatchSchema,
  cancelRequestSchema,
  depositReportSchema,
  depositRequestSchema,
  holdRequestSchema,
  rescheduleRequestSchema,
  signRequestSchema,
  uuidParamSchema,
} from '../api.ts';
import { access, defineRoute, rawResponse } from './define-route.ts';
import { bookingTokenHeadersSchema, bookingTokenQuerySchema } from './payments.ts';
import { quoteResponseSchema } from './quotes.ts';

/**
 * What a booking looks like on the wire, per audience (STYLE rule 14, ADR 0019). The chef's
 * view is the event: when, where, who, what to cook. It declares no amount, quote, payment
 * or policy, so none can reach a chef.
 */

const countsSchema = z.record(z.string(), z.number());

export const bookingMenuSchema = z
  .object({
    proteins: countsSchema.optional(),
    extraProteins: countsSchema.optional(),
    addons: countsSchema.optional(),
  })
  .nullable();

export const bookingAllergensSchema = z.array(z.string());

export const chefBookingViewSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  stationId: z.string(),
  date: z.string(),
  slot: z.string(),
  requestedTime: z.string().nullable(),
  eventStartsAt: z.string(),
  guests: z.object({ adults: z.number(), children: z.number(), toddlers: z.number() }),
  menu: bookingMenuSchema,
  allergens: bookingAllergensSchema,
  specialRequests: z.string().nullable(),
  venue: z.object({ zip: z.string(), address: z.string().nullable() }),
  reschedulesUsed: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});

export const paymentViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  method: z.string(),
  provider: z.string(),
  status: z.string(),
  amountCents: z.number().int(),
  reference: z.string(),
  instructions: z.string().optional(),
  checkoutUrl: z.string().optional(),
  createdAt: z.string(),
});

/** Where an unpaid booking stands with its deposit (SPEC §4); null once nothing is due. */
export const depositDueSchema = z
  .object({
    stage: z.enum(['awaiting_payment', 'awaiting_confirmation']),
    deadline: z.string().nullable(),
    reported: z.object({ at: z.string(), reference: z.string(), method: z.string() }).nullable(),
    canReport: z.boolean(),
  })
  .nullable();

/**
 * Paid, due and refunded money in the booking's current state, from `bookingMoney`
 * (@teppan/core payment-totals). A cancelled booking has nothing due; what comes back is a
 * refund, never a payment to make.
 */
export const bookingMoneySchema = z.object({
  paidCents: z.number().int(),
  paidTowardTotalCents: z.number().int(),
  balanceDueCents: z.number().int(),
  keptCents: z.number().int(),
  refundOwedCents: z.number().int(),
  refundToRecordCents: z.number().int(),
  refundSentCents: z.number().int(),
  refundReceivedCents: z.number().int(),
  refundReceivedAt: z.string().nullable(),
  refundableCents: z.number().int(),
});
export type BookingMoneyView = z.output<typeof bookingMoneySchema>;

const changeWindowSchema = z.object({ allowed: z.boolean(), message: z.string().optional() });

export const bookingViewSchema = chefBookingViewSchema.extend({
  totalCents: z.number().int(),
  depositCents: z.number().int(),
  paidCents: z.number().int(),
  /** Balance still to pay: `money.balanceDueCents` (zero once cancelled). */
  balanceCents: z.number().int(),
  money: bookingMoneySchema,
  quote: quoteResponseSchema,
  payments: z.array(paymentViewSchema),
  depositDue: depositDueSchema,
  policies: z.object({
    cancellation: z.object({
      refundCents: z.number().int(),
      forfeitedCents: z.number().int(),
      refundable: z.boolean(),
      message: z.string(),
    }),
    reschedule: z.object({ feeCents: z.number().int(), free: z.boolean(), message: z.string() }),
    guestCountChange: changeWindowSchema,
    menuChange: changeWindowSchema,
  }),
});

/** `POST /api/v1/bookings/:id/status` and every other staff action answering with a booking. */
export const bookingViews = { staff: bookingViewSchema, chef: chefBookingViewSchema } as const;

export type BookingViewResponse = z.output<typeof bookingViewSchema>;
export type ChefBookingView = z.output<typeof chefBookingViewSchema>;
export type PaymentViewResponse = z.output<typeof paymentViewSchema>;

export const holdViewSchema = z.object({
  id: z.string(),
  status: z.string(),
  stationId: z.string(),
  quoteId: z.string(),
  date: z.string(),
  slot: z.string(),
  requestedTime: z.string().nullable(),
  signDeadline: z.string(),
  depositDeadline: z.string().nullable(),
  expiresAt: z.string(),
  bookingId: z.string().nullable(),
  totalCents: z.number().int(),
  depositCents: z.number().int(),
  createdAt: z.string(),
});

export type HoldViewResponse = z.output<typeof holdViewSchema>;

/** The booking made from a hold, with its one-time manage token (and a card checkout). */
export const depositResultSchema = bookingViewSchema.extend({
  manageToken: z.string(),
  manageUrl: z.string(),
  checkout: z
    .union([
      z.object({ url: z.string() }),
      z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
    ])
    .nullable()
    .optional(),
});

/** What a cancellation did to the deposit (refunded or forfeited). */
export const cancellationOutcomeSchema = z.object({
  refundCents: z.number().int(),
  forfeitedCents: z.number().int(),
  refundable: z.boolean(),
  message: z.string(),
});

const staffActionHeaders = z.object({ authorization: z.string().max(500).optional() }).loose();

/** The chef's view or the staff view of a booking, by the caller's role (audience). */
const bookingForAudienceSchema = z.union([bookingViewSchema, chefBookingViewSchema]);

export const bookingsContract = {
  hold: defineRoute({
    method: 'POST',
    path: '/api/v1/holds',
    tags: ['holds'],
    summary: 'Hold a date and slot for checkout',
    description:
      'Capacity is checked under a row lock inside the transaction. A lost race answers 409 SLOT_FULL and stores the attempt as a hot lead. The same idempotencyKey with the same body returns the same hold. Open holds plus unpaid bookings are capped per email, per phone and per IP (settings holds.maxOpenPerContact, holds.maxOpenPerIpPerDay): over a cap answers 409 HOLD_LIMIT_REACHED.',
    body: holdRequestSchema,
    responses: { 200: holdViewSchema, 201: holdViewSchema },
    access: access.public,
  }),
  getHold: defineRoute({
    method: 'GET',
    path: '/api/v1/holds/:id',
    tags: ['holds'],
    summary: 'Read a hold and its deadlines',
    params: uuidParamSchema,
    responses: { 200: holdViewSchema },
    access: access.public,
  }),
  sign: defineRoute({
    method: 'POST',
    path: '/api/v1/holds/:id/sign',
    tags: ['holds'],
    summary: 'Sign the agreement (terms, liability waiver, allergen disclosure)',
    params: uuidParamSchema,
    body: signRequestSchema,
    responses: { 200: holdViewSchema },
    access: access.public,
  }),
  deposit: defineRoute({
    method: 'POST',
    path: '/api/v1/holds/:id/deposit',
    tags: ['holds'],
    summary: 'Record the deposit and turn the hold into a booking',
    description:
      "Offline payment method (Zelle, Venmo or cash): the booking is created as pending_deposit with payment instructions and a reference; staff confirm the payment to make it confirmed. The hold's deposit deadline stays in force: unpaid (and not reported sent through POST /api/v1/bookings/:id/deposit-sent) by then, the booking is cancelled and the slot freed. The response carries the booking and its one-time manage token.",
    params: uuidParamSchema,
    // Fastify hands a missing body to the validator as null.
    body: depositRequestSchema.nullish(),
    responses: { 201: depositResultSchema },
    access: access.public,
  }),
  release: defineRoute({
    method: 'POST',
    path: '/api/v1/holds/:id/release',
    tags: ['holds'],
    summary: 'Give the held slot back',
    params: uuidParamSchema,
    responses: { 200: holdViewSchema },
    access: access.public,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/v1/bookings/:id',
    tags: ['bookings'],
    summary: 'Manage-my-booking view (needs the booking token)',
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    responses: { 200: bookingViewSchema },
    access: access.bookingToken,
  }),
  calendar: defineRoute({
    method: 'GET',
    path: '/api/v1/bookings/:id/calendar.ics',
    tags: ['bookings'],
    summary: 'Add to calendar: the booking as an iCalendar file (needs the booking token)',
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    responses: {
      200: rawResponse('text/calendar', z.string(), 'The event as an iCalendar (.ics) file.'),
    },
    access: access.bookingToken,
  }),
  agreementPdf: defineRoute({
    method: 'GET',
    path: '/api/v1/bookings/:id/agreement.pdf',
    tags: ['bookings'],
    summary: 'The signed agreement as a PDF, stored at signing (needs the booking token)',
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    responses: {
      200: rawResponse(
        'application/pdf',
        z.string().meta({ format: 'binary' }),
        'The signed agreement (PDF).',
      ),
    },
    access: access.bookingToken,
  }),
  patch: defineRoute({
    method: 'PATCH',
    path: '/api/v1/bookings/:id',
    tags: ['bookings'],
    summary: 'Change guests, menu, allergens or requests (optimistic lock on version)',
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    body: bookingPatchSchema,
    responses: { 200: bookingViewSchema },
    access: access.bookingToken,
  }),
  reschedule: defineRoute({
    method: 'POST',
    path: '/api/v1/bookings/:id/reschedule',
    tags: ['bookings'],
    summary: 'Move the booking to another date and slot (free once ≥ 24 h before, else a fee)',
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    body: rescheduleRequestSchema,
    responses: { 200: bookingViewSchema.extend({ feeCents: z.number().int() }) },
    access: access.bookingToken,
  }),
  depositSent: defineRoute({
    method: 'POST',
    path: '/api/v1/bookings/:id/deposit-sent',
    tags: ['bookings'],
    summary:
      "I've sent it: the customer says the offline deposit is paid (needs the booking token)",
    description:
      "Zelle, Venmo or cash: give the reference used with the payment (the DEP-… reference or the app's own note) before the deposit deadline. The booking then waits for staff until the staff-confirmation deadline (default 24 h after signing) and staff are alerted; unconfirmed by then it is cancelled. Repeating it with another reference corrects it without moving the deadline. 409 DEPOSIT_DEADLINE_PASSED after the deadline, DEPOSIT_REPORT_NOT_ALLOWED when nothing offline is owed; 422 DEPOSIT_REFERENCE_MISMATCH for another booking's reference.",
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    body: depositReportSchema,
    responses: { 200: bookingViewSchema },
    access: access.bookingToken,
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/v1/bookings/:id/cancel',
    tags: ['bookings'],
    summary: 'Cancel; the deposit is refunded ≥ 4 days before the event, else forfeited',
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    body: cancelRequestSchema.nullish(),
    responses: { 200: bookingViewSchema.extend({ outcome: cancellationOutcomeSchema }) },
    access: access.bookingToken,
  }),
  changeStatus: defineRoute({
    method: 'POST',
    path: '/api/v1/bookings/:id/status',
    tags: ['bookings'],
    summary: 'Staff: move a booking to in_progress, completed or no_show (Bearer STAFF_API_KEY)',
    description:
      'A chef moves only an event assigned to them (404 otherwise) and gets the booking back without amounts.',
    params: uuidParamSchema,
    headers: staffActionHeaders,
    body: z.strictObject({
      status: z.enum(['in_progress', 'completed', 'no_show']),
      version: z.number().int().min(1).optional(),
    }),
    responses: { 200: bookingForAudienceSchema },
    access: access.staffAction('bookings.status'),
  }),
  onMyWay: defineRoute({
    method: 'POST',
    path: '/api/v1/bookings/:id/on-my-way',
    tags: ['bookings'],
    summary: 'Staff: the assigned chef is on the way (emails the customer once)',
    description:
      'A chef acts only on an event assigned to them (404 otherwise); staff of the station may act for the chef. The booking must be confirmed with a chef assigned (409 ON_MY_WAY_NOT_ALLOWED). Sends the "chef on the way" email at once and drops the planned one; once per booking: a repeat answers `already_sent` and sends nothing.',
    params: uuidParamSchema,
    headers: staffActionHeaders,
    responses: { 200: z.object({ status: z.enum(['sent', 'already_sent']) }) },
    access: access.staffAction('bookings.status'),
  }),
  confirmPayment: defineRoute({
    method: 'POST',
    path: '/api/v1/payments/:id/confirm',
    tags: ['payments'],
    summary: 'Staff: confirm an offline deposit (Bearer STAFF_API_KEY until staff sign-in exists)',
    params: uuidParamSchema,
    headers: staffActionHeaders,
    responses: { 200: bookingForAudienceSchema },
    access: access.staffAction('payments.confirm'),
  }),
};
