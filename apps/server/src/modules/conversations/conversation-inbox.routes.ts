import { conversationsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';

/**
 * Every inbox route and its permission, in one table the access test can walk. A
 * conversation belongs to a station (ADR 0019): staff of another station get 404 on it, and
 * one without a station is shown to super admins only.
 */
export const conversationInboxAccess = {
  'GET /api/v1/admin/conversations': { permission: 'conversations.read', isStationScoped: false },
  'GET /api/v1/admin/conversations/:id': {
    permission: 'conversations.read',
    isStationScoped: true,
  },
  'POST /api/v1/admin/conversations/:id/take-over': {
    permission: 'conversations.reply',
    isStationScoped: true,
  },
  'POST /api/v1/admin/conversations/:id/reply': {
    permission: 'conversations.reply',
    isStationScoped: true,
  },
  'POST /api/v1/admin/conversations/:id/hand-back': {
    permission: 'conversations.reply',
    isStationScoped: true,
  },
} as const satisfies Record<string, AdminRouteRule>;

type InboxRoute = keyof typeof conversationInboxAccess;

export function conversationInboxRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: InboxRoute) =>
      container.staff.requireStaff(conversationInboxAccess[route].permission);

    registerRoute(
      app,
      conversationsContract.inbox,
      async (request) => container.conversations.listInbox(staffOf(request), request.query),
      { onRequest: guard('GET /api/v1/admin/conversations') },
    );

    registerRoute(
      app,
      conversationsContract.inboxDetail,
      async (request) => container.conversations.inboxDetail(staffOf(request), request.params.id),
      { onRequest: guard('GET /api/v1/admin/conversations/:id') },
    );

    registerRoute(
      app,
      conversationsContract.takeOver,
      async (request) =>
        container.conversations.takeOver(request.params.id, staffOf(request), contextOf(request)),
      { onRequest: guard('POST /api/v1/admin/conversations/:id/take-over') },
    );

    registerRoute(
      app,
      conversationsContract.reply,
      async (request) =>
        container.conversations.staffReply(
          request.params.id,
          { text: request.body.text, actor: staffOf(request) },
          contextOf(request),
        ),
      { onRequest: guard('POST /api/v1/admin/conversations/:id/reply') },
    );

    registerRoute(
      app,
      conversationsContract.handBack,
      async (request) =>
        container.conversations.handBack(request.params.id, staffOf(request), contextOf(request)),
      { onRequest: guard('POST /api/v1/admin/conversations/:id/hand-back') },
    );
  };
}
