import PgBoss from 'pg-boss';
import { z } from 'zod';

export const SCHEDULED_MESSAGE_QUEUE = 'scheduled-message';

const scheduledMessagePayload = z.object({ id: z.uuid() });

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * pg-boss on the application database. Jobs only carry the id of a durable
 * core.scheduled_messages row; the row decides whether anything happens, so a stale,
 * duplicated or malformed job can never crash start-up or send twice.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: { connectionString: string; logger: JobLogger; sweepSeconds: number },
  ) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: 'pgboss',
      max: 4,
      application_name: 'teppan-jobs',
    });
    this.boss.on('error', (error: Error) => {
      // Connections dropping while we shut down are expected, not worth an error line.
      if (this.started) options.logger.error({ err: error }, 'job queue error');
    });
  }

  get isRunning(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Instances starting together race in pg-boss's queue DDL (deadlock or duplicate key);
    // creating a queue is idempotent, so retry with jitter instead of failing start-up.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.boss.createQueue(SCHEDULED_MESSAGE_QUEUE);
        break;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 8 || (code !== '40P01' && code !== '23505')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
      }
    }
    this.started = true;
  }

  async enqueueScheduledMessages(rows: readonly { id: string; due_at: Date }[]): Promise<void> {
    if (!this.started) return;
    for (const row of rows) {
      await this.boss.send(
        SCHEDULED_MESSAGE_QUEUE,
        { id: row.id },
        {
          startAfter: row.due_at,
          singletonKey: row.id,
          retryLimit: 5,
          retryBackoff: true,
          expireInSeconds: 300,
        },
      );
    }
  }

  /** Starts the worker side: queue consumer plus the sweeper for anything overdue. */
  async work(handlers: {
    processScheduledMessage: (id: string) => Promise<string>;
    sweepOverdue: () => Promise<number>;
    /** Delivers due outbox email (notifications relay); rides on the sweeper's interval. */
    relayEmail?: () => Promise<number>;
    /** Sends due outbox texts and reads the status of sent ones (SMS relay). */
    relaySms?: () => Promise<number>;
  }): Promise<void> {
    const { logger } = this.options;
    await this.boss.work<unknown>(
      SCHEDULED_MESSAGE_QUEUE,
      { batchSize: 10, pollingIntervalSeconds: 1 },
      async (jobs) => {
        for (const job of jobs) {
          const parsed = scheduledMessagePayload.safeParse(job.data);
          if (!parsed.success) {
            logger.warn({ jobId: job.id }, 'dropping malformed scheduled-message job');
            continue;
          }
          const outcome = await handlers.processScheduledMessage(parsed.data.id);
          logger.info(
            { scheduledMessageId: parsed.data.id, outcome },
            'scheduled message processed',
          );
        }
      },
    );
    const sweep = async () => {
      try {
        const count = await handlers.sweepOverdue();
        if (count > 0) logger.info({ count }, 'sweeper processed overdue messages');
      } catch (error) {
        logger.error({ err: error }, 'sweeper failed');
      }
      if (handlers.relayEmail)
        try {
          const sent = await handlers.relayEmail();
          if (sent > 0) logger.info({ sent }, 'email relayed from the outbox');
        } catch (error) {
          logger.error({ err: error }, 'email relay failed');
        }
      if (handlers.relaySms)
        try {
          const sent = await handlers.relaySms();
          if (sent > 0) logger.info({ sent }, 'texts relayed from the outbox');
        } catch (error) {
          logger.error({ err: error }, 'SMS relay failed');
        }
    };
    void sweep();
    this.sweeper = setInterval(() => void sweep(), this.options.sweepSeconds * 1000);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
