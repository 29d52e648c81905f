import { z } from 'zod';
import { payRequestSchema, uuidParamSchema } from '../api.ts';
import { access, defineRoute } from './define-route.ts';

/** The customer's manage token: `x-booking-token` header or `?token=`. */
export const bookingTokenQuerySchema = z.object({
  token: z.string().min(1).max(200).optional(),
});
export const bookingTokenHeadersSchema = z
  .object({ 'x-booking-token': z.string().max(200).optional() })
  .loose();

export const checkoutStartSchema = z.object({ url: z.string(), paymentId: z.string() });

export const webhookOutcomeSchema = z.object({ outcome: z.string() });

export const paymentsContract = {
  stripeWebhook: defineRoute({
    method: 'POST',
    path: '/api/v1/payments/stripe/webhook',
    tags: ['payments'],
    summary: 'Stripe webhook (signature-verified; each event applied once, in any order)',
    description:
      'Handles checkout.session.completed, payment_intent.succeeded, payment_intent.payment_failed, charge.refunded and charge.dispute.created. Duplicates and replays answer 200 with outcome "duplicate".',
    responses: { 200: webhookOutcomeSchema },
    access: access.webhook('stripe'),
  }),
  pay: defineRoute({
    method: 'POST',
    path: '/api/v1/bookings/:id/pay',
    tags: ['payments'],
    summary: 'Pay the deposit or the balance by card (returns the Stripe Checkout URL)',
    params: uuidParamSchema,
    query: bookingTokenQuerySchema,
    headers: bookingTokenHeadersSchema,
    body: payRequestSchema,
    responses: { 200: checkoutStartSchema },
    access: access.bookingToken,
  }),
};
