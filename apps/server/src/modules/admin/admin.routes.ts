import {
  adminContract,
  bookingCsvViews,
  bookingDetailViews,
  bookingListViews,
} from '@teppan/core/contract';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import type { Container } from '../../container.ts';
import { staffOf } from '../staff/require-staff.ts';
import { canSeeStation } from '../staff/permissions.ts';
import { bookingAdminAccess } from './admin-access.ts';
import { AppError } from '../../errors.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import { audienceResponse, declareViews } from '../../lib/audience-response.ts';

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

    // The routes a chef may read pass their answer through the caller's view (ADR 0019).
    const list = audienceResponse('GET /api/v1/admin/bookings', bookingListViews);
    registerRoute(
      app,
      adminContract.bookings,
      async (request) => container.admin.listBookings(staffOf(request), request.query),
      {
        preSerialization: list.preSerialization,
        onRequest: guard('GET /api/v1/admin/bookings'),
      },
    );

    // Text, not JSON: the views are the CSV row per audience (a chef's has no amount column).
    declareViews('GET /api/v1/admin/bookings.csv', bookingCsvViews);
    registerRoute(
      app,
      adminContract.bookingsCsv,
      async (request, reply) => {
        const staff = staffOf(request);
        // Validate filters before the first byte is sent, so a bad one is still a clean 4xx.
        await container.admin.listBookings(staff, { ...request.query, limit: 1 });
        void reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="bookings.csv"');
        return reply.send(Readable.from(container.admin.exportBookingsCsv(staff, request.query)));
      },
      { onRequest: guard('GET /api/v1/admin/bookings.csv') },
    );

    const detail = audienceResponse('GET /api/v1/admin/bookings/:id', bookingDetailViews);
    registerRoute(
      app,
      adminContract.booking,
      async (request) => container.admin.bookingDetail(staffOf(request), request.params.id),
      {
        preSerialization: detail.preSerialization,
        onRequest: guard('GET /api/v1/admin/bookings/:id'),
      },
    );

    registerRoute(
      app,
      adminContract.patchBooking,
      async (request) =>
        container.bookings.staffPatch(
          request.params.id,
          request.body,
          `staff:${staffOf(request).id}`,
          contextOf(request),
        ),
      { preHandler: stationCheck, onRequest: guard('PATCH /api/v1/admin/bookings/:id') },
    );

    registerRoute(
      app,
      adminContract.recordPayment,
      async (request, reply) => {
        const result = await container.manualPayments.record(
          request.params.id,
          request.body,
          `staff:${staffOf(request).id}`,
          contextOf(request),
        );
        return reply.code(result.isReplay ? 200 : 201).send(result);
      },
      { preHandler: stationCheck, onRequest: guard('POST /api/v1/admin/bookings/:id/payments') },
    );

    registerRoute(
      app,
      adminContract.requestCancellation,
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
      {
        preHandler: stationCheck,
        onRequest: guard('POST /api/v1/admin/bookings/:id/cancellation-request'),
      },
    );

    registerRoute(
      app,
      adminContract.approveCancellation,
      async (request) =>
        container.bookings.resolveCancellation(
          request.params.id,
          { actor: `staff:${staffOf(request).id}`, approve: true, note: request.body?.note },
          contextOf(request),
        ),
      {
        preHandler: stationCheck,
        onRequest: guard('POST /api/v1/admin/bookings/:id/cancellation-request/approve'),
      },
    );

    registerRoute(
      app,
      adminContract.rejectCancellation,
      async (request) =>
        container.bookings.resolveCancellation(
          request.params.id,
          { actor: `staff:${staffOf(request).id}`, approve: false, note: request.body?.note },
          contextOf(request),
        ),
      {
        preHandler: stationCheck,
        onRequest: guard('POST /api/v1/admin/bookings/:id/cancellation-request/reject'),
      },
    );

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
