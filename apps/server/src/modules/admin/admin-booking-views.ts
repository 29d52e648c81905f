import { z } from 'zod';
import { bookingViewSchema, chefBookingViewSchema } from '../bookings/booking-view.schema.ts';

/**
 * The admin panel's booking answers, once per audience (STYLE rule 14, ADR 0019): staff get
 * the money, a chef gets their event without any amount, message or payment.
 */

const customerSchema = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
});

const chefListItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  stationId: z.string(),
  status: z.string(),
  date: z.string(),
  slot: z.string(),
  requestedTime: z.string().nullable(),
  eventStartsAt: z.string(),
  guests: z.number().int(),
  venueZip: z.string(),
  sourceChannel: z.string(),
  customer: customerSchema,
});

const staffListItemSchema = chefListItemSchema.extend({ totalCents: z.number().int() });

const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const bookingListViews = {
  staff: pageOf(staffListItemSchema),
  chef: pageOf(chefListItemSchema),
} as const;

/** One CSV row per booking; the header is the view's keys, in order. */
const csvLeft = {
  number: z.string(),
  date: z.string(),
  slot: z.string(),
  requested_time: z.string().nullable(),
  status: z.string(),
  customer: z.string(),
  email: z.string(),
  phone: z.string(),
  guests: z.number().int(),
};
const csvRight = { zip: z.string(), source: z.string() };

export const bookingCsvViews = {
  staff: z.object({ ...csvLeft, total_usd: z.string(), ...csvRight }),
  chef: z.object({ ...csvLeft, ...csvRight }),
} as const;

const chefTimelineItemSchema = z.object({
  type: z.string(),
  actor: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

const detailExtras = {
  customer: customerSchema.extend({ id: z.string() }),
  previousStatus: z.string().nullable(),
  cancellationReason: z.string().nullable(),
};

export const bookingDetailViews = {
  staff: bookingViewSchema.extend({
    ...detailExtras,
    timeline: z.array(chefTimelineItemSchema.extend({ data: z.unknown() })),
    sentMessages: z.array(
      z.object({
        channel: z.string(),
        recipient: z.string(),
        subject: z.string().nullable(),
        template: z.string(),
        status: z.string(),
        provider: z.string(),
        at: z.string(),
      }),
    ),
    scheduledMessages: z.array(
      z.object({
        kind: z.string(),
        dueAt: z.string(),
        status: z.string(),
        outcome: z.string().nullable(),
        processedAt: z.string().nullable(),
      }),
    ),
  }),
  // What changed and who did it, not what money moved; no customer messages (chefs cook).
  chef: chefBookingViewSchema.extend({
    ...detailExtras,
    timeline: z.array(chefTimelineItemSchema),
  }),
} as const;

// The audit page's view lives in the contract now; re-exported for the callers here.
export { auditPageSchema } from '@teppan/core/contract';
