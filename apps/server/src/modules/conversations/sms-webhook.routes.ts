import { createHash, timingSafeEqual } from 'node:crypto';
import { conversationsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { registerRoute } from '../../lib/contract-route.ts';

const VALIDATION_HEADER = 'validation-token';
const VERIFICATION_HEADER = 'verification-token';

/**
 * RingCentral's message-store notification for an instant SMS. Loose objects: RingCentral
 * adds fields over time and we read only these.
 */
const notificationSchema = z.looseObject({
  uuid: z.string().max(200),
  event: z.string().max(500),
  timestamp: z.string().max(100).optional(),
  subscriptionId: z.string().max(200).optional(),
  body: z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    from: z.looseObject({ phoneNumber: z.string().min(3).max(40) }),
    to: z.array(z.looseObject({ phoneNumber: z.string().max(40).optional() })).max(50),
    subject: z.string().max(2000).default(''),
    direction: z.string().max(20),
    type: z.string().max(20),
  }),
});

function isSameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function smsWebhookRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    registerRoute(
      app,
      conversationsContract.smsWebhook,
      async (request, reply) => {
        const expected = container.config.sms.ringCentralVerificationToken;
        const given = request.headers[VERIFICATION_HEADER];
        // Without a configured token nothing can be verified, so nothing is accepted.
        if (!expected || typeof given !== 'string' || !isSameSecret(given, expected))
          throw new AppError('SMS_WEBHOOK_TOKEN_INVALID');
        const parsed = notificationSchema.safeParse(request.body);
        if (!parsed.success)
          throw new AppError('VALIDATION_FAILED', undefined, {
            issues: parsed.error.issues.map((i) => ({
              path: i.path.join('.'),
              message: i.message,
            })),
          });
        const message = parsed.data.body;
        // Outbound copies and other message types share the subscription; only inbound SMS matter.
        if (message.direction !== 'Inbound' || message.type !== 'SMS')
          return reply.code(200).send({ status: 'ignored' });
        const outcome = await container.conversations.receiveSms({
          messageId: message.id,
          from: message.from.phoneNumber,
          to: message.to[0]?.phoneNumber ?? null,
          text: message.subject,
        });
        return reply.code(200).send(outcome);
      },
      {
        // The handshake may arrive without a body: answer it before the body is parsed.
        onRequest: async (request, reply) => {
          const token = request.headers[VALIDATION_HEADER];
          if (typeof token === 'string' && token.length > 0 && token.length <= 500)
            return reply.header('Validation-Token', token).code(200).send();
        },
      },
    );
  };
}
