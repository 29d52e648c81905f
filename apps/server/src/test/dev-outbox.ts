import type { FastifyInstance } from 'fastify';

interface DevOutboxMessage {
  id: number;
  template: string;
  body: string;
  secret: 'none' | 'sealed' | 'removed';
}

/**
 * The link token of the newest `template` message to `recipient`, read as a developer reads
 * it: through GET /api/v1/dev/outbox, which shows a message not sent yet with its link. The
 * stored row itself keeps the token only sealed (ADR 0016).
 */
export async function linkTokenFromDevOutbox(
  app: FastifyInstance,
  options: { recipient: string; template: string },
): Promise<string> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/dev/outbox?recipient=${encodeURIComponent(options.recipient)}`,
  });
  if (response.statusCode !== 200) throw new Error(`dev outbox: ${response.body}`);
  const message = response
    .json<{ messages: DevOutboxMessage[] }>()
    .messages.find((m) => m.template === options.template);
  const token = /token=([A-Za-z0-9_%-]+)/.exec(message?.body ?? '')?.[1];
  if (!token) throw new Error(`no ${options.template} link for ${options.recipient}`);
  return decodeURIComponent(token);
}
