import { migrationStatus } from '@teppan/db';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { requireBearer } from './ops-access.ts';

export function opsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { tags: ['ops'], summary: 'The process is up' } }, () => ({
      status: 'ok',
    }));

    app.get(
      '/readyz',
      {
        schema: {
          tags: ['ops'],
          summary: 'Database reachable, migrations current, job queue running',
        },
      },
      async (_request, reply) => {
        const checks: Record<string, { ok: boolean; detail?: string }> = {};
        try {
          await sql`select 1`.execute(container.db);
          checks.database = { ok: true };
          const status = await migrationStatus(container.db);
          checks.migrations = status.isCurrent
            ? { ok: true }
            : { ok: false, detail: `pending: ${status.pending.join(', ')}` };
        } catch (error) {
          checks.database = {
            ok: false,
            detail: error instanceof Error ? error.message : 'unreachable',
          };
        }
        checks.queue = container.jobs?.isRunning
          ? { ok: true }
          : { ok: false, detail: 'job queue not started in this process' };
        const ok = Object.values(checks).every((c) => c.ok);
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks });
      },
    );

    // Protected by METRICS_TOKEN; without one, open in development and absent in production.
    const metricsAccess = container.config.metrics;
    if (metricsAccess.access !== 'off')
      app.get(
        '/metrics',
        {
          schema: { hide: true },
          ...(metricsAccess.token
            ? { onRequest: requireBearer({ secret: metricsAccess.token, realm: 'metrics' }) }
            : {}),
        },
        async (_request, reply) => {
          const body = await container.metrics.registry.metrics();
          return reply.type(container.metrics.registry.contentType).send(body);
        },
      );

    app.get(
      '/api/v1/dev/outbox',
      {
        schema: {
          tags: ['dev'],
          summary:
            'Development only: messages recorded by the offline outbox (no real email/SMS is sent)',
          querystring: z.strictObject({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            beforeId: z.coerce.number().int().min(1).optional(),
            recipient: z.string().max(254).optional(),
            bookingId: z.uuid().optional(),
          }),
        },
      },
      async (request) => {
        if (container.config.isProduction) throw new AppError('NOT_AVAILABLE_IN_PRODUCTION');
        const rows = await new OutboxRepository(container.db).list(request.query);
        return {
          provider: 'outbox (offline: messages are recorded, not delivered)',
          messages: rows.map((row) => ({
            id: row.id,
            channel: row.channel,
            recipient: row.recipient,
            subject: row.subject,
            body: row.body,
            template: row.template,
            status: row.status,
            bookingId: row.booking_id,
            createdAt: row.created_at.toISOString(),
          })),
          nextBeforeId: rows.length === request.query.limit ? (rows.at(-1)?.id ?? null) : null,
        };
      },
    );
  };
}
