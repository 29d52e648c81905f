import { databaseFailureOf, migrationStatus } from '@teppan/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { DeadlineExceeded, withDeadline } from '../../lib/deadline.ts';
import { OutboxRepository, type OutboxListRow } from '../messaging/outbox.repository.ts';

const READY_DATABASE_DEADLINE_MS = 1000;

const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
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
          description:
            'Answers 503 when the pool cannot serve a query within a second, a migration is pending or the job queue is not running. Details are generic; the cause is logged.',
          response: { 200: readinessSchema, 503: readinessSchema },
        },
      },
      async (request, reply) => {
        const checks: Record<string, { ok: boolean; detail?: string }> = {};
        try {
          // One query through the pool, answered within a second, or this instance is stuck
          // and an orchestrator should restart it.
          const status = await withDeadline(
            READY_DATABASE_DEADLINE_MS,
            migrationStatus(container.db),
          );
          checks.database = { ok: true };
          checks.migrations = status.isCurrent
            ? { ok: true }
            : { ok: false, detail: `pending: ${status.pending.join(', ')}` };
        } catch (error) {
          // The real error goes to the log only: it may name hosts, users or databases.
          request.log.warn({ err: error }, 'readiness: database check failed');
          checks.database = {
            ok: false,
            detail:
              error instanceof DeadlineExceeded || databaseFailureOf(error) === 'timeout'
                ? `no database connection answered within ${READY_DATABASE_DEADLINE_MS} ms`
                : 'the database could not be reached',
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
          response: { 200: devOutboxResponse },
        },
      },
      async (request) => {
        if (container.config.isProduction) throw new AppError('NOT_AVAILABLE_IN_PRODUCTION');
        const rows = await new OutboxRepository(container.db, container.fieldCrypto).list(
          request.query,
        );
        return {
          provider: 'outbox (offline: messages are recorded, not delivered)',
          messages: rows.map((row) => ({
            id: row.id,
            channel: row.channel,
            recipient: row.recipient,
            subject: row.subject,
            // Not sent yet: the sealed original, so a developer can open its link.
            body: row.original?.body ?? row.body,
            template: row.template,
            status: row.status,
            bookingId: row.booking_id,
            createdAt: row.created_at.toISOString(),
            secret: row.secretState,
            secretNote: secretNoteOf(row),
          })),
          nextBeforeId: rows.length === request.query.limit ? (rows.at(-1)?.id ?? null) : null,
        };
      },
    );
  };
}

const devOutboxResponse = z.object({
  provider: z.string(),
  messages: z.array(
    z.object({
      id: z.number().int(),
      channel: z.string(),
      recipient: z.string(),
      subject: z.string().nullable(),
      body: z.string(),
      template: z.string(),
      status: z.string(),
      bookingId: z.string().nullable(),
      createdAt: z.string(),
      /** 'sealed': shown with its link; 'removed': the stored copy says "[removed]". */
      secret: z.enum(['none', 'sealed', 'removed']),
      secretNote: z.string().nullable(),
    }),
  ),
  nextBeforeId: z.number().int().nullable(),
});

function secretNoteOf(row: OutboxListRow): string | null {
  const until = row.secrets_expire_at?.toISOString() ?? '';
  switch (row.secretState) {
    case 'none':
      return null;
    case 'sealed':
      return `Not sent yet: shown with its link, which the database keeps only encrypted until the message is sent or ${until}.`;
    case 'removed':
      return row.status === 'sent'
        ? 'Sent: its link (or contact details) was removed from the stored copy, shown as [removed].'
        : `Its link expired unsent (${until}) and was removed from the stored copy, shown as [removed].`;
  }
}
