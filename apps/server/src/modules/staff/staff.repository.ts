import { sql, type Updateable } from 'kysely';
import type { DB } from '@teppan/db';
import type { Executor } from '../../lib/db.ts';

/** Columns safe to hand to the rest of the server: no hashes, no TOTP seed. */
const publicColumns = [
  'id',
  'email',
  'name',
  'role',
  'is_active',
  'totp_enabled_at',
  'last_login_at',
  'created_at',
] as const;

/**
 * The station ids of a staff member, sorted, as the column `alias`; `staffId` names the
 * column holding the staff id in the query (e.g. `s.id`). Also used by api-keys.repository.ts.
 */
export function staffStationIdsColumn<Alias extends string>(staffId: string, alias: Alias) {
  return sql<
    string[]
  >`coalesce(array(select ss.station_id::text from identity.staff_stations ss where ss.staff_id = ${sql.ref(staffId)} order by ss.station_id), '{}')`.as(
    alias,
  );
}

export type OneTimeTokenPurpose = 'password_reset' | 'invitation';

export class StaffRepository {
  constructor(private readonly db: Executor) {}

  findById(id: string) {
    return this.db
      .selectFrom('identity.staff')
      .select(publicColumns)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The only query that reads secrets; used by sign-in and 2FA checks. */
  private selectCredentials() {
    return this.db
      .selectFrom('identity.staff')
      .select([...publicColumns, 'password_hash', 'totp_secret', 'totp_last_step']);
  }

  findCredentialsByEmail(email: string) {
    return this.selectCredentials().where('email', '=', email).executeTakeFirst();
  }

  findCredentialsById(id: string) {
    return this.selectCredentials().where('id', '=', id).executeTakeFirst();
  }

  async isEmailTaken(email: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('identity.staff')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    return Boolean(row);
  }

  async stationIdsOf(staffId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('identity.staff_stations')
      .select('station_id')
      .where('staff_id', '=', staffId)
      .orderBy('station_id')
      .execute();
    return rows.map((row) => row.station_id);
  }

  listStations(options: { ids?: readonly string[] } = {}) {
    let query = this.db.selectFrom('core.stations').select(['id', 'code', 'name']).orderBy('code');
    if (options.ids) {
      if (options.ids.length === 0) return Promise.resolve([]);
      query = query.where('id', 'in', [...options.ids]);
    }
    return query.execute();
  }

  /** Staff with their station ids; `stationIds` limits the list to staff sharing one. */
  list(options: { stationIds?: readonly string[] } = {}) {
    let query = this.db
      .selectFrom('identity.staff as s')
      .select(publicColumns.map((column) => `s.${column}` as const))
      .select(staffStationIdsColumn('s.id', 'station_ids'))
      .orderBy('s.email');
    if (options.stationIds) {
      const ids = [...options.stationIds];
      if (ids.length === 0) return Promise.resolve([]);
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('identity.staff_stations as scope')
            .select('scope.staff_id')
            .whereRef('scope.staff_id', '=', 's.id')
            .where('scope.station_id', 'in', ids),
        ),
      );
    }
    return query.execute();
  }

  async insert(staff: {
    email: string;
    name: string;
    role: string;
    passwordHash: string;
  }): Promise<string> {
    const row = await this.db
      .insertInto('identity.staff')
      .values({
        email: staff.email,
        name: staff.name,
        role: staff.role,
        password_hash: staff.passwordHash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async replaceStations(staffId: string, stationIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('identity.staff_stations').where('staff_id', '=', staffId).execute();
    if (stationIds.length === 0) return;
    await this.db
      .insertInto('identity.staff_stations')
      .values(stationIds.map((stationId) => ({ staff_id: staffId, station_id: stationId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** An update of one staff row; callers add their conditions and run it. */
  private updateStaff(id: string, values: Updateable<DB['identity.staff']>) {
    return this.db.updateTable('identity.staff').set(values).where('id', '=', id);
  }

  async update(
    id: string,
    patch: { role?: string; isActive?: boolean; name?: string; now: Date },
  ): Promise<void> {
    await this.updateStaff(id, {
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.isActive === undefined ? {} : { is_active: patch.isActive }),
      ...(patch.name === undefined ? {} : { name: patch.name }),
      updated_at: patch.now,
    }).execute();
  }

  async recordSuccessfulLogin(options: { staffId: string; now: Date }): Promise<void> {
    await this.updateStaff(options.staffId, { last_login_at: options.now }).execute();
  }

  async setPassword(options: { staffId: string; passwordHash: string; now: Date }): Promise<void> {
    await this.updateStaff(options.staffId, {
      password_hash: options.passwordHash,
      updated_at: options.now,
    }).execute();
  }

  /** `sealedSecret`: the seed sealed by StaffSecrets (a CHECK refuses anything else). */
  async setPendingTotpSecret(staffId: string, sealedSecret: string): Promise<void> {
    await this.updateStaff(staffId, {
      totp_secret: sealedSecret,
      totp_enabled_at: null,
      totp_last_step: null,
    })
      .where('totp_enabled_at', 'is', null)
      .execute();
  }

  async enableTotp(options: { staffId: string; step: number; now: Date }): Promise<boolean> {
    const row = await this.updateStaff(options.staffId, {
      totp_enabled_at: options.now,
      totp_last_step: options.step,
    })
      .where('totp_enabled_at', 'is', null)
      .where('totp_secret', 'is not', null)
      .returning('id')
      .executeTakeFirst();
    return Boolean(row);
  }

  async disableTotp(staffId: string): Promise<void> {
    await this.updateStaff(staffId, {
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
    }).execute();
    await this.db.deleteFrom('identity.backup_codes').where('staff_id', '=', staffId).execute();
  }

  /** Accepts a TOTP time step once: a code seen before (or an older one) is refused. */
  async claimTotpStep(options: { staffId: string; step: number }): Promise<boolean> {
    const row = await this.updateStaff(options.staffId, { totp_last_step: options.step })
      .where((eb) =>
        eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', options.step)]),
      )
      .returning('id')
      .executeTakeFirst();
    return Boolean(row);
  }

  async replaceBackupCodes(staffId: string, codeHashes: readonly string[]): Promise<void> {
    await this.db.deleteFrom('identity.backup_codes').where('staff_id', '=', staffId).execute();
    await this.db
      .insertInto('identity.backup_codes')
      .values(
        codeHashes.map((codeHash) => ({
          staff_id: staffId,
          code_hash: codeHash,
          is_peppered: true,
        })),
      )
      .execute();
  }

  /**
   * Single use under concurrency: only one request flips used_at. `codeHashes`: every form
   * the typed code may be stored in (StaffSecrets.backupCodeCandidates).
   */
  async useBackupCode(options: {
    staffId: string;
    codeHashes: readonly string[];
    now: Date;
  }): Promise<boolean> {
    const row = await this.db
      .updateTable('identity.backup_codes')
      .set({ used_at: options.now })
      .where('staff_id', '=', options.staffId)
      .where('code_hash', 'in', [...options.codeHashes])
      .where('is_peppered', '=', true)
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return Boolean(row);
  }

  async countUnusedBackupCodes(staffId: string): Promise<number> {
    const row = await this.db
      .selectFrom('identity.backup_codes')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('staff_id', '=', staffId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async insertSession(session: {
    id: string;
    staffId: string;
    csrfTokenHash: string;
    isTwoFactorVerified: boolean;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('identity.sessions')
      .values({
        id: session.id,
        staff_id: session.staffId,
        csrf_token_hash: session.csrfTokenHash,
        is_two_factor_verified: session.isTwoFactorVerified,
        ip: session.ip,
        user_agent: session.userAgent,
        created_at: session.now,
        last_seen_at: session.now,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  findSession(id: string) {
    return this.db
      .selectFrom('identity.sessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** One round trip per staff request: the session, its staff member and their stations. */
  findSessionWithStaff(id: string) {
    return this.db
      .selectFrom('identity.sessions as se')
      .innerJoin('identity.staff as s', 's.id', 'se.staff_id')
      .select([
        'se.id as session_id',
        'se.csrf_token_hash',
        'se.is_two_factor_verified',
        'se.expires_at',
        'se.revoked_at',
        'se.last_seen_at',
        's.id',
        's.email',
        's.name',
        's.role',
        's.is_active',
        's.totp_enabled_at',
      ])
      .select(staffStationIdsColumn('s.id', 'station_ids'))
      .where('se.id', '=', id)
      .executeTakeFirst();
  }

  private updateSession(id: string, values: Updateable<DB['identity.sessions']>) {
    return this.db.updateTable('identity.sessions').set(values).where('id', '=', id);
  }

  async touchSession(options: { id: string; now: Date }): Promise<void> {
    await this.updateSession(options.id, { last_seen_at: options.now }).execute();
  }

  async markSessionTwoFactorVerified(id: string): Promise<void> {
    await this.updateSession(id, { is_two_factor_verified: true }).execute();
  }

  async revokeSession(options: { id: string; now: Date }): Promise<void> {
    await this.updateSession(options.id, { revoked_at: options.now })
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllSessions(options: { staffId: string; now: Date }): Promise<number> {
    const rows = await this.db
      .updateTable('identity.sessions')
      .set({ revoked_at: options.now })
      .where('staff_id', '=', options.staffId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return rows.length;
  }

  async insertToken(token: {
    purpose: OneTimeTokenPurpose;
    tokenHash: string;
    expiresAt: Date;
    staffId?: string;
    invitation?: { email: string; name: string; role: string; stationIds: readonly string[] };
    createdBy?: string;
  }): Promise<string> {
    const row = await this.db
      .insertInto('identity.one_time_tokens')
      .values({
        purpose: token.purpose,
        token_hash: token.tokenHash,
        expires_at: token.expiresAt,
        staff_id: token.staffId ?? null,
        email: token.invitation?.email ?? null,
        name: token.invitation?.name ?? null,
        role: token.invitation?.role ?? null,
        station_ids: token.invitation ? [...token.invitation.stationIds] : null,
        created_by: token.createdBy ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Marks a live token used and returns it; revoked, expired, reused or unknown → undefined. */
  consumeToken(options: { purpose: OneTimeTokenPurpose; tokenHash: string; now: Date }) {
    return this.db
      .updateTable('identity.one_time_tokens')
      .set({ used_at: options.now })
      .where('purpose', '=', options.purpose)
      .where('token_hash', '=', options.tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', options.now)
      .returningAll()
      .executeTakeFirst();
  }

  /** Why a token did not work: only whether it was revoked matters to the caller. */
  async isTokenRevoked(options: {
    purpose: OneTimeTokenPurpose;
    tokenHash: string;
  }): Promise<boolean> {
    const row = await this.db
      .selectFrom('identity.one_time_tokens')
      .select('revoked_at')
      .where('purpose', '=', options.purpose)
      .where('token_hash', '=', options.tokenHash)
      .executeTakeFirst();
    return Boolean(row?.revoked_at);
  }

  /**
   * Holds the staff row until the transaction ends, so two reset requests for one account
   * run one after the other and exactly one link stays live.
   */
  async lockStaff(staffId: string): Promise<void> {
    await this.db
      .selectFrom('identity.staff')
      .select('id')
      .where('id', '=', staffId)
      .forNoKeyUpdate()
      .executeTakeFirst();
  }

  /** Supersedes every open reset link of the account; returns how many. */
  async revokeOpenResetTokens(options: { staffId: string; now: Date }): Promise<number> {
    const rows = await this.db
      .updateTable('identity.one_time_tokens')
      .set({ revoked_at: options.now })
      .where('purpose', '=', 'password_reset')
      .where('staff_id', '=', options.staffId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return rows.length;
  }
}

export type StaffRow = NonNullable<Awaited<ReturnType<StaffRepository['findById']>>>;
export type StaffCredentialsRow = NonNullable<
  Awaited<ReturnType<StaffRepository['findCredentialsById']>>
>;
export type StaffListRow = Awaited<ReturnType<StaffRepository['list']>>[number];
export type { InvitationListRow } from './staff-invitations.repository.ts';
export type SessionRow = NonNullable<Awaited<ReturnType<StaffRepository['findSession']>>>;
