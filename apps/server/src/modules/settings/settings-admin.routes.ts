import { isoDateSchema, settingsSchema, slotSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';
import { isValidTimeZone } from './settings-admin.service.ts';

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

const stationParams = z.strictObject({ stationId: z.uuid('Not a valid station id.') });
const requestParams = z.strictObject({ id: z.uuid('Not a valid id.') });
const decisionBody = z
  .strictObject({ note: z.string().trim().max(1000).optional() })
  .nullish()
  .transform((body) => body ?? {});

const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'Use an IANA time zone such as America/Los_Angeles.');
const stationFields = {
  name: z.string().trim().min(1, 'Enter a name.').max(120),
  timeZone: timeZoneSchema,
  address: z.string().trim().min(1, 'Enter the base address.').max(300),
  zip: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'Use a 5-digit ZIP code.'),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
};

export function settingsAdminRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: SettingsAdminRoute) =>
      container.staff.requireStaff(settingsAdminAccess[route].permission);
    const service = container.settingsAdmin;

    app.get(
      '/api/v1/admin/stations',
      {
        schema: {
          tags: ['admin'],
          summary: 'Stations you belong to (a super admin sees all)',
        },
        onRequest: guard('GET /api/v1/admin/stations'),
      },
      async (request) => service.listStations(staffOf(request)),
    );

    app.post(
      '/api/v1/admin/stations',
      {
        schema: {
          tags: ['admin'],
          summary: 'Create a station; it starts with the default settings as version 1',
          description:
            'The creator is added to the new station (a super admin sees every station). A code already in use answers 409 STATION_CODE_TAKEN.',
          body: z.strictObject({
            code: z
              .string()
              .trim()
              .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'Use 3–40 capital letters, digits or dashes.'),
            ...stationFields,
          }),
        },
        onRequest: guard('POST /api/v1/admin/stations'),
      },
      async (request, reply) => {
        const station = await service.createStation(
          staffOf(request),
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(station);
      },
    );

    app.patch(
      '/api/v1/admin/stations/:stationId',
      {
        schema: {
          tags: ['admin'],
          summary: 'Edit a station (name, address, ZIP, coordinates, time zone, active)',
          description:
            '`version` is the version you read; if someone saved first the answer is 409 STATION_VERSION_CONFLICT with the current station in details.',
          params: stationParams,
          body: z.strictObject({
            version: z.number().int().min(1),
            name: stationFields.name.optional(),
            timeZone: stationFields.timeZone.optional(),
            address: stationFields.address.optional(),
            zip: stationFields.zip.optional(),
            lat: stationFields.lat.optional(),
            lng: stationFields.lng.optional(),
            isActive: z.boolean().optional(),
          }),
        },
        onRequest: guard('PATCH /api/v1/admin/stations/:stationId'),
      },
      async (request) =>
        service.updateStation(
          staffOf(request),
          request.params.stationId,
          request.body,
          contextOf(request),
        ),
    );

    app.get(
      '/api/v1/admin/stations/:stationId/settings',
      {
        schema: {
          tags: ['admin'],
          summary: 'All settings in force for a station, with pending change requests',
          description:
            'Includes internal settings (chef-assignment weights, reminders), the version, the setting paths that need a second admin, pending requests with their changes and the ten most recent decisions.',
          params: stationParams,
        },
        onRequest: guard('GET /api/v1/admin/stations/:stationId/settings'),
      },
      async (request) => service.getSettings(staffOf(request), request.params.stationId),
    );

    app.get(
      '/api/v1/admin/stations/:stationId/settings/history',
      {
        schema: {
          tags: ['admin'],
          summary: 'Settings versions newest first, each with who, when, note and what changed',
          params: stationParams,
          querystring: z.strictObject({
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
        },
        onRequest: guard('GET /api/v1/admin/stations/:stationId/settings/history'),
      },
      async (request) => service.history(staffOf(request), request.params.stationId, request.query),
    );

    app.post(
      '/api/v1/admin/settings/changes',
      {
        schema: {
          tags: ['admin'],
          summary: 'Propose new settings; applied at once unless a second admin must approve',
          description:
            'Send the whole settings object and the version it was edited from. If a price, the deposit, the minimum or the per-mile rate changed and you are not a super admin, the change waits for another admin (202, status "pending"); otherwise it becomes the next version (200, status "applied"). A stale baseVersion answers 409 SETTINGS_VERSION_CONFLICT with the settings in force; no difference answers 422 SETTINGS_UNCHANGED.',
          body: z.strictObject({
            stationId: z.uuid('Not a valid station id.'),
            baseVersion: z.number().int().min(0),
            settings: settingsSchema,
            note: z.string().trim().max(1000).optional(),
          }),
        },
        onRequest: guard('POST /api/v1/admin/settings/changes'),
      },
      async (request, reply) => {
        const result = await service.propose(staffOf(request), request.body, contextOf(request));
        return reply.code(result.status === 'pending' ? 202 : 200).send(result);
      },
    );

    const decisions = [
      {
        verb: 'approve',
        summary: 'Approve a pending settings change (another admin than the proposer)',
        description:
          'Applies the change as the next version if the settings in force are still the version it was made on; otherwise the request turns stale and the answer is 409 SETTINGS_CHANGE_STALE. The proposer gets 409 SETTINGS_SELF_APPROVAL. Two approvals at once apply it once: the second gets 409 SETTINGS_CHANGE_NOT_PENDING.',
      },
      {
        verb: 'reject',
        summary: 'Reject a pending settings change (another admin than the proposer)',
        description: 'The proposer withdraws instead (409 SETTINGS_SELF_APPROVAL).',
      },
      {
        verb: 'withdraw',
        summary: 'Withdraw your own pending settings change (a super admin may clear any)',
        description: 'Another admin gets 409 SETTINGS_NOT_PROPOSER.',
      },
    ] as const;
    for (const decision of decisions) {
      const route = `POST /api/v1/admin/settings/changes/:id/${decision.verb}` as const;
      app.post(
        `/api/v1/admin/settings/changes/:id/${decision.verb}`,
        {
          schema: {
            tags: ['admin'],
            summary: decision.summary,
            description: decision.description,
            params: requestParams,
            body: decisionBody,
          },
          onRequest: guard(route),
        },
        async (request) => {
          const staff = staffOf(request);
          const input = { note: request.body.note };
          switch (decision.verb) {
            case 'approve':
              return service.approve(staff, request.params.id, input, contextOf(request));
            case 'reject':
              return service.reject(staff, request.params.id, input, contextOf(request));
            case 'withdraw':
              return service.withdraw(staff, request.params.id, input, contextOf(request));
          }
        },
      );
    }

    app.get(
      '/api/v1/admin/stations/:stationId/date-overrides',
      {
        schema: {
          tags: ['admin'],
          summary: 'Blackout dates and per-date caps of a station, upcoming first',
          description: 'From `from` (default: today in the station time zone), by date.',
          params: stationParams,
          querystring: z.strictObject({
            from: isoDateSchema.optional(),
            cursor: z.string().max(300).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
        onRequest: guard('GET /api/v1/admin/stations/:stationId/date-overrides'),
      },
      async (request) =>
        service.listOverrides(staffOf(request), request.params.stationId, request.query),
    );

    app.put(
      '/api/v1/admin/stations/:stationId/date-overrides',
      {
        schema: {
          tags: ['admin'],
          summary: 'Set the blackout or capacity cap of a date (one slot, or the whole day)',
          description:
            'Creates or replaces the override of (date, slot); no slot = the whole day. The write takes the slot locks the hold path takes, so no hold slips in between the check and the write. If it would leave a slot with more active bookings and holds than places, it answers 409 DATE_OVERRIDE_OVERBOOKED listing the slots, bookings and holds affected — nothing is written. Send `acknowledgeOverbooked: true` once staff will handle those events (move or cancel them): the override is saved and the audit entry lists the bookings it left over capacity.',
          params: stationParams,
          body: z
            .strictObject({
              date: isoDateSchema,
              slot: slotSchema.nullish(),
              kind: z.enum(['blackout', 'cap']),
              maxCapacity: z.number().int().min(0).max(100).nullish(),
              reason: z.string().trim().max(200).nullish(),
              acknowledgeOverbooked: z.boolean().optional(),
            })
            .refine((body) => body.kind === 'blackout' || typeof body.maxCapacity === 'number', {
              message: 'A cap needs a maximum number of events.',
              path: ['maxCapacity'],
            }),
        },
        onRequest: guard('PUT /api/v1/admin/stations/:stationId/date-overrides'),
      },
      async (request) =>
        service.putOverride(
          staffOf(request),
          request.params.stationId,
          { ...request.body, slot: request.body.slot ?? null },
          contextOf(request),
        ),
    );

    app.delete(
      '/api/v1/admin/stations/:stationId/date-overrides/:overrideId',
      {
        schema: {
          tags: ['admin'],
          summary: 'Remove a blackout or cap (capacity goes back up)',
          params: z.strictObject({
            stationId: z.uuid('Not a valid station id.'),
            overrideId: z.uuid('Not a valid id.'),
          }),
        },
        onRequest: guard('DELETE /api/v1/admin/stations/:stationId/date-overrides/:overrideId'),
      },
      async (request) =>
        service.deleteOverride(
          staffOf(request),
          request.params.stationId,
          request.params.overrideId,
          contextOf(request),
        ),
    );
  };
}
