import { z } from 'zod';
import { access, defineRoute } from './define-route.ts';

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

export const chefDashboardSchema = z.object({
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

export const staffDashboardSchema = chefDashboardSchema.extend({
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

/** The dashboard per audience: the route answers the caller's view (ADR 0019). */
export const dashboardViews = { staff: staffDashboardSchema, chef: chefDashboardSchema } as const;

export const dashboardContract = {
  overview: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/dashboard',
    tags: ['admin'],
    summary: 'Dashboard: today and this week at one station',
    description:
      "Events (with assigned chefs), deposits due (bookings and running holds with deadlines), unassigned events within 7 days, new leads (7 days), conversations waiting for staff, and the week's deposits received and balance outstanding. Dates in the station's time zone; weeks run Monday to Sunday. Blocks the role may not see are null; a chef's view (no payments.read) has only the events of their own chef, and no other block. Without stationId: your first station.",
    query: z.strictObject({ stationId: z.uuid().optional() }),
    // Staff first: a chef-shaped payload lacks the staff view's amounts, so it can only match
    // the chef's view; the route's preSerialization hook has shaped it to the caller's view.
    responses: { 200: z.union([staffDashboardSchema, chefDashboardSchema]) },
    access: access.admin('dashboard.read', { isStationScoped: true }),
  }),
};
