import { paymentsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';

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
      registerRoute(raw, paymentsContract.stripeWebhook, async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers['stripe-signature'];
        return container.payments.handleStripeWebhook(
          body,
          typeof signature === 'string' ? signature : undefined,
        );
      });
    });

    registerRoute(app, paymentsContract.pay, async (request) =>
      container.payments.payBooking({
        bookingId: request.params.id,
        token: request.headers['x-booking-token'] ?? request.query.token,
        kind: request.body.kind,
      }),
    );
  };
}
