import { conversationsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import { conversationInboxRoutes } from './conversation-inbox.routes.ts';
import { smsWebhookRoutes } from './sms-webhook.routes.ts';

export function conversationsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // The assistant's other doors live beside it, so app.ts registers one plugin.
    await app.register(smsWebhookRoutes(container));
    await app.register(conversationInboxRoutes(container));

    registerRoute(app, conversationsContract.start, async (request, reply) =>
      reply.code(201).send(await container.conversations.start(request.body.channel)),
    );

    registerRoute(app, conversationsContract.send, async (request) =>
      container.conversations.send({
        id: request.params.id,
        token: request.headers['x-conversation-token'],
        text: request.body.text,
      }),
    );

    registerRoute(app, conversationsContract.messagesAfter, async (request) =>
      container.conversations.messagesAfter({
        id: request.params.id,
        token: request.headers['x-conversation-token'],
        afterId: request.query.after,
      }),
    );
  };
}
