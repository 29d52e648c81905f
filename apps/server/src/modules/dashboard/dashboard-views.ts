import { z } from 'zod';

/**
 * The dashboard per audience (STYLE rule 14, ADR 0019). A chef's dashboard is their own
 * events today and this week: no money, deposits, leads, messages or unassigned events.
 */

const eventSchema = z.object({
  id: z.string(),
  number: z.string(),
  date: z.string(),
  slot: z.string(),
  time: z.string(),
  startsAt: z.string(),
  status: z.string(),
  guests: z.number().int(),
  customerName: z.string(),
  chefs: z.array(z.object({ id: z.string(), name: z.string() })),
});

const bookingItemSchema = eventSchema.omit({ chefs: true });

const chefDashboardSchema = z.object({
  station: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  generatedAt: z.string(),
  scope: z.object({ isOwnEventsOnly: z.boolean() }),
  today: z.object({ date: z.string(), count: z.number().int(), items: z.array(eventSchema) }),
  week: z.object({
    from: z.string(),
    to: z.string(),
    count: z.number().int(),
    items: z.array(eventSchema),
  }),
});

const staffDashboardSchema = chefDashboardSchema.extend({
  scope: z.object({ isOwnEventsOnly: z.boolean(), canSeeMoney: z.boolean() }),
  depositsDue: z
    .object({
      bookings: z.object({
        count: z.number().int(),
        /** How many of them the customer says are paid (staff to confirm). */
        reportedCount: z.number().int(),
        items: z.array(
          bookingItemSchema.extend({
            depositCents: z.number().int(),
            deadline: z.string().nullable(),
            reported: z
              .object({ at: z.string(), reference: z.string(), method: z.string() })
              .nullable(),
          }),
        ),
      }),
      holds: z.object({
        count: z.number().int(),
        items: z.array(
          z.object({
            id: z.string(),
            date: z.string(),
            slot: z.string(),
            status: z.string(),
            customerName: z.string(),
            deadline: z.string(),
            expiresAt: z.string(),
          }),
        ),
      }),
    })
    .nullable(),
  unassigned: z
    .object({
      from: z.string(),
      to: z.string(),
      count: z.number().int(),
      items: z.array(bookingItemSchema),
    })
    .nullable(),
  newLeads: z
    .object({
      since: z.string(),
      count: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          name: z.string().nullable(),
          source: z.string(),
          score: z.number().int(),
          createdAt: z.string(),
          nextFollowUpAt: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  messagesWaiting: z
    .object({
      count: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          channel: z.string(),
          handoffReason: z.string().nullable(),
          handoffSummary: z.string().nullable(),
          updatedAt: z.string(),
        }),
      ),
    })
    .nullable(),
  money: z
    .object({
      weekFrom: z.string(),
      weekTo: z.string(),
      depositsReceivedCents: z.number().int(),
      balanceOutstandingCents: z.number().int(),
    })
    .nullable(),
});

export const dashboardViews = { staff: staffDashboardSchema, chef: chefDashboardSchema } as const;
