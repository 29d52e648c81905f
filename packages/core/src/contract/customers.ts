import { z } from 'zod';
import { uuidParamSchema } from '../api.ts';
import { access, defineRoute } from './define-route.ts';

/** The CRM's customer answers (staff only: a chef has no customers.read). */

const customerListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  bookingCount: z.number().int(),
  lastBookingAt: z.string().nullable(),
  netReceivedCents: z.number().int(),
  createdAt: z.string(),
});

export const customerListSchema = z.object({
  items: z.array(customerListItemSchema),
  nextCursor: z.string().nullable(),
});

const lifetimeValueSchema = z.object({
  receivedCents: z.number().int(),
  depositsCents: z.number().int(),
  balancesCents: z.number().int(),
  feesCents: z.number().int(),
  refundedCents: z.number().int(),
  refundsOwedCents: z.number().int(),
  netReceivedCents: z.number().int(),
  completedValueCents: z.number().int(),
});

export const customerDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  createdAt: z.string(),
  stats: z.object({
    bookingCount: z.number().int(),
    completedCount: z.number().int(),
    cancelledCount: z.number().int(),
    firstBookingDate: z.string().nullable(),
    lastBookingDate: z.string().nullable(),
    lifetimeValue: lifetimeValueSchema,
  }),
  bookings: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      stationId: z.string(),
      status: z.string(),
      date: z.string(),
      slot: z.string(),
      eventStartsAt: z.string(),
      guests: z.number().int(),
      totalCents: z.number().int(),
      paidCents: z.number().int(),
      sourceChannel: z.string(),
    }),
  ),
  consents: z.object({
    inForce: z.array(
      z.object({
        channel: z.string(),
        purpose: z.string(),
        state: z.enum(['opted_in', 'opted_out', 'unknown']),
        source: z.string().nullable(),
        at: z.string().nullable(),
      }),
    ),
    history: z.array(
      z.object({
        id: z.number().int(),
        channel: z.string(),
        purpose: z.string(),
        status: z.string(),
        source: z.string(),
        textShown: z.string().nullable(),
        ip: z.string().nullable(),
        at: z.string(),
      }),
    ),
  }),
  leads: z.array(
    z.object({
      id: z.string(),
      stationId: z.string().nullable(),
      source: z.string(),
      status: z.string(),
      score: z.number().int(),
      nextFollowUpAt: z.string().nullable(),
      isOverdue: z.boolean(),
      bookingId: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});

export const customersContract = {
  list: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/customers',
    tags: ['admin'],
    summary: 'Customers with a booking or lead in your stations, latest event first',
    description:
      'A customer is listed when they have a booking, or a lead (linked to them or with their email), in your stations. Search by any part of the name, the email, or 4+ digits of the phone (the bookings search). Cursor pages; `netReceivedCents` is the lifetime value defined on the detail route.',
    query: z.strictObject({
      q: z.string().trim().max(120).optional(),
      stationId: z.uuid().optional(),
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
    responses: { 200: customerListSchema },
    access: access.admin('customers.read', { isStationScoped: false }),
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/customers/:id',
    tags: ['admin'],
    summary: 'A customer: bookings, lifetime value, consents in force and history, leads',
    description:
      'Only bookings, payments and leads of your stations count. Lifetime value: `receivedCents` = succeeded (or later refunded) deposits + balances + reschedule fees; `refundedCents` = refunds paid out; `netReceivedCents` = received − refunded (the lifetime value); `refundsOwedCents` = refunds recorded, not yet paid; `completedValueCents` = booked totals of completed events. Consents: the newest ledger row per channel and purpose (a purpose "all" row covers both), and the full history newest first.',
    params: uuidParamSchema,
    responses: { 200: customerDetailSchema },
    access: access.admin('customers.read', { isStationScoped: true }),
  }),
};
