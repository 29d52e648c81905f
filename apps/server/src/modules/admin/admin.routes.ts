import { bookingPatchSchema, isoDateSchema, uuidParamSchema } from '@teppan/core';
import { adminContract } from '@teppan/core/contract';
import { manualPaymentKinds, manualPaymentMethods } from '../bookings/manual-payments.service.ts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { staffOf } from '../staff/require-staff.ts';
import { canSeeStation } from '../staff/permissions.ts';
import { bookingAdminAccess } from './admin-access.ts';
import { AppError } from '../../errors.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import { audienceResponse, declareViews } from '../../lib/audience-response.ts';
import { bookingCsvViews, bookingDetailViews, bookingListViews } from './admin-booking-views.ts';

const listQuery = z.strictObject({
  status: z
    .union([z.string().max(40), z.array(z.string().max(40)).max(10)])
    .optional()
    .transform((value) =>
      value === undefined ? undefined : Array.isArray(value) ? value : value.split(','),
    ),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  q: z.string().trim().max(120).optional(),
  stationId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

function contextOf(request: FastifyRequest) {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  };
}

export function adminRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation: a forbidden caller learns nothing about what a
    // valid body would look like. Registration itself is guarded in app.ts.
    const guard = (route: keyof typeof bookingAdminAccess) =>
      container.staff.requireStaff(bookingAdminAccess[route].permission);
    // Routes on one booking: outside your stations it does not exist for you.
    const stationCheck = async (request: FastifyRequest) => {
      const { id } = request.params as { id: string };
      if (!canSeeStation(staffOf(request), await container.admin.stationOfBooking(id)))
        throw new AppError('BOOKING_NOT_FOUND');
    };

    const list = audienceResponse('GET /api/v1/admin/bookings', bookingListViews);
    app.get(
      '/api/v1/admin/bookings',
      {
        schema: {
          tags: ['admin'],
          summary: 'Bookings list: filters, search, cursor pages',
          description: 'A chef gets only the events assigned to them, without amounts.',
          querystring: listQuery,
          ...list.schema,
        },
        preSerialization: list.preSerialization,
        onRequest: guard('GET /api/v1/admin/bookings'),
      },
      async (request) => container.admin.listBookings(staffOf(request), request.query),
    );

    // Text, not JSON: the views are the CSV row per audience (a chef's has no amount column).
    declareViews('GET /api/v1/admin/bookings.csv', bookingCsvViews);
    app.get(
      '/api/v1/admin/bookings.csv',
      {
        schema: {
          tags: ['admin'],
          summary: 'Bookings list as CSV (same filters)',
          querystring: listQuery.omit({ cursor: true, limit: true }),
        },
        onRequest: guard('GET /api/v1/admin/bookings.csv'),
      },
      async (request, reply) => {
        const staff = staffOf(request);
        // Validate filters before the first byte is sent, so a bad one is still a clean 4xx.
        await container.admin.listBookings(staff, { ...request.query, limit: 1 });
        void reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="bookings.csv"');
        return reply.send(Readable.from(container.admin.exportBookingsCsv(staff, request.query)));
      },
    );

    const detail = audienceResponse('GET /api/v1/admin/bookings/:id', bookingDetailViews);
    app.get(
      '/api/v1/admin/bookings/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Booking detail with its timeline and planned messages',
          description:
            'A chef reads only an event assigned to them (404 otherwise), without amounts, payments, policies or messages.',
          params: uuidParamSchema,
          ...detail.schema,
        },
        preSerialization: detail.preSerialization,
        onRequest: guard('GET /api/v1/admin/bookings/:id'),
      },
      async (request) => container.admin.bookingDetail(staffOf(request), request.params.id),
    );

    app.patch(
      '/api/v1/admin/bookings/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Edit guests, menu, allergens or requests (optimistic lock on version)',
          description:
            'Repriced through a new stored quote. A stale `version` answers 409 BOOKING_VERSION_CONFLICT with the current version and the change that won (who, when, what) in `details`. Staff are held to the final-guest-count and menu cut-offs unless `overrideCutoffs` is true, which the audit log records.',
          params: uuidParamSchema,
          body: bookingPatchSchema.extend({ overrideCutoffs: z.boolean().optional() }),
        },
        preHandler: stationCheck,
        onRequest: guard('PATCH /api/v1/admin/bookings/:id'),
      },
      async (request) =>
        container.bookings.staffPatch(
          request.params.id,
          request.body,
          `staff:${staffOf(request).id}`,
          contextOf(request),
        ),
    );

    app.post(
      '/api/v1/admin/bookings/:id/payments',
      {
        schema: {
          tags: ['admin'],
          summary: 'Record money received or refunded outside the card processor',
          description:
            'Zelle, Venmo, cash or cheque. A deposit must equal the booking deposit and confirms a pending-deposit booking; a balance payment cannot exceed the balance owed; a refund cannot exceed what was paid, and settles an owed refund of the same amount. Repeating a request with the same `idempotencyKey` records nothing new (200 with `isReplay: true`).',
          params: uuidParamSchema,
          body: z.strictObject({
            kind: z.enum(manualPaymentKinds),
            method: z.enum(manualPaymentMethods),
            amountCents: z.number().int().min(1).max(10_000_000),
            externalReference: z.string().trim().max(200).optional(),
            idempotencyKey: z.uuid(),
          }),
        },
        preHandler: stationCheck,
        onRequest: guard('POST /api/v1/admin/bookings/:id/payments'),
      },
      async (request, reply) => {
        const result = await container.manualPayments.record(
          request.params.id,
          request.body,
          `staff:${staffOf(request).id}`,
          contextOf(request),
        );
        return reply.code(result.isReplay ? 200 : 201).send(result);
      },
    );

    app.post(
      '/api/v1/admin/bookings/:id/cancellation-request',
      {
        schema: {
          tags: ['admin'],
          summary: 'Request a cancellation (an admin approves or rejects it)',
          params: uuidParamSchema,
          body: z.strictObject({
            reason: z.string().trim().min(1).max(1000),
            version: z.number().int().min(1).optional(),
          }),
        },
        preHandler: stationCheck,
        onRequest: guard('POST /api/v1/admin/bookings/:id/cancellation-request'),
      },
      async (request) =>
        container.bookings.requestCancellation(
          request.params.id,
          {
            actor: `staff:${staffOf(request).id}`,
            reason: request.body.reason,
            version: request.body.version,
          },
          contextOf(request),
        ),
    );

    for (const decision of ['approve', 'reject'] as const) {
      const route = `POST /api/v1/admin/bookings/:id/cancellation-request/${decision}` as const;
      app.post(
        `/api/v1/admin/bookings/:id/cancellation-request/${decision}`,
        {
          schema: {
            tags: ['admin'],
            summary:
              decision === 'approve'
                ? 'Approve a cancellation request (frees the place)'
                : 'Reject a cancellation request (restores the status)',
            params: uuidParamSchema,
            body: z.strictObject({ note: z.string().trim().max(1000).optional() }).nullish(),
          },
          preHandler: stationCheck,
          onRequest: guard(route),
        },
        async (request) =>
          container.bookings.resolveCancellation(
            request.params.id,
            {
              actor: `staff:${staffOf(request).id}`,
              approve: decision === 'approve',
              note: request.body?.note,
            },
            contextOf(request),
          ),
      );
    }

    registerRoute(
      app,
      adminContract.audit,
      async (request) => container.admin.listAudit(staffOf(request), request.query),
      { onRequest: guard('GET /api/v1/admin/audit') },
    );

    registerRoute(
      app,
      adminContract.knowledge,
      async () => ({ items: await container.knowledge.list() }),
      { onRequest: guard('GET /api/v1/admin/knowledge') },
    );

    registerRoute(
      app,
      adminContract.updateKnowledge,
      async (request) => {
        const document = await container.knowledge.update({
          docId: request.params.docId,
          ...request.body,
          actor: `staff:${staffOf(request).id}`,
          ip: request.ip,
          requestId: request.id,
        });
        if (!document) throw new AppError('NOT_FOUND', 'There is no such knowledge document.');
        return document;
      },
      { onRequest: guard('PUT /api/v1/admin/knowledge/:docId') },
    );
  };
}
