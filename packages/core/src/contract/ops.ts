import { z } from 'zod';
import { access, defineRoute, rawResponse } from './define-route.ts';

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});

export const devOutboxSchema = z.object({
  provider: z.string(),
  /** Per channel: the provider that sends, or the offline label when messages stay here. */
  delivery: z.object({ email: z.string(), sms: z.string() }),
  messages: z.array(
    z.object({
      id: z.number().int(),
      channel: z.string(),
      recipient: z.string(),
      subject: z.string().nullable(),
      body: z.string(),
      template: z.string(),
      status: z.string(),
      /** Why it was not sent (failed, skipped) or why the last attempt failed. */
      lastError: z.string().nullable(),
      /** SMS: the provider's delivery status (Queued, Sent, Delivered, DeliveryFailed…). */
      providerStatus: z.string().nullable(),
      bookingId: z.string().nullable(),
      createdAt: z.string(),
      /** 'sealed': shown with its link; 'removed': the stored copy says "[removed]". */
      secret: z.enum(['none', 'sealed', 'removed']),
      secretNote: z.string().nullable(),
    }),
  ),
  nextBeforeId: z.number().int().nullable(),
});

export const opsContract = {
  health: defineRoute({
    method: 'GET',
    path: '/healthz',
    tags: ['ops'],
    summary: 'The process is up',
    responses: { 200: z.object({ status: z.literal('ok') }) },
    access: access.public,
  }),
  ready: defineRoute({
    method: 'GET',
    path: '/readyz',
    tags: ['ops'],
    summary: 'Database reachable, migrations current, job queue running',
    description:
      'Answers 503 when the pool cannot serve a query within a second, a migration is pending or the job queue is not running. Details are generic; the cause is logged.',
    responses: { 200: readinessSchema, 503: readinessSchema },
    access: access.public,
  }),
  metrics: defineRoute({
    method: 'GET',
    path: '/metrics',
    tags: ['ops'],
    summary: 'Prometheus metrics (Bearer METRICS_TOKEN)',
    hide: true,
    responses: {
      200: rawResponse('text/plain', z.string(), 'Prometheus text exposition format.'),
    },
    access: access.operator('METRICS_TOKEN bearer; open in development, absent in production'),
  }),
  devOutbox: defineRoute({
    method: 'GET',
    path: '/api/v1/dev/outbox',
    tags: ['dev'],
    summary:
      'Development only: messages recorded by the offline outbox (no real email/SMS is sent)',
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      beforeId: z.coerce.number().int().min(1).optional(),
      recipient: z.string().max(254).optional(),
      bookingId: z.uuid().optional(),
    }),
    responses: { 200: devOutboxSchema },
    access: access.operator('development only: 404 NOT_AVAILABLE_IN_PRODUCTION in production'),
  }),
};
