import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { AppError } from '../../errors.ts';
import { KeyedSerialQueue } from '../../lib/keyed-serial-queue.ts';
import { Semaphore } from '../../lib/semaphore.ts';
import {
  ConversationsRepository,
  type ConversationPatch,
  type ConversationRow,
} from './conversations.repository.ts';

/**
 * Longer than any turn takes: its statements and checkouts are bounded by the DB_* timeouts
 * and the model by LLM_TIMEOUT_MS. A lease left by a crashed process frees itself after this.
 */
export const TURN_LEASE_MS = 30_000;
/** How long a turn waits for a lease held by another process before answering busy. */
export const TURN_WAIT_MS = 10_000;

/** One turn's hold on a conversation: the row as it claimed it. */
export interface TurnLease {
  readonly id: string;
  readonly conversationId: string;
  readonly version: number;
  readonly row: ConversationRow;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the turns of one conversation one at a time without holding a connection, a lock or
 * a transaction while a turn works (ADR 0014). In this process turns of a conversation wait
 * in memory, in arrival order; across processes a lease on the row (claimed and released by
 * single statements) orders them. A turn reads its state when it claims the lease, runs
 * its tools with nothing held, and saves in one short transaction that checks the lease and
 * the version it read.
 */
export class ConversationTurns {
  private readonly queue = new KeyedSerialQueue();
  private readonly released = new WeakSet<TurnLease>();
  private readonly assistantSlots: Semaphore;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: {
      /**
       * Assistant turns running at once in this process (ASSISTANT_MAX_CONCURRENT_TURNS). A
       * turn uses one connection at a time, so a burst of chat leaves the rest of the pool,
       * and most of the event loop, to quotes, bookings and /readyz.
       */
      maxAssistantTurns: number;
      /** The repository decrypts the row's phone (ADR 0016). */
      fieldCrypto: FieldCrypto;
      leaseMs?: number;
      waitMs?: number;
    },
  ) {
    this.assistantSlots = new Semaphore(options.maxAssistantTurns);
  }

  /** Turns of this conversation waiting or running in this process. */
  waiting(conversationId: string): number {
    return this.queue.pending(conversationId);
  }

  /**
   * `work` as the conversation's only turn. An assistant turn (tools, a model) also waits
   * for one of the process's assistant places; a staff action (a few statements) does not.
   */
  run<T>(
    conversationId: string,
    work: (lease: TurnLease) => Promise<T>,
    options: { isAssistantTurn: boolean },
  ): Promise<T> {
    const turn = async () => {
      const lease = await this.claim(conversationId);
      try {
        return await work(lease);
      } finally {
        if (!this.released.has(lease)) await this.release(lease);
      }
    };
    return this.queue.run(conversationId, () =>
      options.isAssistantTurn ? this.assistantSlots.run(turn) : turn(),
    );
  }

  /**
   * Writes the turn's records (`write`) and the patch in one short transaction and gives
   * the lease back. A lease lost meanwhile (it outlived TURN_LEASE_MS and another process
   * took it) writes nothing and answers CONVERSATION_BUSY.
   */
  async save<T>(
    lease: TurnLease,
    write: (trx: Transaction<DB>) => Promise<{ result: T; patch: ConversationPatch }>,
  ): Promise<T> {
    const result = await this.db.transaction().execute(async (trx) => {
      const written = await write(trx);
      const isSaved = await new ConversationsRepository(trx, this.options.fieldCrypto).saveTurn(
        lease,
        written.patch,
      );
      if (!isSaved) throw new AppError('CONVERSATION_BUSY', undefined, { retryAfterSeconds: 5 });
      return written.result;
    });
    this.released.add(lease);
    return result;
  }

  private async claim(conversationId: string): Promise<TurnLease> {
    const repo = new ConversationsRepository(this.db, this.options.fieldCrypto);
    const id = randomUUID();
    const ms = this.options.leaseMs ?? TURN_LEASE_MS;
    const deadline = Date.now() + (this.options.waitMs ?? TURN_WAIT_MS);
    for (let attempt = 0; ; attempt += 1) {
      const row = await repo.claimTurn(conversationId, { id, ms });
      if (row) return { id, conversationId, version: row.version, row };
      if (attempt === 0 && !(await repo.find(conversationId)))
        throw new AppError('CONVERSATION_NOT_FOUND');
      // Held by another process: poll with back-off, holding nothing meanwhile.
      if (Date.now() >= deadline)
        throw new AppError('CONVERSATION_BUSY', undefined, { retryAfterSeconds: 5 });
      await sleep(Math.min(20 * 2 ** attempt, 250));
    }
  }

  private async release(lease: TurnLease): Promise<void> {
    try {
      await new ConversationsRepository(this.db, this.options.fieldCrypto).releaseTurn(
        lease.conversationId,
        lease.id,
      );
    } catch {
      // The database is failing anyway (the turn's own error is the one to report); the
      // lease frees itself after TURN_LEASE_MS.
    }
  }
}
