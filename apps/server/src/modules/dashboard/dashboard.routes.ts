import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { staffOf } from '../staff/require-staff.ts';

/** The dashboard's routes and their permission, for the admin access table. */
export const dashboardAccess = {
  // Names a station: staff of another station get 403.
  'GET /api/v1/admin/dashboard': { permission: 'dashboard.read', isStationScoped: true },
} as const satisfies Record<string, AdminRouteRule>;

export function dashboardRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/dashboard',
      {
        schema: {
          tags: ['admin'],
          summary: 'Dashboard: today and this week at one station',
          description:
            "Events (with assigned chefs), deposits due (bookings and running holds with deadlines), unassigned events within 7 days, new leads (7 days), conversations waiting for staff, and the week's deposits received and balance outstanding. Dates in the station's time zone; weeks run Monday to Sunday. Blocks the role may not see are null: a chef sees only the events of their own chef, and money only with payments.read. Without stationId: your first station.",
          querystring: z.strictObject({ stationId: z.uuid().optional() }),
        },
        onRequest: container.staff.requireStaff(
          dashboardAccess['GET /api/v1/admin/dashboard'].permission,
        ),
      },
      async (request) => container.dashboard.overview(staffOf(request), request.query),
    );
  };
}
