import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './create-db.ts';
import { isEncrypted, type FieldCrypto } from './field-crypto.ts';
import type { DB } from './generated/db.ts';
import { PII_CHECKS } from './migrations/0024-pii-encryption.ts';
import {
  attachmentsOf,
  openOutboxContent,
  sealOutboxContent,
  withoutLinkTokens,
  type OutboxContent,
} from './outbox-secrets.ts';
import {
  contactIndex,
  contextOf,
  ENCRYPTED_COLUMNS,
  indexKindOf,
  normalizeEmail,
  normalizePhone,
  PII_COLUMNS,
  type EncryptedColumn,
} from './pii.ts';

/**
 * The data side of migration 0024 and of key rotation (docs/decisions/0016-pii-encryption.md).
 * Migrations hold no keys, so these run with a FieldCrypto after the schema migration: at
 * start-up (runtime) and in `npm run db:migrate`, `db:reencrypt` and `db:rollback`.
 *
 * Each works table by table in keyset batches of short transactions (rows locked only while
 * their batch is rewritten) and is idempotent: after a crash, or in a second process, it
 * resumes where the work stands. Processes serialise on a session advisory lock held on one
 * pinned connection, so instances starting together do the work once; every batch runs on
 * that same connection, never waiting for a second one.
 *
 * All encrypted columns of a row are rewritten in one UPDATE: a NOT VALID check is still
 * enforced on every updated row, so encrypting a customer's email alone would fail the check
 * on their still-plaintext phone.
 */

const LOCK_KEY = 'teppan.pii';
const SEALED_PATTERN = 'enc:v1:%';
/** How long an old outbox message keeps a usable link when it was never sent. */
const LEGACY_SECRET_DAYS = 7;

export interface PiiWorkOptions {
  batchSize?: number;
  log?: (message: string) => void;
}

export interface PiiWorkResult {
  /** Rows rewritten per table. */
  rows: Record<string, number>;
  total: number;
}

type Conn = Kysely<DB>;

interface TableGroup {
  table: string;
  key: EncryptedColumn['key'];
  columns: EncryptedColumn[];
  hasChannel: boolean;
}

function byTable(columns: readonly EncryptedColumn[]): TableGroup[] {
  const groups = new Map<string, TableGroup>();
  for (const column of columns) {
    const group = groups.get(column.table) ?? {
      table: column.table,
      key: column.key,
      columns: [],
      hasChannel: false,
    };
    group.columns.push(column);
    group.hasChannel ||= column.index?.kind === 'channel';
    groups.set(column.table, group);
  }
  return [...groups.values()];
}

