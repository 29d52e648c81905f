import { payRequestSchema, uuidParamSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';

const MAX_WEBHOOK_BYTES = 512 * 1024;

export function paymentsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // The signature covers the exact bytes Stripe sent, so this route (and only this one,
    // thanks to plugin encapsulation) receives the body unparsed.
    await app.register(async (raw) => {
      raw.removeContentTypeParser('application/json');
      raw.addContentTypeParser(
        'application/json',
        { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES },
        (_req, body, done) => done(null, body),
      );
      raw.post(
        '/api/v1/payments/stripe/webhook',
        {
          schema: {
            tags: ['payments'],
            summary: 'Stripe webhook (signature-verified; each event applied once, in any order)',
            description:
              'Handles checkout.session.completed, payment_intent.succeeded, payment_intent.payment_failed, charge.refunded and charge.dispute.created. Duplicates and replays answer 200 with outcome "duplicate".',
          },
        },
        async (request) => {
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const signature = request.headers['stripe-signature'];
          return container.payments.handleStripeWebhook(
            body,
            typeof signature === 'string' ? signature : undefined,
          );
        },
      );
    });

    app.post(
      '/api/v1/bookings/:id/pay',
      {
        schema: {
          tags: ['payments'],
          summary: 'Pay the deposit or the balance by card (returns the Stripe Checkout URL)',
          params: uuidParamSchema,
          querystring: z.object({ token: z.string().min(1).max(200).optional() }),
          headers: z.object({ 'x-booking-token': z.string().max(200).optional() }).loose(),
          body: payRequestSchema,
        },
      },
      async (request) =>
        container.payments.payBooking({
          bookingId: request.params.id,
          token: request.headers['x-booking-token'] ?? request.query.token,
          kind: request.body.kind,
        }),
    );
  };
}
