import {
  bookingPatchSchema,
  cancelRequestSchema,
  depositReportSchema,
  depositRequestSchema,
  holdRequestSchema,
  rescheduleRequestSchema,
  signRequestSchema,
  uuidParamSchema,
} from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { audienceResponse } from '../../lib/audience-response.ts';
import { isOwnEventsOnly } from '../staff/permissions.ts';
import { authorizeStaffAction } from '../staff/staff-action.ts';
import { bookingViews } from './booking-view.schema.ts';
import type { RequestContext } from './holds.service.ts';

const tokenQuery = z.object({ token: z.string().min(1).max(200).optional() });
const tokenHeaders = z.object({ 'x-booking-token': z.string().max(200).optional() }).loose();

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
    app.post(
      '/api/v1/holds',
      {
        schema: {
          tags: ['holds'],
          summary: 'Hold a date and slot for checkout',
          description:
            'Capacity is checked under a row lock inside the transaction. A lost race answers 409 SLOT_FULL and stores the attempt as a hot lead. The same idempotencyKey with the same body returns the same hold. Open holds plus unpaid bookings are capped per email, per phone and per IP (settings holds.maxOpenPerContact, holds.maxOpenPerIpPerDay): over a cap answers 409 HOLD_LIMIT_REACHED.',
          body: holdRequestSchema,
        },
      },
      async (request, reply) => {
        const { hold, isReplay } = await container.holds.create(request.body, contextOf(request));
        if (!isReplay) container.metrics.holdsCreated.inc();
        return reply.code(isReplay ? 200 : 201).send(hold);
      },
    );

    app.get(
      '/api/v1/holds/:id',
      {
        schema: {
          tags: ['holds'],
          summary: 'Read a hold and its deadlines',
          params: uuidParamSchema,
        },
      },
      async (request) => container.holds.get(request.params.id),
    );

    app.post(
      '/api/v1/holds/:id/sign',
      {
        schema: {
          tags: ['holds'],
          summary: 'Sign the agreement (terms, liability waiver, allergen disclosure)',
          params: uuidParamSchema,
          body: signRequestSchema,
        },
      },
      async (request) => container.holds.sign(request.params.id, request.body, contextOf(request)),
    );

    app.post(
      '/api/v1/holds/:id/deposit',
      {
        schema: {
          tags: ['holds'],
          summary: 'Record the deposit and turn the hold into a booking',
          description:
            "Offline payment method (Zelle, Venmo or cash): the booking is created as pending_deposit with payment instructions and a reference; staff confirm the payment to make it confirmed. The hold's deposit deadline stays in force: unpaid (and not reported sent through POST /api/v1/bookings/:id/deposit-sent) by then, the booking is cancelled and the slot freed. The response carries the booking and its one-time manage token.",
          params: uuidParamSchema,
          // Fastify hands a missing body to the validator as null.
          body: depositRequestSchema.nullish(),
        },
      },
      async (request, reply) => {
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
      },
    );

    app.post(
      '/api/v1/holds/:id/release',
      { schema: { tags: ['holds'], summary: 'Give the held slot back', params: uuidParamSchema } },
      async (request) => container.holds.release(request.params.id),
    );

    app.get(
      '/api/v1/bookings/:id',
      {
        schema: {
          tags: ['bookings'],
          summary: 'Manage-my-booking view (needs the booking token)',
          params: uuidParamSchema,
          querystring: tokenQuery,
          headers: tokenHeaders,
        },
      },
      async (request) => container.bookings.get(request.params.id, tokenOf(request)),
    );

    app.get(
      '/api/v1/bookings/:id/calendar.ics',
      {
        schema: {
          tags: ['bookings'],
          summary: 'Add to calendar: the booking as an iCalendar file (needs the booking token)',
          params: uuidParamSchema,
          querystring: tokenQuery,
          headers: tokenHeaders,
        },
      },
      async (request, reply) => {
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
      },
    );

    app.get(
      '/api/v1/bookings/:id/agreement.pdf',
      {
        schema: {
          tags: ['bookings'],
          summary: 'The signed agreement as a PDF, stored at signing (needs the booking token)',
          params: uuidParamSchema,
          querystring: tokenQuery,
          headers: tokenHeaders,
        },
      },
      async (request, reply) => {
        const holdId = await container.bookings.signedHoldId(request.params.id, tokenOf(request));
        const { pdf } = await container.agreements.getPdf(holdId);
        return reply
          .type('application/pdf')
          .header('content-disposition', 'attachment; filename="agreement.pdf"')
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );

    app.patch(
      '/api/v1/bookings/:id',
      {
        schema: {
          tags: ['bookings'],
          summary: 'Change guests, menu, allergens or requests (optimistic lock on version)',
          params: uuidParamSchema,
          querystring: tokenQuery,
          headers: tokenHeaders,
          body: bookingPatchSchema,
        },
      },
      async (request) =>
        container.bookings.patch(
          request.params.id,
          tokenOf(request),
          request.body,
          contextOf(request),
        ),
    );

    app.post(
      '/api/v1/bookings/:id/reschedule',
      {
        schema: {
          tags: ['bookings'],
          summary:
            'Move the booking to another date and slot (free once ≥ 24 h before, else a fee)',
          params: uuidParamSchema,
          querystring: tokenQuery,
          headers: tokenHeaders,
          body: rescheduleRequestSchema,
        },
      },
      async (request) =>
        container.bookings.reschedule(
          request.params.id,
          tokenOf(request),
          request.body,
          contextOf(request),
        ),
    );

    app.post(
      '/api/v1/bookings/:id/deposit-sent',
      {
        schema: {
          tags: ['bookings'],
          summary:
            "I've sent it: the customer says the offline deposit is paid (needs the booking token)",
          description:
            "Zelle, Venmo or cash: give the reference used with the payment (the DEP-… reference or the app's own note) before the deposit deadline. The booking then waits for staff until the staff-confirmation deadline (default 24 h after signing) and staff are alerted; unconfirmed by then it is cancelled. Repeating it with another reference corrects it without moving the deadline. 409 DEPOSIT_DEADLINE_PASSED after the deadline, DEPOSIT_REPORT_NOT_ALLOWED when nothing offline is owed; 422 DEPOSIT_REFERENCE_MISMATCH for another booking's reference.",
          params: uuidParamSchema,
          querystring: tokenQuery,
          headers: tokenHeaders,
          body: depositReportSchema,
        },
      },
      async (request) =>
        container.bookings.reportDepositSent(
          request.params.id,
          tokenOf(request),
          request.body,
          contextOf(request),
        ),
    );

    app.post(
      '/api/v1/bookings/:id/cancel',
      {
        schema: {
          tags: ['bookings'],
          summary: 'Cancel; the deposit is refunded ≥ 4 days before the event, else forfeited',
          params: uuidParamSchema,
          querystring: tokenQuery,
          headers: tokenHeaders,
          body: cancelRequestSchema.nullish(),
        },
      },
      async (request) =>
        container.bookings.cancel(
          request.params.id,
          tokenOf(request),
          request.body ?? {},
          contextOf(request),
        ),
    );

    const statusViews = audienceResponse('POST /api/v1/bookings/:id/status', bookingViews);
    app.post(
      '/api/v1/bookings/:id/status',
      {
        schema: {
          tags: ['bookings'],
          summary:
            'Staff: move a booking to in_progress, completed or no_show (Bearer STAFF_API_KEY)',
          description:
            'A chef moves only an event assigned to them (404 otherwise) and gets the booking back without amounts.',
          params: uuidParamSchema,
          headers: z.object({ authorization: z.string().max(500).optional() }).loose(),
          body: z.strictObject({
            status: z.enum(['in_progress', 'completed', 'no_show']),
            version: z.number().int().min(1).optional(),
          }),
          ...statusViews.schema,
        },
        preSerialization: statusViews.preSerialization,
      },
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
    );

    const confirmViews = audienceResponse('POST /api/v1/payments/:id/confirm', bookingViews);
    app.post(
      '/api/v1/payments/:id/confirm',
      {
        schema: {
          tags: ['payments'],
          summary:
            'Staff: confirm an offline deposit (Bearer STAFF_API_KEY until staff sign-in exists)',
          params: uuidParamSchema,
          headers: z.object({ authorization: z.string().max(500).optional() }).loose(),
          ...confirmViews.schema,
        },
        preSerialization: confirmViews.preSerialization,
      },
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
    );
  };
}
