import { z } from 'zod';
import { quoteResponseSchema } from '../quotes/quotes.routes.ts';

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

const changeWindowSchema = z.object({ allowed: z.boolean(), message: z.string().optional() });

export const bookingViewSchema = chefBookingViewSchema.extend({
  totalCents: z.number().int(),
  depositCents: z.number().int(),
  paidCents: z.number().int(),
  balanceCents: z.number().int(),
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
