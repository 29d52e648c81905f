import {
  bookingChefsViews,
  chefDetailSchema,
  chefListSchema,
  chefsContract,
  timeOffListSchema,
  timeOffViewSchema,
} from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { audienceResponse, sameForEveryone } from '../../lib/audience-response.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';

/** Every chef route and its permission, in one table the access test walks. */
export const chefAdminAccess = {
  'GET /api/v1/admin/chefs': { permission: 'chefs.read', isStationScoped: false },
  'POST /api/v1/admin/chefs': { permission: 'chefs.manage', isStationScoped: true },
  'GET /api/v1/admin/chefs/:id': { permission: 'chefs.read', isStationScoped: true },
  'PATCH /api/v1/admin/chefs/:id': { permission: 'chefs.manage', isStationScoped: true },
  'PUT /api/v1/admin/chefs/:id/availability': {
    permission: 'chefs.manage',
    isStationScoped: true,
  },
  'POST /api/v1/admin/chefs/:id/time-off': {
    permission: 'timeOff.request',
    isStationScoped: true,
  },
  'GET /api/v1/admin/time-off': { permission: 'chefs.read', isStationScoped: false },
  'POST /api/v1/admin/time-off/:id/approve': {
    permission: 'chefs.manage',
    isStationScoped: true,
  },
  'POST /api/v1/admin/time-off/:id/reject': { permission: 'chefs.manage', isStationScoped: true },
  'GET /api/v1/admin/bookings/:id/chefs': { permission: 'bookings.read', isStationScoped: true },
  'PUT /api/v1/admin/bookings/:id/chefs': { permission: 'bookings.assign', isStationScoped: true },
} as const satisfies Record<string, AdminRouteRule>;

type ChefRoute = keyof typeof chefAdminAccess;

export function chefsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: ChefRoute) => ({
      onRequest: container.staff.requireStaff(chefAdminAccess[route].permission),
    });
    // The routes a chef may read declare their (money-free) view; the answer passes through it.
    const viewed = (
      route: ChefRoute,
      views: Pick<ReturnType<typeof sameForEveryone>, 'preSerialization'>,
    ) => ({ ...guard(route), preSerialization: views.preSerialization });

    registerRoute(
      app,
      chefsContract.list,
      async (request) => container.chefs.list(staffOf(request), request.query),
      viewed('GET /api/v1/admin/chefs', sameForEveryone('GET /api/v1/admin/chefs', chefListSchema)),
    );

    registerRoute(
      app,
      chefsContract.create,
      async (request, reply) => {
        const created = await container.chefs.create(
          staffOf(request),
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(created);
      },
      guard('POST /api/v1/admin/chefs'),
    );

    registerRoute(
      app,
      chefsContract.detail,
      async (request) => container.chefs.detail(staffOf(request), request.params.id),
      viewed(
        'GET /api/v1/admin/chefs/:id',
        sameForEveryone('GET /api/v1/admin/chefs/:id', chefDetailSchema),
      ),
    );

    registerRoute(
      app,
      chefsContract.update,
      async (request) =>
        container.chefs.update(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
      guard('PATCH /api/v1/admin/chefs/:id'),
    );

    registerRoute(
      app,
      chefsContract.replaceAvailability,
      async (request) =>
        container.chefs.replaceAvailability(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
      guard('PUT /api/v1/admin/chefs/:id/availability'),
    );

    registerRoute(
      app,
      chefsContract.requestTimeOff,
      async (request, reply) => {
        const created = await container.chefs.requestTimeOff(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(created);
      },
      viewed(
        'POST /api/v1/admin/chefs/:id/time-off',
        sameForEveryone('POST /api/v1/admin/chefs/:id/time-off', timeOffViewSchema, 201),
      ),
    );

    registerRoute(
      app,
      chefsContract.listTimeOff,
      async (request) => container.chefs.listTimeOff(staffOf(request), request.query),
      viewed(
        'GET /api/v1/admin/time-off',
        sameForEveryone('GET /api/v1/admin/time-off', timeOffListSchema),
      ),
    );

    for (const [entry, approve] of [
      [chefsContract.approveTimeOff, true],
      [chefsContract.rejectTimeOff, false],
    ] as const)
      registerRoute(
        app,
        entry,
        async (request) =>
          container.chefs.decideTimeOff(
            staffOf(request),
            request.params.id,
            { approve, note: request.body?.note },
            contextOf(request),
          ),
        guard(`POST ${entry.path}`),
      );

    registerRoute(
      app,
      chefsContract.bookingChefs,
      async (request) => container.chefs.bookingChefs(staffOf(request), request.params.id),
      viewed(
        'GET /api/v1/admin/bookings/:id/chefs',
        audienceResponse('GET /api/v1/admin/bookings/:id/chefs', bookingChefsViews),
      ),
    );

    registerRoute(
      app,
      chefsContract.assignChefs,
      async (request) =>
        container.chefs.assignChefs(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
      guard('PUT /api/v1/admin/bookings/:id/chefs'),
    );
  };
}
