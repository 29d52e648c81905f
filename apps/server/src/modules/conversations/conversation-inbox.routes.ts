import { uuidParamSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
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

const conversationStatus = z.enum(['assistant', 'handoff']);

const inboxItemSchema = z.object({
  id: z.string(),
  channel: z.string(),
  status: z.string(),
  stationId: z.string().nullable(),
  phone: z.string().nullable(),
  handoffReason: z.string().nullable(),
  handoffSummary: z.string().nullable(),
  lastMessage: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const inboxDetailSchema = inboxItemSchema.omit({ lastMessage: true }).extend({
  messages: z.array(
    z.object({
      id: z.number().int(),
      role: z.string(),
      text: z.string(),
      intent: z.string().nullable(),
      confidence: z.number().nullable(),
      agent: z.string().nullable(),
      entities: z.unknown(),
      toolCalls: z.unknown(),
      guardrail: z.unknown(),
      handoff: z.unknown(),
      latencyMs: z.number().nullable(),
      createdAt: z.string(),
    }),
  ),
});

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
          description:
            'Only the conversations of your stations (or of `stationId`, one of them); a super admin also sees those without a station.',
          querystring: z.strictObject({
            status: conversationStatus.optional(),
            stationId: z.uuid().optional(),
            cursor: z.string().max(300).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(25),
          }),
          response: {
            200: z.object({ items: z.array(inboxItemSchema), nextCursor: z.string().nullable() }),
          },
        },
        onRequest: guard('GET /api/v1/admin/conversations'),
      },
      async (request) => container.conversations.listInbox(staffOf(request), request.query),
    );

    app.get(
      '/api/v1/admin/conversations/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'A conversation with every message, intent, agent, tool call and verdict',
          params: uuidParamSchema,
          response: { 200: inboxDetailSchema },
        },
        onRequest: guard('GET /api/v1/admin/conversations/:id'),
      },
      async (request) => container.conversations.inboxDetail(staffOf(request), request.params.id),
    );

    app.post(
      '/api/v1/admin/conversations/:id/take-over',
      {
        schema: {
          tags: ['admin'],
          summary: 'Take a conversation over: the assistant goes silent',
          params: uuidParamSchema,
          response: {
            200: z.object({
              id: z.string(),
              status: z.literal('handoff'),
              handoffReason: z.string().nullable(),
            }),
          },
        },
        onRequest: guard('POST /api/v1/admin/conversations/:id/take-over'),
      },
      async (request) =>
        container.conversations.takeOver(request.params.id, staffOf(request), contextOf(request)),
    );

    app.post(
      '/api/v1/admin/conversations/:id/reply',
      {
        schema: {
          tags: ['admin'],
          summary: 'Reply as staff (web chat shows it; SMS queues a text)',
          params: uuidParamSchema,
          body: z.strictObject({ text: z.string().trim().min(1, 'Type a reply.').max(2000) }),
          response: {
            200: z.object({
              id: z.number().int(),
              role: z.literal('staff'),
              text: z.string(),
              queuedSms: z.boolean(),
            }),
          },
        },
        onRequest: guard('POST /api/v1/admin/conversations/:id/reply'),
      },
      async (request) =>
        container.conversations.staffReply(
          request.params.id,
          { text: request.body.text, actor: staffOf(request) },
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
          response: { 200: z.object({ id: z.string(), status: z.literal('assistant') }) },
        },
        onRequest: guard('POST /api/v1/admin/conversations/:id/hand-back'),
      },
      async (request) =>
        container.conversations.handBack(request.params.id, staffOf(request), contextOf(request)),
    );
  };
}
