import { settingsAdminContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';

/** Every settings-screen route and its permission, in one table the access test walks. */
export const settingsAdminAccess = {
  'GET /api/v1/admin/stations': { permission: 'settings.read', isStationScoped: false },
  'POST /api/v1/admin/stations': { permission: 'stations.manage', isStationScoped: false },
  'PATCH /api/v1/admin/stations/:stationId': {
    permission: 'stations.manage',
    isStationScoped: true,
  },
  'GET /api/v1/admin/stations/:stationId/settings': {
    permission: 'settings.read',
    isStationScoped: true,
  },
  'GET /api/v1/admin/stations/:stationId/settings/history': {
    permission: 'settings.read',
    isStationScoped: true,
  },
  'POST /api/v1/admin/settings/changes': { permission: 'settings.update', isStationScoped: true },
  'POST /api/v1/admin/settings/changes/:id/approve': {
    permission: 'settings.approve',
    isStationScoped: true,
  },
  'POST /api/v1/admin/settings/changes/:id/reject': {
    permission: 'settings.approve',
    isStationScoped: true,
  },
  'POST /api/v1/admin/settings/changes/:id/withdraw': {
    permission: 'settings.update',
    isStationScoped: true,
  },
  'GET /api/v1/admin/stations/:stationId/date-overrides': {
    permission: 'settings.read',
    isStationScoped: true,
  },
  'PUT /api/v1/admin/stations/:stationId/date-overrides': {
    permission: 'settings.update',
    isStationScoped: true,
  },
  'DELETE /api/v1/admin/stations/:stationId/date-overrides/:overrideId': {
    permission: 'settings.update',
    isStationScoped: true,
  },
} as const satisfies Record<string, AdminRouteRule>;

type SettingsAdminRoute = keyof typeof settingsAdminAccess;

export function settingsAdminRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: SettingsAdminRoute) => ({
      onRequest: container.staff.requireStaff(settingsAdminAccess[route].permission),
    });
    const service = container.settingsAdmin;
    const contract = settingsAdminContract;

    registerRoute(
      app,
      contract.listStations,
      async (request) => service.listStations(staffOf(request)),
      guard('GET /api/v1/admin/stations'),
    );

    registerRoute(
      app,
      contract.createStation,
      async (request, reply) => {
        const station = await service.createStation(
          staffOf(request),
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(station);
      },
      guard('POST /api/v1/admin/stations'),
    );

    registerRoute(
      app,
      contract.updateStation,
      async (request) =>
        service.updateStation(
          staffOf(request),
          request.params.stationId,
          request.body,
          contextOf(request),
        ),
      guard('PATCH /api/v1/admin/stations/:stationId'),
    );

    registerRoute(
      app,
      contract.getSettings,
      async (request) => service.getSettings(staffOf(request), request.params.stationId),
      guard('GET /api/v1/admin/stations/:stationId/settings'),
    );

    registerRoute(
      app,
      contract.history,
      async (request) => service.history(staffOf(request), request.params.stationId, request.query),
      guard('GET /api/v1/admin/stations/:stationId/settings/history'),
    );

    registerRoute(
      app,
      contract.propose,
      async (request, reply) => {
        const result = await service.propose(staffOf(request), request.body, contextOf(request));
        return result.status === 'pending'
          ? reply.code(202).send(result)
          : reply.code(200).send(result);
      },
      guard('POST /api/v1/admin/settings/changes'),
    );

    registerRoute(
      app,
      contract.approveChange,
      async (request) =>
        service.approve(
          staffOf(request),
          request.params.id,
          { note: request.body.note },
          contextOf(request),
        ),
      guard('POST /api/v1/admin/settings/changes/:id/approve'),
    );

    registerRoute(
      app,
      contract.rejectChange,
      async (request) =>
        service.reject(
          staffOf(request),
          request.params.id,
          { note: request.body.note },
          contextOf(request),
        ),
      guard('POST /api/v1/admin/settings/changes/:id/reject'),
    );

    registerRoute(
      app,
      contract.withdrawChange,
      async (request) =>
        service.withdraw(
          staffOf(request),
          request.params.id,
          { note: request.body.note },
          contextOf(request),
        ),
      guard('POST /api/v1/admin/settings/changes/:id/withdraw'),
    );

    registerRoute(
      app,
      contract.listOverrides,
      async (request) =>
        service.listOverrides(staffOf(request), request.params.stationId, request.query),
      guard('GET /api/v1/admin/stations/:stationId/date-overrides'),
    );

    registerRoute(
      app,
      contract.putOverride,
      async (request) =>
        service.putOverride(
          staffOf(request),
          request.params.stationId,
          { ...request.body, slot: request.body.slot ?? null },
          contextOf(request),
        ),
      guard('PUT /api/v1/admin/stations/:stationId/date-overrides'),
    );

    registerRoute(
      app,
      contract.deleteOverride,
      async (request) =>
        service.deleteOverride(
          staffOf(request),
          request.params.stationId,
          request.params.overrideId,
          contextOf(request),
        ),
      guard('DELETE /api/v1/admin/stations/:stationId/date-overrides/:overrideId'),
    );
  };
}
