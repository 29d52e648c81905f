import { bookingsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { audienceResponse, sameForEveryone } from '../../lib/audience-response.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import { isOwnEventsOnly } from '../staff/permissions.ts';
import { authorizeStaffAction } from '../staff/staff-action.ts';
import { bookingViews } from './booking-view.schema.ts';
import type { RequestContext } from './holds.service.ts';

function contextOf(request: FastifyRequest): RequestContext {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
    channel: 'web',
  };
}

function tokenOf(request: {
  headers: { 'x-booking-token'?: string | undefined };
  query: { token?: string | undefined };
}) {
  return request.headers['x-booking-token'] ?? request.query.token;
}

export function bookingsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    const routes = bookingsContract;

    registerRoute(app, routes.hold, async (request, reply) => {
      const { hold, isReplay } = await container.holds.create(request.body, contextOf(request));
      if (!isReplay) container.metrics.holdsCreated.inc();
      return reply.code(isReplay ? 200 : 201).send(hold);
    });

    registerRoute(app, routes.getHold, async (request) => container.holds.get(request.params.id));

    registerRoute(app, routes.sign, async (request) =>
      container.holds.sign(request.params.id, request.body, contextOf(request)),
    );

    registerRoute(app, routes.deposit, async (request, reply) => {
      const body = request.body ?? { method: 'zelle' as const };
      if (body.method === 'card' && !container.payments.isCardAvailable)
        throw new AppError('CARD_PAYMENTS_UNAVAILABLE');
      const booking = await container.holds.deposit(request.params.id, body, contextOf(request));
      if (body.method !== 'card') return reply.code(201).send(booking);
      const deposit = booking.payments.find((p) => p.kind === 'deposit');
      // The booking exists either way; a provider hiccup leaves the deposit payable later
      // through POST /api/v1/bookings/:id/pay.
      try {
        const checkout = deposit ? await container.payments.startCheckout(deposit.id) : null;
        return reply
          .code(201)
          .send({ ...booking, checkout: checkout ? { url: checkout.url } : null });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return reply.code(201).send({
          ...booking,
          checkout: { error: { code: error.code, message: error.message } },
        });
      }
    });

    registerRoute(app, routes.release, async (request) =>
      container.holds.release(request.params.id),
    );

    registerRoute(app, routes.get, async (request) =>
      container.bookings.get(request.params.id, tokenOf(request)),
    );

    registerRoute(app, routes.calendar, async (request, reply) => {
      const { filename, ics } = await container.bookings.calendar(
        request.params.id,
        tokenOf(request),
      );
      return (
        reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          // The body carries a manage link with the secret token.
          .header('cache-control', 'private, no-store')
          .send(ics)
      );
    });

    registerRoute(app, routes.agreementPdf, async (request, reply) => {
      const holdId = await container.bookings.signedHoldId(request.params.id, tokenOf(request));
      const { pdf } = await container.agreements.getPdf(holdId);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="agreement.pdf"')
        .header('cache-control', 'private, no-store')
        .send(pdf);
    });

    registerRoute(app, routes.patch, async (request) =>
      container.bookings.patch(
        request.params.id,
        tokenOf(request),
        request.body,
        contextOf(request),
      ),
    );

    registerRoute(app, routes.reschedule, async (request) =>
      container.bookings.reschedule(
        request.params.id,
        tokenOf(request),
        request.body,
        contextOf(request),
      ),
    );

    registerRoute(app, routes.depositSent, async (request) =>
      container.bookings.reportDepositSent(
        request.params.id,
        tokenOf(request),
        request.body,
        contextOf(request),
      ),
    );

    registerRoute(app, routes.cancel, async (request) =>
      container.bookings.cancel(
        request.params.id,
        tokenOf(request),
        request.body ?? {},
        contextOf(request),
      ),
    );

    // The answer passes through the caller's view (a chef's has no amounts), STYLE rule 14.
    const statusViews = audienceResponse('POST /api/v1/bookings/:id/status', bookingViews);
    registerRoute(
      app,
      routes.changeStatus,
      async (request, reply) => {
        const actor = await authorizeStaffAction({
          request,
          reply,
          staff: container.staff,
          operatorKey: container.config.staffApiKey,
          route: 'POST /api/v1/bookings/:id/status',
          stationOf: () => container.bookings.stationOfBooking(request.params.id),
        });
        const staff = request.staff;
        return container.bookings.changeStatus(
          request.params.id,
          {
            to: request.body.status,
            version: request.body.version,
            actor,
            assignedToStaffId: staff && isOwnEventsOnly(staff.role) ? staff.id : undefined,
          },
          contextOf(request),
        );
      },
      { preSerialization: statusViews.preSerialization },
    );

    // Nothing in the answer a chef may not see; declared for the chef-view check (ADR 0019).
    const onMyWayViews = sameForEveryone(
      'POST /api/v1/bookings/:id/on-my-way',
      routes.onMyWay.responses[200],
    );
    registerRoute(
      app,
      routes.onMyWay,
      async (request, reply) => {
        await authorizeStaffAction({
          request,
          reply,
          staff: container.staff,
          operatorKey: container.config.staffApiKey,
          route: 'POST /api/v1/bookings/:id/on-my-way',
          stationOf: () => container.bookings.stationOfBooking(request.params.id),
        });
        const staff = request.staff;
        return container.scheduledMessages.onMyWay(request.params.id, {
          assignedToStaffId: staff && isOwnEventsOnly(staff.role) ? staff.id : undefined,
        });
      },
      { preSerialization: onMyWayViews.preSerialization },
    );

    const confirmViews = audienceResponse('POST /api/v1/payments/:id/confirm', bookingViews);
    registerRoute(
      app,
      routes.confirmPayment,
      async (request, reply) => {
        const actor = await authorizeStaffAction({
          request,
          reply,
          staff: container.staff,
          operatorKey: container.config.staffApiKey,
          route: 'POST /api/v1/payments/:id/confirm',
          stationOf: () => container.bookings.stationOfPayment(request.params.id),
        });
        return container.bookings.confirmDeposit(request.params.id, actor, contextOf(request));
      },
      { preSerialization: confirmViews.preSerialization },
    );
  };
}
