import { leadsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';

/** The leads pipeline routes and their permission, for the admin access table. */
export const leadsAccess = {
  'GET /api/v1/admin/leads': { permission: 'leads.read', isStationScoped: false },
  'GET /api/v1/admin/leads/owners': { permission: 'leads.read', isStationScoped: false },
  'GET /api/v1/admin/leads/:id': { permission: 'leads.read', isStationScoped: true },
  'POST /api/v1/admin/leads': { permission: 'leads.manage', isStationScoped: true },
  'PATCH /api/v1/admin/leads/:id': { permission: 'leads.manage', isStationScoped: true },
  'POST /api/v1/admin/leads/:id/notes': { permission: 'leads.manage', isStationScoped: true },
  'POST /api/v1/admin/leads/:id/convert': { permission: 'leads.manage', isStationScoped: true },
} as const satisfies Record<string, AdminRouteRule>;

type LeadsRoute = keyof typeof leadsAccess;

export function leadsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: LeadsRoute) => ({
      onRequest: container.staff.requireStaff(leadsAccess[route].permission),
    });

    registerRoute(
      app,
      leadsContract.list,
      async (request) => container.leads.list(staffOf(request), request.query),
      guard('GET /api/v1/admin/leads'),
    );

    registerRoute(
      app,
      leadsContract.owners,
      async (request) => ({ items: await container.leads.owners(staffOf(request)) }),
      guard('GET /api/v1/admin/leads/owners'),
    );

    registerRoute(
      app,
      leadsContract.detail,
      async (request) => container.leads.detail(staffOf(request), request.params.id),
      guard('GET /api/v1/admin/leads/:id'),
    );

    registerRoute(
      app,
      leadsContract.create,
      async (request, reply) => {
        const lead = await container.leads.create(
          staffOf(request),
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(lead);
      },
      guard('POST /api/v1/admin/leads'),
    );

    registerRoute(
      app,
      leadsContract.update,
      async (request) =>
        container.leads.update(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
      guard('PATCH /api/v1/admin/leads/:id'),
    );

    registerRoute(
      app,
      leadsContract.addNote,
      async (request, reply) => {
        const lead = await container.leads.addNote(
          staffOf(request),
          request.params.id,
          request.body.text,
          contextOf(request),
        );
        return reply.code(201).send(lead);
      },
      guard('POST /api/v1/admin/leads/:id/notes'),
    );

    registerRoute(
      app,
      leadsContract.convert,
      async (request) =>
        container.leads.convert(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
      guard('POST /api/v1/admin/leads/:id/convert'),
    );
  };
}
