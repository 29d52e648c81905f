import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

/** Invitations: one-time tokens of purpose `invitation`, with who sent them. */
export class StaffInvitationsRepository {
  constructor(private readonly db: Executor) {}

  private invitations() {
    return this.db
      .selectFrom('identity.one_time_tokens as t')
      .leftJoin('identity.staff as by', 'by.id', 't.created_by')
      .select([
        't.id',
        't.email',
        't.name',
        't.role',
        't.station_ids',
        't.expires_at',
        't.created_at',
        't.used_at',
        't.revoked_at',
        'by.name as invited_by_name',
      ])
      .where('t.purpose', '=', 'invitation');
  }

  /**
   * Open invitations (not accepted, withdrawn or expired); `stationIds` limits them to those
   * whose every station is in the list: the ones such an actor could have sent.
   */
  listOpenInvitations(options: { now: Date; stationIds?: readonly string[] }) {
    let query = this.invitations()
      .where('t.used_at', 'is', null)
      .where('t.revoked_at', 'is', null)
      .where('t.expires_at', '>', options.now)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id');
    if (options.stationIds) {
      const ids = [...options.stationIds];
      if (ids.length === 0) return Promise.resolve([]);
      query = query.where(sql<boolean>`t.station_ids <@ ${sql.val(ids)}::text[]`);
    }
    return query.execute();
  }

  findInvitation(id: string) {
    return this.invitations().where('t.id', '=', id).executeTakeFirst();
  }

  /** Withdraws an open invitation; false when it was accepted, withdrawn or expired first. */
  async revokeInvitation(options: { id: string; revokedBy: string; now: Date }): Promise<boolean> {
    const row = await this.db
      .updateTable('identity.one_time_tokens')
      .set({ revoked_at: options.now, revoked_by: options.revokedBy })
      .where('purpose', '=', 'invitation')
      .where('id', '=', options.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', options.now)
      .returning('id')
      .executeTakeFirst();
    return Boolean(row);
  }
}

export type InvitationListRow = Awaited<
  ReturnType<StaffInvitationsRepository['listOpenInvitations']>
>[number];
