import { sql, type Kysely } from 'kysely';

// Staff identity (issue F3). Every secret is stored as a hash except the TOTP seed, which
// must be readable to check codes; only the staff repository's auth queries select it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table identity.staff (
      id uuid primary key default gen_random_uuid(),
      email text not null check (email = lower(email) and length(email) between 3 and 320),
      name text not null,
      password_hash text not null,
      role text not null
        check (role in ('super_admin','admin','customer_support','station_manager','chef')),
      is_active boolean not null default true,
      failed_attempts integer not null default 0 check (failed_attempts >= 0),
      locked_until timestamptz,
      totp_secret text,
      totp_enabled_at timestamptz,
      -- The last accepted TOTP time step: a code is accepted once (replay protection).
      totp_last_step bigint,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (totp_enabled_at is null or totp_secret is not null)
    )`.execute(db);
  await sql`create unique index staff_email_key on identity.staff (email)`.execute(db);

  await sql`
    create table identity.staff_stations (
      staff_id uuid not null references identity.staff(id) on delete cascade,
      station_id uuid not null references core.stations(id) on delete cascade,
      primary key (staff_id, station_id)
    )`.execute(db);
  await sql`create index staff_stations_station_idx on identity.staff_stations (station_id)`.execute(
    db,
  );

  // id is the sha256 of the cookie token: a leaked table does not yield usable cookies.
  await sql`
    create table identity.sessions (
      id text primary key check (id ~ '^[0-9a-f]{64}$'),
      staff_id uuid not null references identity.staff(id) on delete cascade,
      csrf_token_hash text not null,
      is_two_factor_verified boolean not null default false,
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index sessions_staff_idx on identity.sessions (staff_id) where revoked_at is null`.execute(
    db,
  );

  await sql`
    create table identity.backup_codes (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid not null references identity.staff(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      unique (staff_id, code_hash)
    )`.execute(db);

  await sql`
    create table identity.one_time_tokens (
      id uuid primary key default gen_random_uuid(),
      purpose text not null check (purpose in ('password_reset','invitation')),
      token_hash text not null unique,
      staff_id uuid references identity.staff(id) on delete cascade,
      email text check (email = lower(email)),
      name text,
      role text
        check (role in ('super_admin','admin','customer_support','station_manager','chef')),
      station_ids text[],
      created_by uuid references identity.staff(id) on delete set null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      check (
        (purpose = 'password_reset' and staff_id is not null)
        or (purpose = 'invitation' and email is not null and name is not null
            and role is not null and station_ids is not null)
      )
    )`.execute(db);

  // station_id null = every station (only a super admin may create such a key).
  await sql`
    create table identity.api_keys (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      prefix text not null unique,
      key_hash text not null,
      station_id uuid references core.stations(id) on delete cascade,
      created_by uuid references identity.staff(id) on delete set null,
      rotated_from_id uuid references identity.api_keys(id) on delete set null,
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table identity.api_keys`.execute(db);
  await sql`drop table identity.one_time_tokens`.execute(db);
  await sql`drop table identity.backup_codes`.execute(db);
  await sql`drop table identity.sessions`.execute(db);
  await sql`drop table identity.staff_stations`.execute(db);
  await sql`drop table identity.staff`.execute(db);
}
