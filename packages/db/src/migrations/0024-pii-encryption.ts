import { sql, type Kysely } from 'kysely';

// Customer email and phone encrypted at rest, with blind indexes for exact lookups, and the
// secrets of outbox messages sealed until sent (issue F5, docs/decisions/0016). Migrations
// hold no keys, so this one only reshapes the schema: the rows are encrypted by the
// batched, idempotent backfill in ../pii-backfill.ts, which the runtime and `npm run
// db:migrate` run right after it. Each CHECK below starts NOT VALID (every new or updated row
// must already be encrypted; old rows wait for the backfill), and the backfill validates it
// once no plaintext is left, after which PostgreSQL itself guarantees none comes back.

const HEX64 = sql.raw(`'^[0-9a-f]{64}$'`);
const SEALED = sql.raw(`'enc:v1:%'`);

/**
 * Table, constraint name, condition. ../pii.ts names the same constraints per column; the
 * backfill (../pii-backfill.ts) validates them, and re-adds one a half-done rollback removed.
 */
export const PII_CHECKS = [
  [
    'core.customers',
    'customers_email_encrypted',
    sql`email like ${SEALED} and email_index ~ ${HEX64}`,
  ],
  [
    'core.customers',
    'customers_phone_encrypted',
    sql`phone like ${SEALED} and phone_index ~ ${HEX64}`,
  ],
  [
    'crm.leads',
    'leads_email_encrypted',
    sql`(email is null or email like ${SEALED}) and (email_index is null or email_index ~ ${HEX64})`,
  ],
  [
    'crm.leads',
    'leads_phone_encrypted',
    sql`(phone is null or phone like ${SEALED}) and (phone_index is null or phone_index ~ ${HEX64})`,
  ],
  [
    'ai.conversations',
    'conversations_phone_encrypted',
    sql`(phone is null or phone like ${SEALED}) and (phone_index is null or phone_index ~ ${HEX64})`,
  ],
  ['ai.sms_inbound', 'sms_inbound_from_phone_encrypted', sql`from_phone like ${SEALED}`],
  [
    'marketing.consents',
    'consents_email_encrypted',
    sql`(email is null or email like ${SEALED}) and (email_index is null or email_index ~ ${HEX64})`,
  ],
  [
    'marketing.consents',
    'consents_phone_encrypted',
    sql`(phone is null or phone like ${SEALED}) and (phone_index is null or phone_index ~ ${HEX64})`,
  ],
  [
    'marketing.outbox',
    'outbox_recipient_encrypted',
    sql`recipient like ${SEALED} and (recipient_index is null or recipient_index ~ ${HEX64})`,
  ],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // core.customers: the normalised copies become keyed hashes. Renamed, not re-added, so the
  // unique email constraint and the phone index carry over, and a query still naming
  // email_normalized fails to compile instead of comparing plaintext with a hash.
  await sql`drop index core.customers_email_trgm_idx`.execute(db);
  await sql`drop index core.customers_phone_trgm_idx`.execute(db);
  await sql`alter table core.customers rename column email_normalized to email_index`.execute(db);
  await sql`alter table core.customers rename column phone_normalized to phone_index`.execute(db);
  await sql`alter table core.customers rename constraint customers_email_normalized_key to customers_email_index_key`.execute(
    db,
  );
  await sql`alter index core.customers_phone_idx rename to customers_phone_index_idx`.execute(db);

  // crm.leads: exact lookups by index; names keep a trigram index for "part of a name".
  await sql`alter table crm.leads add column email_index text, add column phone_index text`.execute(
    db,
  );
  await sql`create index leads_email_index_idx on crm.leads (email_index) where email_index is not null`.execute(
    db,
  );
  await sql`create index leads_phone_index_idx on crm.leads (phone_index) where phone_index is not null`.execute(
    db,
  );
  await sql`create index leads_name_trgm_idx on crm.leads using gin (name gin_trgm_ops)`.execute(
    db,
  );
  // A customer's leads (detail, visibility, a search's lead-only customers) by id too.
  await sql`create index leads_customer_idx on crm.leads (customer_id) where customer_id is not null`.execute(
    db,
  );

  // ai.conversations: one SMS conversation per number, now per number's index.
  await sql`alter table ai.conversations add column phone_index text`.execute(db);
  await sql`drop index ai.conversations_sms_phone_idx`.execute(db);
  await sql`create unique index conversations_sms_phone_index_idx on ai.conversations (phone_index) where channel = 'sms'`.execute(
    db,
  );

  // marketing.consents: looked up by index; the ledger stays append-only except for how a
  // contact is stored (encrypting, re-encrypting under a new key, re-indexing).
  await sql`alter table marketing.consents add column phone_index text, add column email_index text`.execute(
    db,
  );
  await sql`drop index marketing.consents_phone_idx`.execute(db);
  await sql`drop index marketing.consents_email_idx`.execute(db);
  await sql`create index consents_phone_index_idx on marketing.consents (phone_index, channel, id desc) where phone_index is not null`.execute(
    db,
  );
  await sql`create index consents_email_index_idx on marketing.consents (email_index, channel, id desc) where email_index is not null`.execute(
    db,
  );
  await sql`
    create or replace function marketing.consents_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and (new.id, new.channel, new.purpose, new.status, new.source, new.text_shown, new.ip, new.at)
          is not distinct from
            (old.id, old.channel, old.purpose, old.status, old.source, old.text_shown, old.ip, old.at)
        and (new.phone is null) = (old.phone is null)
        and (new.email is null) = (old.email is null)
      then
        return new;
      end if;
      raise exception 'marketing.consents is append-only';
    end $$`.execute(db);

  // marketing.outbox: the recipient encrypted and indexed; a message carrying a secret (reset,
  // invitation, manage-booking link) keeps a copy without it in subject/body/html/attachments
  // and the original sealed (encrypted) until it is sent or secrets_expire_at passes.
  await sql`
    alter table marketing.outbox
      add column recipient_index text,
      add column sealed text,
      add column secrets_expire_at timestamptz,
      add constraint outbox_sealed_encrypted
        check (sealed is null or (sealed like ${SEALED} and secrets_expire_at is not null))`.execute(
    db,
  );
  await sql`create index outbox_recipient_index_idx on marketing.outbox (recipient_index, id desc) where recipient_index is not null`.execute(
    db,
  );
  await sql`create index outbox_sealed_expiry_idx on marketing.outbox (secrets_expire_at) where sealed is not null`.execute(
    db,
  );

  for (const [table, name, condition] of PII_CHECKS)
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(name)} check (${condition}) not valid`.execute(
      db,
    );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Without the keys this cannot turn ciphertext back into plaintext: `npm run db:rollback`
  // decrypts first (pii-backfill.ts: restorePlaintextForRollback). Refuse rather than leave
  // ciphertext where the older code expects an address.
  const { rows } = await sql<{ encrypted: boolean }>`
    select exists (select 1 from core.customers where email like ${SEALED} or phone like ${SEALED})
      or exists (select 1 from crm.leads where email like ${SEALED} or phone like ${SEALED})
      or exists (select 1 from ai.conversations where phone like ${SEALED})
      or exists (select 1 from ai.sms_inbound where from_phone like ${SEALED})
      or exists (select 1 from marketing.consents where email like ${SEALED} or phone like ${SEALED})
      or exists (select 1 from marketing.outbox where recipient like ${SEALED} or sealed is not null)
      as encrypted`.execute(db);
  if (rows[0]?.encrypted)
    throw new Error(
      '0024-pii-encryption: encrypted contact details remain; roll back with `npm run db:rollback`, which decrypts them first with ENCRYPTION_KEYS',
    );
  // `if exists`: restorePlaintextForRollback dropped them already.
  for (const [table, name] of [...PII_CHECKS].reverse())
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(name)}`.execute(
      db,
    );

  await sql`drop index marketing.outbox_sealed_expiry_idx`.execute(db);
  await sql`drop index marketing.outbox_recipient_index_idx`.execute(db);
  await sql`
    alter table marketing.outbox
      drop constraint outbox_sealed_encrypted,
      drop column secrets_expire_at,
      drop column sealed,
      drop column recipient_index`.execute(db);

  await sql`
    create or replace function marketing.consents_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'marketing.consents is append-only';
    end $$`.execute(db);
  await sql`drop index marketing.consents_email_index_idx`.execute(db);
  await sql`drop index marketing.consents_phone_index_idx`.execute(db);
  await sql`create index consents_phone_idx on marketing.consents (phone, channel, id desc) where phone is not null`.execute(
    db,
  );
  await sql`create index consents_email_idx on marketing.consents (email, channel, id desc) where email is not null`.execute(
    db,
  );
  await sql`alter table marketing.consents drop column email_index, drop column phone_index`.execute(
    db,
  );

  await sql`drop index ai.conversations_sms_phone_index_idx`.execute(db);
  await sql`create unique index conversations_sms_phone_idx on ai.conversations (phone) where channel = 'sms'`.execute(
    db,
  );
  await sql`alter table ai.conversations drop column phone_index`.execute(db);

  await sql`drop index crm.leads_customer_idx`.execute(db);
  await sql`drop index crm.leads_name_trgm_idx`.execute(db);
  await sql`drop index crm.leads_phone_index_idx`.execute(db);
  await sql`drop index crm.leads_email_index_idx`.execute(db);
  await sql`alter table crm.leads drop column phone_index, drop column email_index`.execute(db);

  await sql`alter index core.customers_phone_index_idx rename to customers_phone_idx`.execute(db);
  await sql`alter table core.customers rename constraint customers_email_index_key to customers_email_normalized_key`.execute(
    db,
  );
  await sql`alter table core.customers rename column phone_index to phone_normalized`.execute(db);
  await sql`alter table core.customers rename column email_index to email_normalized`.execute(db);
  await sql`create index customers_email_trgm_idx on core.customers using gin (email_normalized gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index customers_phone_trgm_idx on core.customers using gin (phone_normalized gin_trgm_ops)`.execute(
    db,
  );
}
