import { isoDateSchema, slotTimes, uuidParamSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { audienceResponse, sameForEveryone } from '../../lib/audience-response.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';
import {
  bookingChefsViews,
  chefDetailSchema,
  chefListSchema,
  timeOffListSchema,
  timeOffViewSchema,
} from './chef-views.ts';

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

const weeklySchema = z
  .array(
    z.strictObject({
      weekday: z.number().int().min(0).max(6),
      slot: z.enum(slotTimes),
    }),
  )
  .max(7 * slotTimes.length * 2);

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const chefFields = {
  name: z.string().trim().min(1).max(120),
  email: z
    .union([z.email().max(200), z.literal('')])
    .nullable()
    .optional(),
  phone: optionalText(40),
  rating: z.number().min(0).max(5).optional(),
  isActive: z.boolean().optional(),
  homeZip: z
    .union([
      z
        .string()
        .trim()
        .regex(/^\d{5}(-?\d{4})?$/, 'Use a 5-digit ZIP code.'),
      z.literal(''),
    ])
    .nullable()
    .optional(),
  maxGuests: z.number().int().min(1).max(500).optional(),
  staffId: z.uuid().nullable().optional(),
};

export function chefsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: ChefRoute) =>
      container.staff.requireStaff(chefAdminAccess[route].permission);

    const list = sameForEveryone('GET /api/v1/admin/chefs', chefListSchema);
    app.get(
      '/api/v1/admin/chefs',
      {
        schema: {
          tags: ['admin'],
          summary: 'Chefs of your stations (a chef sees only themself), by name',
          querystring: z.strictObject({
            stationId: z.uuid().optional(),
            includeInactive: z
              .enum(['true', 'false'])
              .optional()
              .transform((value) => value === 'true'),
            cursor: z.string().max(400).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(50),
          }),
          ...list.schema,
        },
        preSerialization: list.preSerialization,
        onRequest: guard('GET /api/v1/admin/chefs'),
      },
      async (request) => container.chefs.list(staffOf(request), request.query),
    );

    app.post(
      '/api/v1/admin/chefs',
      {
        schema: {
          tags: ['admin'],
          summary: 'Add a chef to a station, optionally with a weekly availability grid',
          body: z.strictObject({
            stationId: z.uuid(),
            ...chefFields,
            weekly: weeklySchema.optional(),
          }),
          response: { 201: chefDetailSchema },
        },
        onRequest: guard('POST /api/v1/admin/chefs'),
      },
      async (request, reply) => {
        const created = await container.chefs.create(
          staffOf(request),
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(created);
      },
    );

    const detail = sameForEveryone('GET /api/v1/admin/chefs/:id', chefDetailSchema);
    app.get(
      '/api/v1/admin/chefs/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'A chef: weekly availability, time off and upcoming events (no pay)',
          params: uuidParamSchema,
          ...detail.schema,
        },
        preSerialization: detail.preSerialization,
        onRequest: guard('GET /api/v1/admin/chefs/:id'),
      },
      async (request) => container.chefs.detail(staffOf(request), request.params.id),
    );

    app.patch(
      '/api/v1/admin/chefs/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Edit a chef (optimistic lock on version; deactivating checks the schedule)',
          params: uuidParamSchema,
          body: z.strictObject({
            ...chefFields,
            name: chefFields.name.optional(),
            version: z.number().int().min(1),
          }),
          response: { 200: chefDetailSchema },
        },
        onRequest: guard('PATCH /api/v1/admin/chefs/:id'),
      },
      async (request) =>
        container.chefs.update(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
    );

    app.put(
      '/api/v1/admin/chefs/:id/availability',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Replace the weekly availability grid; refused (409) when it would leave booked events without a chef',
          params: uuidParamSchema,
          body: z.strictObject({ weekly: weeklySchema, version: z.number().int().min(1) }),
          response: { 200: chefDetailSchema },
        },
        onRequest: guard('PUT /api/v1/admin/chefs/:id/availability'),
      },
      async (request) =>
        container.chefs.replaceAvailability(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
    );

    const timeOffRequest = sameForEveryone(
      'POST /api/v1/admin/chefs/:id/time-off',
      timeOffViewSchema,
      201,
    );
    app.post(
      '/api/v1/admin/chefs/:id/time-off',
      {
        schema: {
          tags: ['admin'],
          summary: 'Request time off for a chef (a chef only for themself)',
          params: uuidParamSchema,
          body: z.strictObject({
            fromDate: isoDateSchema,
            toDate: isoDateSchema,
            reason: z.string().trim().max(500).optional(),
          }),
          ...timeOffRequest.schema,
        },
        preSerialization: timeOffRequest.preSerialization,
        onRequest: guard('POST /api/v1/admin/chefs/:id/time-off'),
      },
      async (request, reply) => {
        const created = await container.chefs.requestTimeOff(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(created);
      },
    );

    const timeOffList = sameForEveryone('GET /api/v1/admin/time-off', timeOffListSchema);
    app.get(
      '/api/v1/admin/time-off',
      {
        schema: {
          tags: ['admin'],
          summary: 'Time-off requests by status (pending by default), soonest first',
          querystring: z.strictObject({
            status: z.enum(['requested', 'approved', 'rejected']).default('requested'),
            stationId: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(200).default(100),
          }),
          ...timeOffList.schema,
        },
        preSerialization: timeOffList.preSerialization,
        onRequest: guard('GET /api/v1/admin/time-off'),
      },
      async (request) => container.chefs.listTimeOff(staffOf(request), request.query),
    );

    for (const decision of ['approve', 'reject'] as const) {
      const route = `POST /api/v1/admin/time-off/:id/${decision}` as const;
      app.post(
        `/api/v1/admin/time-off/:id/${decision}`,
        {
          schema: {
            tags: ['admin'],
            summary:
              decision === 'approve'
                ? 'Approve time off; refused (409) when the chef is needed for booked events'
                : 'Reject time off, with an optional note',
            params: uuidParamSchema,
            body: z.strictObject({ note: z.string().trim().max(1000).optional() }).nullish(),
            response: { 200: timeOffViewSchema },
          },
          onRequest: guard(route),
        },
        async (request) =>
          container.chefs.decideTimeOff(
            staffOf(request),
            request.params.id,
            { approve: decision === 'approve', note: request.body?.note },
            contextOf(request),
          ),
      );
    }

    const crew = audienceResponse('GET /api/v1/admin/bookings/:id/chefs', bookingChefsViews);
    app.get(
      '/api/v1/admin/bookings/:id/chefs',
      {
        schema: {
          tags: ['admin'],
          summary: 'Chefs assigned to an event, with ranked suggestions (SPEC §4)',
          description:
            'A chef reads the crew of an event assigned to them only (404 otherwise), without the ranking.',
          params: uuidParamSchema,
          ...crew.schema,
        },
        preSerialization: crew.preSerialization,
        onRequest: guard('GET /api/v1/admin/bookings/:id/chefs'),
      },
      async (request) => container.chefs.bookingChefs(staffOf(request), request.params.id),
    );

    app.put(
      '/api/v1/admin/bookings/:id/chefs',
      {
        schema: {
          tags: ['admin'],
          summary: 'Set the chefs of an event; a chef is never double-booked at one date and slot',
          params: uuidParamSchema,
          body: z.strictObject({ chefIds: z.array(z.uuid()).max(4) }),
          response: { 200: bookingChefsViews.staff },
        },
        onRequest: guard('PUT /api/v1/admin/bookings/:id/chefs'),
      },
      async (request) =>
        container.chefs.assignChefs(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
    );
  };
}
