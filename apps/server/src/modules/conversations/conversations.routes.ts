import { uuidParamSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { conversationInboxRoutes } from './conversation-inbox.routes.ts';
import { smsWebhookRoutes } from './sms-webhook.routes.ts';

const tokenHeaders = z.object({ 'x-conversation-token': z.string().max(200).optional() }).loose();

export function conversationsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // The assistant's other doors live beside it, so app.ts registers one plugin.
    await app.register(smsWebhookRoutes(container));
    await app.register(conversationInboxRoutes(container));

    app.post(
      '/api/v1/conversations',
      {
        schema: {
          tags: ['assistant'],
          summary: 'Start a conversation with the assistant',
          body: z.strictObject({ channel: z.literal('web') }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await container.conversations.start(request.body.channel)),
    );

    app.post(
      '/api/v1/conversations/:id/messages',
      {
        schema: {
          tags: ['assistant'],
          summary:
            'Send a message; the assistant answers from tool results only (10 messages a minute)',
          description:
            'Offline by default: built-in language understanding and templates. Every amount, date and slot in the reply comes from a tool call of this conversation (guardrail). While staff own the conversation the reply is empty.',
          params: uuidParamSchema,
          headers: tokenHeaders,
          body: z.strictObject({ text: z.string().trim().min(1, 'Type a message.').max(2000) }),
        },
      },
      async (request) =>
        container.conversations.send({
          id: request.params.id,
          token: request.headers['x-conversation-token'],
          text: request.body.text,
        }),
    );

    app.get(
      '/api/v1/conversations/:id/messages',
      {
        schema: {
          tags: ['assistant'],
          summary: 'Messages after a given id (the widget polls this for staff replies)',
          params: uuidParamSchema,
          headers: tokenHeaders,
          querystring: z.strictObject({ after: z.coerce.number().int().min(0).default(0) }),
        },
      },
      async (request) =>
        container.conversations.messagesAfter({
          id: request.params.id,
          token: request.headers['x-conversation-token'],
          afterId: request.query.after,
        }),
    );
  };
}
