import { dashboardContract, dashboardViews } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { audienceResponse } from '../../lib/audience-response.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { staffOf } from '../staff/require-staff.ts';

/** The dashboard's routes and their permission, for the admin access table. */
export const dashboardAccess = {
  // Names a station: staff of another station get 403.
  'GET /api/v1/admin/dashboard': { permission: 'dashboard.read', isStationScoped: true },
} as const satisfies Record<string, AdminRouteRule>;

export function dashboardRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    const views = audienceResponse('GET /api/v1/admin/dashboard', dashboardViews);
    registerRoute(
      app,
      dashboardContract.overview,
      async (request) => container.dashboard.overview(staffOf(request), request.query),
      {
        preSerialization: views.preSerialization,
        onRequest: container.staff.requireStaff(
          dashboardAccess['GET /api/v1/admin/dashboard'].permission,
        ),
      },
    );
  };
}
