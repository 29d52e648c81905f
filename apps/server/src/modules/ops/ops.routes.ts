import { databaseFailureOf, migrationStatus } from '@teppan/db';
import { opsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import { DeadlineExceeded, withDeadline } from '../../lib/deadline.ts';
import { OutboxRepository, type OutboxListRow } from '../messaging/outbox.repository.ts';
import { requireBearer } from './ops-access.ts';

const READY_DATABASE_DEADLINE_MS = 1000;

export function opsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    registerRoute(app, opsContract.health, async () => ({ status: 'ok' as const }));

    registerRoute(app, opsContract.ready, async (request, reply) => {
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
    });

    // Protected by METRICS_TOKEN; without one, open in development and absent in production.
    const metricsAccess = container.config.metrics;
    if (metricsAccess.access !== 'off')
      registerRoute(
        app,
        opsContract.metrics,
        async (_request, reply) => {
          const body = await container.metrics.registry.metrics();
          return reply.type(container.metrics.registry.contentType).send(body);
        },
        metricsAccess.token
          ? { onRequest: requireBearer({ secret: metricsAccess.token, realm: 'metrics' }) }
          : {},
      );

    registerRoute(app, opsContract.devOutbox, async (request) => {
      if (container.config.isProduction) throw new AppError('NOT_AVAILABLE_IN_PRODUCTION');
      const rows = await new OutboxRepository(container.db, container.fieldCrypto).list(
        request.query,
      );
      const delivery = {
        email: container.notifications.deliveryLabel,
        sms: container.sms.deliveryLabel,
      };
      return {
        provider: `email: ${delivery.email}; sms: ${delivery.sms}`,
        delivery,
        messages: rows.map((row) => ({
          id: row.id,
          channel: row.channel,
          recipient: row.recipient,
          subject: row.subject,
          // Not sent yet: the sealed original, so a developer can open its link.
          body: row.original?.body ?? row.body,
          template: row.template,
          status: row.status,
          lastError: row.last_error,
          providerStatus: row.provider_status,
          bookingId: row.booking_id,
          createdAt: row.created_at.toISOString(),
          secret: row.secretState,
          secretNote: secretNoteOf(row),
        })),
        nextBeforeId: rows.length === request.query.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    });
  };
}

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
