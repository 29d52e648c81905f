import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { audienceResponse } from '../../lib/audience-response.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { staffOf } from '../staff/require-staff.ts';
import { dashboardViews } from './dashboard-views.ts';

/** The dashboard's routes and their permission, for the admin access table. */
export const dashboardAccess = {
  // Names a station: staff of another station get 403.
  'GET /api/v1/admin/dashboard': { permission: 'dashboard.read', isStationScoped: true },
} as const satisfies Record<string, AdminRouteRule>;

export function dashboardRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    const views = audienceResponse('GET /api/v1/admin/dashboard', dashboardViews);
    app.get(
      '/api/v1/admin/dashboard',
      {
        schema: {
          tags: ['admin'],
          summary: 'Dashboard: today and this week at one station',
          description:
            "Events (with assigned chefs), deposits due (bookings and running holds with deadlines), unassigned events within 7 days, new leads (7 days), conversations waiting for staff, and the week's deposits received and balance outstanding. Dates in the station's time zone; weeks run Monday to Sunday. Blocks the role may not see are null; a chef's view (no payments.read) has only the events of their own chef, and no other block. Without stationId: your first station.",
          querystring: z.strictObject({ stationId: z.uuid().optional() }),
          ...views.schema,
        },
        preSerialization: views.preSerialization,
        onRequest: container.staff.requireStaff(
          dashboardAccess['GET /api/v1/admin/dashboard'].permission,
        ),
      },
      async (request) => container.dashboard.overview(staffOf(request), request.query),
    );
  };
}
