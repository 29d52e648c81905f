import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Database } from './create-db.ts';
import { FieldCrypto, isEncrypted } from './field-crypto.ts';
import { migrateTo, migrationNames, migrationStatus, rollbackOne } from './migrate.ts';
import { openOutboxContent } from './outbox-secrets.ts';
import { contactIndex, PII_COLUMNS } from './pii.ts';
import { encryptPlaintextPii, reencryptPii, restorePlaintextForRollback } from './pii-backfill.ts';
import { createEmptyDatabase } from './testing.ts';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const OLD_KEY = key('old');
const NEW_KEY = key('new');
const PEPPER = randomBytes(32).toString('base64');
const oldRing = FieldCrypto.fromConfig({ keys: OLD_KEY, pepper: PEPPER });
const rotated = FieldCrypto.fromConfig({ keys: `${NEW_KEY},${OLD_KEY}`, pepper: PEPPER });

const TOKEN = randomBytes(24).toString('base64url');
const CUSTOMERS = 7;

// Later migrations exist; this file works on 0024 as the newest one applied.
const PII_MIGRATION = '0024-pii-encryption';
const LATER = migrationNames.slice(migrationNames.indexOf(PII_MIGRATION) + 1);

let scratch: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Database;

beforeAll(async () => {
  scratch = await createEmptyDatabase(inject('adminUrl'));
  db = createDb({ url: scratch.url, max: 4 }).db;
  // The schema as it was before 0024, holding plaintext like a database of that time.
  await migrateTo(db, PII_MIGRATION);
  expect(await rollbackOne(db)).toEqual(['Down 0024-pii-encryption']);
  await insertLegacyRows(db);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

async function insertLegacyRows(target: Database): Promise<void> {
  for (let i = 0; i < CUSTOMERS; i += 1)
    await sql`insert into core.customers (name, email, email_normalized, phone, phone_normalized)
      values (${`Legacy ${i}`}, ${`Legacy.${i}@Example.com`}, ${`legacy.${i}@example.com`},
              ${`(510) 555-010${i}`}, ${`510555010${i}`})`.execute(target);
  await sql`insert into crm.leads (source, name, email, phone)
    values ('phone', 'Lead One', 'lead.one@example.com', '510-555-0199'),
           ('web', 'Lead Two', null, '(408) 555-0123'),
           ('web', 'Lead Three', 'lead.three@example.com', null)`.execute(target);
  await sql`insert into ai.conversations (channel, token_hash, state, phone)
    values ('sms', 'h1', '{}', '+14085550111'), ('web', 'h2', '{}', null)`.execute(target);
  await sql`insert into ai.sms_inbound (message_id, provider, from_phone, text)
    values ('m1', 'ringcentral', '+14085550111', 'STOP')`.execute(target);
  await sql`insert into marketing.consents (phone, email, channel, purpose, status, source)
    values ('+14085550111', null, 'sms', 'all', 'opted_out', 'sms_keyword:STOP'),
           (null, 'legacy.0@example.com', 'email', 'transactional', 'opted_in', 'booking_form')`.execute(
    target,
  );
  const link = `https://teppan.test/admin/reset-password?token=${TOKEN}`;
  await sql`insert into marketing.outbox (channel, recipient, subject, body, html, template, dedupe_key, status)
    values ('email', 'staff@example.com', 'Reset', ${`Reset: ${link}`}, ${`<a href="${link}">x</a>`},
            'staff.password_reset', 'legacy-unsent', 'recorded'),
           ('email', 'staff@example.com', 'Reset', ${`Reset: ${link}`}, null,
            'staff.password_reset', 'legacy-sent', 'sent'),
           ('sms', '+14085550111', null, 'You are unsubscribed.', null, 'sms_keyword_stop', 'legacy-sms', 'sent')`.execute(
    target,
  );
}

/** Every value of every contact column, as text, straight from the tables. */
async function storedContacts(): Promise<string[]> {
  const values: string[] = [];
  for (const column of PII_COLUMNS) {
    const { rows } = await sql<{ value: string | null }>`
      select ${sql.ref(column.column)}::text as value from ${sql.table(column.table)}`.execute(db);
    for (const row of rows) if (row.value !== null) values.push(row.value);
  }
  return values;
}

/** The whole outbox table as text, every column: where a token could hide. */
async function outboxText(): Promise<string> {
  const { rows } = await sql<{
    row: string;
  }>`select o::text as row from marketing.outbox o`.execute(db);
  return rows.map((r) => r.row).join('\n');
}

describe('encrypting rows from before migration 0024', () => {
  it('leaves plaintext after the schema migration, behind checks that are not valid yet', async () => {
    await migrateTo(db, PII_MIGRATION);
    expect((await migrationStatus(db)).pending).toEqual(LATER);
    expect((await storedContacts()).some((v) => !isEncrypted(v))).toBe(true);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_constraint where conname like '%\\_encrypted' and not convalidated`.execute(
      db,
    );
    expect(rows[0]?.n).toBe(PII_COLUMNS.length);
  });

  it('encrypts every contact once, even with two processes at it, and then validates the checks', async () => {
    const [a, b] = await Promise.all([
      encryptPlaintextPii(db, oldRing, { batchSize: 2 }),
      encryptPlaintextPii(db, oldRing, { batchSize: 2 }),
    ]);
    // One did the work (under the advisory lock), the other found nothing left.
    expect(a.total + b.total).toBe(CUSTOMERS + 3 + 1 + 1 + 2 + 3);

    const stored = await storedContacts();
    expect(stored.length).toBeGreaterThan(0);
    for (const value of stored) expect(value).toMatch(/^enc:v1:old:[\w-]+$/);

    const customers = await db.selectFrom('core.customers').selectAll().orderBy('name').execute();
    expect(customers.map((c) => oldRing.decrypt(c.email, 'core.customers.email'))).toEqual(
      Array.from({ length: CUSTOMERS }, (_, i) => `Legacy.${i}@Example.com`),
    );
    for (const c of customers) {
      const email = oldRing.decrypt(c.email, 'core.customers.email');
      expect(c.email_index).toBe(contactIndex(oldRing, 'email', email));
      const phone = oldRing.decrypt(c.phone, 'core.customers.phone');
      expect(c.phone_index).toBe(contactIndex(oldRing, 'phone', phone));
    }
    const conversation = await db
      .selectFrom('ai.conversations')
      .select(['phone_index'])
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(conversation.phone_index).toBe(contactIndex(oldRing, 'phone', '(408) 555-0111'));
    const consent = await db
      .selectFrom('marketing.consents')
      .select(['status', 'phone_index'])
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(consent).toEqual({
      status: 'opted_out',
      phone_index: contactIndex(oldRing, 'phone', '4085550111'),
    });
    const sms = await db
      .selectFrom('marketing.outbox')
      .select('recipient_index')
      .where('dedupe_key', '=', 'legacy-sms')
      .executeTakeFirstOrThrow();
    expect(sms.recipient_index).toBe(contactIndex(oldRing, 'phone', '4085550111'));

    // Valid checks: PostgreSQL itself now refuses plaintext, and every later start is a no-op.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_constraint where conname like '%\\_encrypted' and not convalidated`.execute(
      db,
    );
    expect(rows[0]?.n).toBe(0);
    await expect(
      sql`insert into core.customers (name, email, email_index, phone, phone_index)
        values ('Plain', 'plain@example.com', 'plain@example.com', '5105550000', '5105550000')`.execute(
        db,
      ),
    ).rejects.toThrow(/customers_email_encrypted|check constraint/);
    await expect(
      sql`update crm.leads set phone = '510-555-0000' where name = 'Lead Two'`.execute(db),
    ).rejects.toThrow(/leads_phone_encrypted|check constraint/);
    expect((await encryptPlaintextPii(db, oldRing)).total).toBe(0);
  });

  it('strips reset tokens from old outbox rows; an unsent one keeps its original sealed', async () => {
    expect(await outboxText()).not.toContain(TOKEN);
    const rows = await db
      .selectFrom('marketing.outbox')
      .select(['dedupe_key', 'body', 'sealed', 'secrets_expire_at'])
      .orderBy('id')
      .execute();
    const unsent = rows.find((r) => r.dedupe_key === 'legacy-unsent');
    expect(unsent?.body).toBe('Reset: https://teppan.test/admin/reset-password?token=[removed]');
    expect(openOutboxContent(oldRing, unsent?.sealed ?? '').body).toContain(TOKEN);
    expect(unsent?.secrets_expire_at?.getTime()).toBeGreaterThan(Date.now());
    const sent = rows.find((r) => r.dedupe_key === 'legacy-sent');
    expect(sent).toMatchObject({ sealed: null });
    expect(sent?.secrets_expire_at).toBeInstanceOf(Date);
    expect(rows.find((r) => r.dedupe_key === 'legacy-sms')).toMatchObject({
      sealed: null,
      secrets_expire_at: null,
    });
  });
});

describe('key rotation', () => {
  it('re-encrypts every value under the new first key; both keys read during it', async () => {
    // Mid-rotation: a row written under the new key beside rows still under the old one.
    await sql`insert into core.customers (name, email, email_index, phone, phone_index)
      values ('Newer', ${rotated.encrypt('newer@example.com', 'core.customers.email')},
              ${contactIndex(rotated, 'email', 'newer@example.com')},
              ${rotated.encrypt('5105550999', 'core.customers.phone')},
              ${contactIndex(rotated, 'phone', '5105550999')})`.execute(db);
    const before = await db.selectFrom('core.customers').selectAll().orderBy('name').execute();
    const readable = before.map((c) => rotated.decrypt(c.email, 'core.customers.email'));
    expect(readable).toContain('newer@example.com');
    expect(readable).toContain('Legacy.0@Example.com');

    const result = await reencryptPii(db, rotated, { batchSize: 3 });
    expect(result.rows['core.customers']).toBe(CUSTOMERS);
    for (const value of await storedContacts()) expect(value).toMatch(/^enc:v1:new:/);
    const sealed = await db
      .selectFrom('marketing.outbox')
      .select('sealed')
      .where('sealed', 'is not', null)
      .execute();
    expect(sealed.length).toBe(1);
    for (const row of sealed) expect(row.sealed).toMatch(/^enc:v1:new:/);

    const after = await db.selectFrom('core.customers').selectAll().orderBy('name').execute();
    expect(after.map((c) => rotated.decrypt(c.email, 'core.customers.email'))).toEqual(readable);
    // Indexes are untouched (same pepper), so lookups keep working throughout.
    expect(after.map((c) => c.email_index)).toEqual(before.map((c) => c.email_index));
    // The old key alone can no longer read anything: the values really were rewritten.
    expect(() => oldRing.decrypt(after[0]?.email ?? '', 'core.customers.email')).toThrow(/"new"/);
    // Nothing left for a second run.
    expect((await reencryptPii(db, rotated)).total).toBe(0);
  });

  it('`npm run db:reencrypt --reindex` rewrites the blind indexes for a new pepper', async () => {
    const pepper = randomBytes(32).toString('base64');
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', cli, 'reencrypt', '--reindex'],
      {
        env: {
          ...process.env,
          DATABASE_URL: scratch.url,
          ENCRYPTION_KEYS: `${NEW_KEY},${OLD_KEY}`,
          HASH_PEPPER: pepper,
        },
      },
    );
    expect(stdout).toMatch(/every value is now under key "new"/);
    const repeppered = FieldCrypto.fromConfig({ keys: NEW_KEY, pepper });
    const customers = await db.selectFrom('core.customers').selectAll().execute();
    for (const c of customers)
      expect(c.email_index).toBe(
        contactIndex(repeppered, 'email', repeppered.decrypt(c.email, 'core.customers.email')),
      );
    const consent = await db
      .selectFrom('marketing.consents')
      .select('phone_index')
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(consent.phone_index).toBe(contactIndex(repeppered, 'phone', '4085550111'));
  });
});

describe('rolling back 0024', () => {
  it('refuses without the keys, and with them restores the plaintext schema', async () => {
    await migrateTo(db, PII_MIGRATION); // the CLI runs above migrated to the latest
    await expect(rollbackOne(db)).rejects.toThrow(/0024-pii-encryption failed/);
    expect((await migrationStatus(db)).pending).toEqual(LATER);

    const ring = FieldCrypto.fromConfig({ keys: `${NEW_KEY},${OLD_KEY}`, pepper: PEPPER });
    await restorePlaintextForRollback(db, ring, { batchSize: 2 });
    expect(await rollbackOne(db)).toEqual(['Down 0024-pii-encryption']);
    const { rows } = await sql<{
      email: string;
      email_normalized: string;
      phone_normalized: string;
    }>`
      select email, email_normalized, phone_normalized from core.customers
      where name = 'Legacy 3'`.execute(db);
    expect(rows).toEqual([
      {
        email: 'Legacy.3@Example.com',
        email_normalized: 'legacy.3@example.com',
        phone_normalized: '5105550103',
      },
    ]);
    const { rows: outbox } = await sql<{ body: string }>`
      select body from marketing.outbox where dedupe_key = 'legacy-unsent'`.execute(db);
    expect(outbox[0]?.body).toContain(TOKEN);

    // And forward again: the backfill encrypts it all once more.
    await migrateTo(db, PII_MIGRATION);
    await encryptPlaintextPii(db, ring);
    for (const value of await storedContacts()) expect(value).toMatch(/^enc:v1:new:/);
  });
});
