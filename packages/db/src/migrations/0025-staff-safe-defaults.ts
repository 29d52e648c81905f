import { sql, type Kysely } from 'kysely';

/**
 * Safe defaults for staff accounts (issue F5 point 7, ADR 0017):
 * - sign-in failures counted per (account, IP) with growing delays, in a table keyed on a
 *   keyed hash of the email, so an unknown account is throttled exactly like a known one and
 *   nobody can lock a real admin out from another address (replaces the per-account
 *   failed_attempts / locked_until columns);
 * - TOTP seeds sealed with FieldCrypto: a NOT VALID check makes every new write sealed; rows
 *   written before this migration are sealed by the server's start-up step (the keys are not
 *   available here), which also re-seals seeds under an older key after a rotation;
 * - backup codes peppered (HMAC): `is_peppered` marks the rows still holding a plain SHA-256
 *   for that start-up step;
 * - one-time tokens can be revoked (invitations withdrawn, older reset links superseded);
 * - API keys carry explicit scopes; existing keys keep the two actions a key could do before.
 *
 * `down` restores the schema, not the old secrets: sealed seeds and peppered codes stay as
 * they are (no keys here), so staff with two-factor need it reset after rolling back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table identity.login_throttle (
      account_key text not null check (account_key ~ '^[0-9a-f]{64}$'),
      ip text not null,
      failures integer not null check (failures > 0),
      last_failed_at timestamptz not null,
      locked_until timestamptz,
      primary key (account_key, ip)
    )`.execute(db);
  await sql`create index login_throttle_stale_idx on identity.login_throttle (last_failed_at)`.execute(
    db,
  );
  await sql`alter table identity.staff drop column failed_attempts, drop column locked_until`.execute(
    db,
  );
  await sql`
    alter table identity.staff add constraint staff_totp_secret_sealed
      check (totp_secret is null or totp_secret like 'enc:v1:%') not valid`.execute(db);

  await sql`alter table identity.backup_codes add column is_peppered boolean not null default false`.execute(
    db,
  );

  await sql`
    alter table identity.one_time_tokens
      add column revoked_at timestamptz,
      add column revoked_by uuid references identity.staff(id) on delete set null,
      add constraint one_time_tokens_used_or_revoked check (used_at is null or revoked_at is null)`.execute(
    db,
  );
  await sql`
    create index one_time_tokens_open_reset_idx on identity.one_time_tokens (staff_id)
      where purpose = 'password_reset' and used_at is null and revoked_at is null`.execute(db);

  await sql`
    alter table identity.api_keys
      add column scopes text[] not null default '{}',
      add column revoked_reason text
        check (revoked_reason in ('revoked', 'creator_deactivated')),
      add constraint api_keys_revoked_reason check ((revoked_at is null) = (revoked_reason is null))`.execute(
    db,
  );
  await sql`update identity.api_keys set scopes = '{bookings.status,payments.confirm}'`.execute(db);
  await sql`update identity.api_keys set revoked_reason = 'revoked' where revoked_at is not null`.execute(
    db,
  );
  await sql`create index api_keys_live_creator_idx on identity.api_keys (created_by) where revoked_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index identity.api_keys_live_creator_idx`.execute(db);
  await sql`
    alter table identity.api_keys
      drop constraint api_keys_revoked_reason,
      drop column revoked_reason,
      drop column scopes`.execute(db);
  await sql`drop index identity.one_time_tokens_open_reset_idx`.execute(db);
  await sql`
    alter table identity.one_time_tokens
      drop constraint one_time_tokens_used_or_revoked,
      drop column revoked_by,
      drop column revoked_at`.execute(db);
  await sql`alter table identity.backup_codes drop column is_peppered`.execute(db);
  await sql`alter table identity.staff drop constraint staff_totp_secret_sealed`.execute(db);
  await sql`
    alter table identity.staff
      add column failed_attempts integer not null default 0 check (failed_attempts >= 0),
      add column locked_until timestamptz`.execute(db);
  await sql`drop table identity.login_throttle`.execute(db);
}
