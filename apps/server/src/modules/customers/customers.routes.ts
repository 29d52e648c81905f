import { uuidParamSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { staffOf } from '../staff/require-staff.ts';

/** The CRM's customer routes and their permission, for the admin access table. */
export const customersAccess = {
  'GET /api/v1/admin/customers': { permission: 'customers.read', isStationScoped: false },
  'GET /api/v1/admin/customers/:id': { permission: 'customers.read', isStationScoped: true },
} as const satisfies Record<string, AdminRouteRule>;

type CustomersRoute = keyof typeof customersAccess;

export function customersRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: CustomersRoute) =>
      container.staff.requireStaff(customersAccess[route].permission);

    app.get(
      '/api/v1/admin/customers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Customers with a booking or lead in your stations, latest event first',
          description:
            'A customer is listed when they have a booking, or a lead (linked to them or with their email), in your stations. Search by any part of the name, the email, or 4+ digits of the phone (the bookings search). Cursor pages; `netReceivedCents` is the lifetime value defined on the detail route.',
          querystring: z.strictObject({
            q: z.string().trim().max(120).optional(),
            stationId: z.uuid().optional(),
            cursor: z.string().max(300).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(25),
          }),
        },
        onRequest: guard('GET /api/v1/admin/customers'),
      },
      async (request) => container.customers.list(staffOf(request), request.query),
    );

    app.get(
      '/api/v1/admin/customers/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'A customer: bookings, lifetime value, consents in force and history, leads',
          description:
            'Only bookings, payments and leads of your stations count. Lifetime value: `receivedCents` = succeeded (or later refunded) deposits + balances + reschedule fees; `refundedCents` = refunds paid out; `netReceivedCents` = received − refunded (the lifetime value); `refundsOwedCents` = refunds recorded, not yet paid; `completedValueCents` = booked totals of completed events. Consents: the newest ledger row per channel and purpose (a purpose "all" row covers both), and the full history newest first.',
          params: uuidParamSchema,
        },
        onRequest: guard('GET /api/v1/admin/customers/:id'),
      },
      async (request) => container.customers.detail(staffOf(request), request.params.id),
    );
  };
}
