import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export interface ChatConversation {
  id: string;
  token: string;
}

/** A new web conversation, started through the API as the widget does. */
export async function startChat(app: FastifyInstance): Promise<ChatConversation> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    payload: { channel: 'web' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ChatConversation>();
}

/** One customer message; the caller judges the answer (200, 429, …). */
export function sendChat(app: FastifyInstance, conversation: ChatConversation, text: string) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversation.id}/messages`,
    headers: { 'x-conversation-token': conversation.token },
    payload: { text },
  });
}
