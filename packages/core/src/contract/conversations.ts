import { z } from 'zod';
import { uuidParamSchema } from '../api.ts';
import { access, defineRoute, rawResponse } from './define-route.ts';

const conversationTokenHeaders = z
  .object({ 'x-conversation-token': z.string().max(200).optional() })
  .loose();

export const conversationStartSchema = z.object({ id: z.string(), token: z.string() });

export const toolCallSchema = z.object({
  name: z.string(),
  input: z.unknown(),
  output: z.unknown(),
});

/** The assistant's answer to one customer message. */
export const turnResultSchema = z.object({
  reply: z.object({ text: z.string(), segments: z.array(z.string()).optional() }),
  intent: z.string(),
  agent: z.string(),
  toolCalls: z.array(toolCallSchema),
  handoff: z.object({ active: z.boolean(), reason: z.string().optional() }),
});

export const conversationMessagesSchema = z.object({
  messages: z.array(
    z.object({ id: z.number().int(), role: z.string(), text: z.string(), createdAt: z.string() }),
  ),
  handoff: z.object({ active: z.boolean() }),
});

export const smsWebhookOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ignored') }),
  z.object({ status: z.literal('duplicate') }),
  z.object({ status: z.literal('keyword'), keyword: z.string() }),
  z.object({ status: z.literal('opted_out'), conversationId: z.string() }),
  z.object({
    status: z.literal('answered'),
    conversationId: z.string(),
    segments: z.number().int(),
  }),
  z.object({ status: z.literal('silent'), conversationId: z.string() }),
  z.object({ status: z.literal('rate_limited'), conversationId: z.string() }),
]);

export const inboxItemSchema = z.object({
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

export const inboxDetailSchema = inboxItemSchema.omit({ lastMessage: true }).extend({
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

export const conversationsContract = {
  start: defineRoute({
    method: 'POST',
    path: '/api/v1/conversations',
    tags: ['assistant'],
    summary: 'Start a conversation with the assistant',
    body: z.strictObject({ channel: z.literal('web') }),
    responses: { 201: conversationStartSchema },
    access: access.public,
  }),
  send: defineRoute({
    method: 'POST',
    path: '/api/v1/conversations/:id/messages',
    tags: ['assistant'],
    summary: 'Send a message; the assistant answers from tool results only (10 messages a minute)',
    description:
      'Offline by default: built-in language understanding and templates. Every amount, date and slot in the reply comes from a tool call of this conversation (guardrail). While staff own the conversation the reply is empty.',
    params: uuidParamSchema,
    headers: conversationTokenHeaders,
    body: z.strictObject({ text: z.string().trim().min(1, 'Type a message.').max(2000) }),
    responses: { 200: turnResultSchema },
    access: access.public,
  }),
  messagesAfter: defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/messages',
    tags: ['assistant'],
    summary: 'Messages after a given id (the widget polls this for staff replies)',
    params: uuidParamSchema,
    headers: conversationTokenHeaders,
    query: z.strictObject({ after: z.coerce.number().int().min(0).default(0) }),
    responses: { 200: conversationMessagesSchema },
    access: access.public,
  }),
  smsWebhook: defineRoute({
    method: 'POST',
    path: '/api/v1/sms/ringcentral/webhook',
    tags: ['assistant'],
    summary: 'RingCentral inbound SMS webhook (validation handshake and notifications)',
    description:
      'A request with a Validation-Token header is the subscription handshake: answered 200 with the same header. Notifications must carry the subscription’s verificationToken in the Verification-Token header. STOP/START/HELP are handled before the assistant; each message id is processed once.',
    headers: z
      .object({
        'validation-token': z.string().max(500).optional(),
        'verification-token': z.string().max(500).optional(),
      })
      .loose(),
    // Read loosely by the route: RingCentral adds fields over time.
    body: z.unknown().optional(),
    responses: {
      200: rawResponse(
        'application/json',
        smsWebhookOutcomeSchema,
        'What became of the notification; the validation handshake answers with an empty body and the Validation-Token header.',
      ),
    },
    access: access.webhook('ringcentral'),
  }),
  inbox: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/conversations',
    tags: ['admin'],
    summary: 'Assistant inbox: conversations by status, newest activity first',
    description:
      'Only the conversations of your stations (or of `stationId`, one of them); a super admin also sees those without a station.',
    query: z.strictObject({
      status: z.enum(['assistant', 'handoff']).optional(),
      stationId: z.uuid().optional(),
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
    responses: {
      200: z.object({ items: z.array(inboxItemSchema), nextCursor: z.string().nullable() }),
    },
    access: access.admin('conversations.read', { isStationScoped: false }),
  }),
  inboxDetail: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/conversations/:id',
    tags: ['admin'],
    summary: 'A conversation with every message, intent, agent, tool call and verdict',
    params: uuidParamSchema,
    responses: { 200: inboxDetailSchema },
    access: access.admin('conversations.read', { isStationScoped: true }),
  }),
  takeOver: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/conversations/:id/take-over',
    tags: ['admin'],
    summary: 'Take a conversation over: the assistant goes silent',
    params: uuidParamSchema,
    responses: {
      200: z.object({
        id: z.string(),
        status: z.literal('handoff'),
        handoffReason: z.string().nullable(),
      }),
    },
    access: access.admin('conversations.reply', { isStationScoped: true }),
  }),
  reply: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/conversations/:id/reply',
    tags: ['admin'],
    summary: 'Reply as staff (web chat shows it; SMS queues a text)',
    params: uuidParamSchema,
    body: z.strictObject({ text: z.string().trim().min(1, 'Type a reply.').max(2000) }),
    responses: {
      200: z.object({
        id: z.number().int(),
        role: z.literal('staff'),
        text: z.string(),
        queuedSms: z.boolean(),
      }),
    },
    access: access.admin('conversations.reply', { isStationScoped: true }),
  }),
  handBack: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/conversations/:id/hand-back',
    tags: ['admin'],
    summary: 'Hand the conversation back to the assistant',
    params: uuidParamSchema,
    responses: { 200: z.object({ id: z.string(), status: z.literal('assistant') }) },
    access: access.admin('conversations.reply', { isStationScoped: true }),
  }),
};
