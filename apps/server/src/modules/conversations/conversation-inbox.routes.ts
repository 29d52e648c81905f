import { uuidParamSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';

/** Every inbox route and its permission, in one table the access test can walk. */
export const conversationInboxAccess = {
  'GET /api/v1/admin/conversations': { permission: 'conversations.read', isStationScoped: false },
  'GET /api/v1/admin/conversations/:id': {
    permission: 'conversations.read',
    isStationScoped: false,
  },
  'POST /api/v1/admin/conversations/:id/take-over': {
    permission: 'conversations.reply',
    isStationScoped: false,
  },
  'POST /api/v1/admin/conversations/:id/reply': {
    permission: 'conversations.reply',
    isStationScoped: false,
  },
  'POST /api/v1/admin/conversations/:id/hand-back': {
    permission: 'conversations.reply',
    isStationScoped: false,
  },
} as const satisfies Record<string, AdminRouteRule>;

type InboxRoute = keyof typeof conversationInboxAccess;

export function conversationInboxRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: InboxRoute) =>
      container.staff.requireStaff(conversationInboxAccess[route].permission);

    app.get(
      '/api/v1/admin/conversations',
      {
        schema: {
          tags: ['admin'],
          summary: 'Assistant inbox: conversations by status, newest activity first',
          querystring: z.strictObject({
            status: z.enum(['assistant', 'handoff']).optional(),
            cursor: z.string().max(300).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(25),
          }),
        },
        onRequest: guard('GET /api/v1/admin/conversations'),
      },
      async (request) => container.conversations.listInbox(request.query),
    );

    app.get(
      '/api/v1/admin/conversations/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'A conversation with every message, intent, agent, tool call and verdict',
          params: uuidParamSchema,
        },
        onRequest: guard('GET /api/v1/admin/conversations/:id'),
      },
      async (request) => container.conversations.inboxDetail(request.params.id),
    );

    app.post(
      '/api/v1/admin/conversations/:id/take-over',
      {
        schema: {
          tags: ['admin'],
          summary: 'Take a conversation over: the assistant goes silent',
          params: uuidParamSchema,
        },
        onRequest: guard('POST /api/v1/admin/conversations/:id/take-over'),
      },
      async (request) =>
        container.conversations.takeOver(
          request.params.id,
          { id: staffOf(request).id },
          contextOf(request),
        ),
    );

    app.post(
      '/api/v1/admin/conversations/:id/reply',
      {
        schema: {
          tags: ['admin'],
          summary: 'Reply as staff (web chat shows it; SMS queues a text)',
          params: uuidParamSchema,
          body: z.strictObject({ text: z.string().trim().min(1, 'Type a reply.').max(2000) }),
        },
        onRequest: guard('POST /api/v1/admin/conversations/:id/reply'),
      },
      async (request) =>
        container.conversations.staffReply(
          request.params.id,
          { text: request.body.text, actor: { id: staffOf(request).id } },
          contextOf(request),
        ),
    );

    app.post(
      '/api/v1/admin/conversations/:id/hand-back',
      {
        schema: {
          tags: ['admin'],
          summary: 'Hand the conversation back to the assistant',
          params: uuidParamSchema,
        },
        onRequest: guard('POST /api/v1/admin/conversations/:id/hand-back'),
      },
      async (request) =>
        container.conversations.handBack(
          request.params.id,
          { id: staffOf(request).id },
          contextOf(request),
        ),
    );
  };
}
