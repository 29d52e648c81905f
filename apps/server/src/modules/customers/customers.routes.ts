import { customersContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';
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
    const guard = (route: CustomersRoute) => ({
      onRequest: container.staff.requireStaff(customersAccess[route].permission),
    });

    registerRoute(
      app,
      customersContract.list,
      async (request) => container.customers.list(staffOf(request), request.query),
      guard('GET /api/v1/admin/customers'),
    );

    registerRoute(
      app,
      customersContract.detail,
      async (request) => container.customers.detail(staffOf(request), request.params.id),
      guard('GET /api/v1/admin/customers/:id'),
    );
  };
}