async function withPiiLock<T>(db: Database, work: (conn: Conn) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    // A try-lock in a loop rather than pg_advisory_lock: a lock timeout on the role must not
    // turn "another instance is busy with this" into a failed start.
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`
        select pg_try_advisory_lock(hashtext(${LOCK_KEY})) as locked`.execute(conn);
      if (rows[0]?.locked) break;
      await sleep(250);
    }
    try {
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${LOCK_KEY}))`.execute(conn);
    }
  });
}

interface BatchRow {
  key: string;
  channel: string | null;
  /** Stored values, in the order of the group's columns. */
  values: (string | null)[];
}

/** A column's new value (and index); `undefined` leaves both as they are. */
type Rewrite = { value: string | null; index?: string | null } | undefined;

const keyCast = (group: TableGroup) => sql.raw(group.key.type);

/**
 * One keyset batch: rows after `after` (key order) that `where` selects, locked until the
 * batch's transaction ends. Keys travel as text and are cast back, so one query serves uuid,
 * bigint and text keys.
 */
async function readBatch(
  trx: Conn,
  group: TableGroup,
  options: { after: string | null; where: RawBuilder<unknown>; limit: number },
): Promise<BatchRow[]> {
  const key = sql.ref(group.key.column);
  const { rows } = await sql<Record<string, string | null>>`
    select ${key}::text as key,
      ${group.hasChannel ? sql.ref('channel') : sql`null::text`} as channel,
      ${sql.join(group.columns.map((c, i) => sql`${sql.ref(c.column)} as ${sql.id(`v${i}`)}`))}
    from ${sql.table(group.table)}
    where (${options.where})
      ${options.after === null ? sql`` : sql`and ${key} > ${options.after}::${keyCast(group)}`}
    order by ${key}
    limit ${options.limit}
    for update`.execute(trx);
  return rows.map((row) => ({
    key: String(row.key),
    channel: row.channel ?? null,
    values: group.columns.map((_, i) => row[`v${i}`] ?? null),
  }));
}

/**
 * One UPDATE per batch: per column a "set?" flag, the value and the index, unnested beside
 * the keys; a column whose flag is false keeps what it holds.
 */
async function writeBatch(
  trx: Conn,
  group: TableGroup,
  rows: readonly { key: string; columns: Rewrite[] }[],
): Promise<void> {
  const changed = rows.filter((row) => row.columns.some(Boolean));
  if (changed.length === 0) return;
  const arrays = [sql`${changed.map((r) => r.key)}::text[]`];
  const names = [sql.id('key')];
  const sets = group.columns.flatMap((column, i) => {
    const flag = sql.id(`s${i}`);
    const value = sql.id(`v${i}`);
    const index = sql.id(`x${i}`);
    arrays.push(
      sql`${changed.map((r) => r.columns[i] !== undefined)}::boolean[]`,
      sql`${changed.map((r) => r.columns[i]?.value ?? null)}::text[]`,
      sql`${changed.map((r) => r.columns[i]?.index ?? null)}::text[]`,
    );
    names.push(flag, value, index);
    const target = sql.ref(column.column);
    return [
      sql`${target} = case when v.${flag} then v.${value} else t.${target} end`,
      ...(column.index
        ? [
            sql`${sql.ref(column.index.column)} = case when v.${flag} then v.${index} else t.${sql.ref(column.index.column)} end`,
          ]
        : []),
    ];
  });
  await sql`
    update ${sql.table(group.table)} as t set ${sql.join(sets)}
    from unnest(${sql.join(arrays)}) as v(${sql.join(names)})
    where t.${sql.ref(group.key.column)} = v.key::${keyCast(group)}`.execute(trx);
}

/** Walks a table in keyset batches, each read and rewritten in its own short transaction. */
async function eachBatch(
  conn: Conn,
  group: TableGroup,
  options: { where: RawBuilder<unknown>; batchSize: number },
  rewrite: (trx: Conn, rows: BatchRow[]) => Promise<number>,
): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const rows = await conn.transaction().execute(async (trx) => {
      const batch = await readBatch(trx, group, {
        after,
        where: options.where,
        limit: options.batchSize,
      });
      count += await rewrite(trx, batch);
      return batch;
    });
    const last = rows.at(-1);
    if (!last || rows.length < options.batchSize) return count;
    after = last.key;
  }
}

const anyOf = (group: TableGroup, test: (column: EncryptedColumn) => RawBuilder<unknown>) =>
  sql.join(
    group.columns.map((c) => sql`(${test(c)})`),
    sql` or `,
  );

function indexFor(
  crypto: FieldCrypto,
  column: EncryptedColumn,
  channel: string | null,
  plain: string,
): string | null {
  return column.index ? contactIndex(crypto, indexKindOf(column.index, channel), plain) : null;
}

/**
 * Checks of migration 0024 that still wait for the backfill: not valid yet, or missing (a
 * rollback that decrypted its rows and then did not complete), which are added back.
 */
async function pendingChecks(conn: Conn): Promise<Map<string, 'not_valid' | 'missing'>> {
  const names = PII_CHECKS.map(([, name]) => name);
  const { rows } = await sql<{ conname: string; convalidated: boolean }>`
    select conname, convalidated from pg_constraint
    where conname = any(${names}::text[])`.execute(conn);
  const state = new Map(rows.map((r) => [r.conname, r.convalidated]));
  const pending = new Map<string, 'not_valid' | 'missing'>();
  for (const name of names) {
    const validated = state.get(name);
    if (validated === undefined) pending.set(name, 'missing');
    else if (!validated) pending.set(name, 'not_valid');
  }
  return pending;
}

/** NOT VALID first, then VALIDATE: the scan takes no lock that blocks reads or writes. */
async function validateChecks(
  conn: Conn,
  pending: ReadonlyMap<string, 'not_valid' | 'missing'>,
): Promise<void> {
  for (const [table, name, condition] of PII_CHECKS) {
    const state = pending.get(name);
    if (!state) continue;
    if (state === 'missing')
      await sql`alter table ${sql.table(table)} add constraint ${sql.id(name)} check (${condition}) not valid`.execute(
        conn,
      );
    await sql`alter table ${sql.table(table)} validate constraint ${sql.id(name)}`.execute(conn);
  }
}

/**
 * Encrypts every plaintext email and phone left from before migration 0024, fills the blind
 * indexes, strips link tokens from old outbox messages, then validates the checks, after
 * which PostgreSQL refuses plaintext in these columns. Returns at once when the checks are
 * already valid (every start after the first).
 */
export async function encryptPlaintextPii(
  db: Database,
  crypto: FieldCrypto,
  options: PiiWorkOptions = {},
): Promise<PiiWorkResult> {
  const batchSize = options.batchSize ?? 500;
  const result: PiiWorkResult = { rows: {}, total: 0 };
  if ((await pendingChecks(db)).size === 0) return result;
  return withPiiLock(db, async (conn) => {
    const pending = await pendingChecks(conn);
    for (const group of byTable(PII_COLUMNS)) {
      if (!group.columns.some((c) => c.check && pending.has(c.check))) continue;
      const count = await eachBatch(
        conn,
        group,
        {
          where: anyOf(group, (c) => sql`${sql.ref(c.column)} not like ${SEALED_PATTERN}`),
          batchSize,
        },
        async (trx, rows) => {
          await writeBatch(
            trx,
            group,
            rows.map((row) => ({
              key: row.key,
              columns: group.columns.map((column, i): Rewrite => {
                const value = row.values[i];
                if (value === null || value === undefined || isEncrypted(value)) return undefined;
                return {
                  value: crypto.encrypt(value, contextOf(column)),
                  index: indexFor(crypto, column, row.channel, value),
                };
              }),
            })),
          );
          if (group.table === 'marketing.outbox')
            await stripLegacyOutboxSecrets(
              trx,
              crypto,
              rows.map((r) => Number(r.key)),
            );
          return rows.length;
        },
      );
      if (count) options.log?.(`encrypted the contact details of ${count} ${group.table} row(s)`);
      result.rows[group.table] = count;
      result.total += count;
    }
    await validateChecks(conn, pending);
    return result;
  });
}

/**
 * Old outbox rows kept reset, invitation and manage links readable: every link token is
 * replaced; a message not yet sent keeps its original sealed for LEGACY_SECRET_DAYS after it
 * was recorded, so the relay can still deliver it.
 */
async function stripLegacyOutboxSecrets(
  trx: Conn,
  crypto: FieldCrypto,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await trx
    .selectFrom('marketing.outbox')
    .select(['id', 'status', 'body', 'html', 'attachments', 'created_at'])
    .where('id', 'in', ids)
    .where('sealed', 'is', null)
    .execute();
  for (const row of rows) {
    const original: OutboxContent = {
      body: row.body,
      html: row.html,
      attachments: attachmentsOf(row.attachments),
    };
    const { content, found } = withoutLinkTokens(original);
    if (!found) continue;
    const expiresAt = new Date(row.created_at.getTime() + LEGACY_SECRET_DAYS * 86_400_000);
    const keepsSecret = row.status === 'recorded' && expiresAt.getTime() > Date.now();
    await trx
      .updateTable('marketing.outbox')
      .set({
        body: content.body,
        html: content.html,
        attachments: JSON.stringify(content.attachments),
        sealed: keepsSecret ? sealOutboxContent(crypto, original) : null,
        // Set either way: the row had a secret, so the relay never sends the stripped copy.
        secrets_expire_at: keepsSecret ? expiresAt : sql<Date>`now()`,
      })
      .where('id', '=', row.id)
      .execute();
  }
}

const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Key rotation: every value not under the first key of the ring is decrypted (by whichever
 * key of the ring sealed it) and encrypted again under the first. Old values stay readable
 * throughout, since the ring still holds their key. `reindex` also recomputes every blind
 * index from the decrypted value, which a new HASH_PEPPER needs (procedure in the ADR).
 */
export async function reencryptPii(
  db: Database,
  crypto: FieldCrypto,
  options: PiiWorkOptions & { reindex?: boolean } = {},
): Promise<PiiWorkResult> {
  const batchSize = options.batchSize ?? 500;
  const result: PiiWorkResult = { rows: {}, total: 0 };
  const current = `enc:v1:${likeLiteral(crypto.currentKeyId)}:%`;
  return withPiiLock(db, async (conn) => {
    for (const group of byTable(ENCRYPTED_COLUMNS)) {
      const reindex = Boolean(options.reindex && group.columns.some((c) => c.index));
      const count = await eachBatch(
        conn,
        group,
        {
          where: reindex
            ? sql`true`
            : anyOf(group, (c) => sql`${sql.ref(c.column)} not like ${current}`),
          batchSize,
        },
        async (trx, rows) => {
          const changes = rows.map((row) => ({
            key: row.key,
            columns: group.columns.map((column, i): Rewrite => {
              const value = row.values[i];
              if (value === null || value === undefined) return undefined;
              const isCurrent = crypto.isCurrent(value);
              if (isCurrent && !(reindex && column.index)) return undefined;
              const plain = crypto.decrypt(value, contextOf(column));
              return {
                value: isCurrent ? value : crypto.encrypt(plain, contextOf(column)),
                index: indexFor(crypto, column, row.channel, plain),
              };
            }),
          }));
          await writeBatch(trx, group, changes);
          return changes.filter((c) => c.columns.some(Boolean)).length;
        },
      );
      if (count) options.log?.(`re-encrypted ${count} ${group.table} row(s)`);
      result.rows[group.table] = count;
      result.total += count;
    }
    return result;
  });
}

/**
 * Before migration 0024 is rolled back: its checks dropped, every value decrypted, the
 * customers' indexes turned back into the normalised copies the older schema expects, and
 * unsent outbox messages given back their sealed originals.
 */
export async function restorePlaintextForRollback(
  db: Database,
  crypto: FieldCrypto,
  options: PiiWorkOptions = {},
): Promise<PiiWorkResult> {
  const batchSize = options.batchSize ?? 500;
  const result: PiiWorkResult = { rows: {}, total: 0 };
  return withPiiLock(db, async (conn) => {
    for (const column of PII_COLUMNS)
      if (column.check)
        await sql`alter table ${sql.table(column.table)} drop constraint if exists ${sql.id(column.check)}`.execute(
          conn,
        );
    for (const group of byTable(ENCRYPTED_COLUMNS)) {
      const count = await eachBatch(
        conn,
        group,
        { where: anyOf(group, (c) => sql`${sql.ref(c.column)} like ${SEALED_PATTERN}`), batchSize },
        async (trx, rows) => {
          if (group.table === 'marketing.outbox') await unsealOutbox(trx, crypto, rows, group);
          await writeBatch(
            trx,
            group,
            rows.map((row) => ({
              key: row.key,
              columns: group.columns.map((column, i): Rewrite => {
                const value = row.values[i];
                if (column === OUTBOX_SEALED || value === null || value === undefined)
                  return undefined;
                if (!isEncrypted(value)) return undefined;
                const plain = crypto.decrypt(value, contextOf(column));
                // core.customers' index columns turn back into email_normalized and
                // phone_normalized; the other index columns are dropped by the down.
                const index =
                  column.table !== 'core.customers'
                    ? null
                    : column.column === 'email'
                      ? normalizeEmail(plain)
                      : normalizePhone(plain).slice(-10);
                return { value: plain, index };
              }),
            })),
          );
          return rows.length;
        },
      );
      result.rows[group.table] = count;
      result.total += count;
    }
    options.log?.(`decrypted ${result.total} row(s) for the rollback of 0024-pii-encryption`);
    return result;
  });
}

const OUTBOX_SEALED = ENCRYPTED_COLUMNS.find(
  (c) => c.table === 'marketing.outbox' && c.column === 'sealed',
);

/** Unsent messages get their original content back, the sealed copy cleared. */
async function unsealOutbox(
  trx: Conn,
  crypto: FieldCrypto,
  rows: readonly BatchRow[],
  group: TableGroup,
): Promise<void> {
  const at = group.columns.findIndex((c) => c === OUTBOX_SEALED);
  for (const row of rows) {
    const sealed = row.values[at];
    if (!sealed) continue;
    const content = openOutboxContent(crypto, sealed);
    await trx
      .updateTable('marketing.outbox')
      .set({
        body: content.body,
        html: content.html,
        attachments: JSON.stringify(content.attachments),
        sealed: null,
      })
      .where('id', '=', Number(row.key))
      .execute();
  }
}
