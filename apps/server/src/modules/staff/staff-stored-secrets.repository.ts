import type { Executor } from '../../lib/db.ts';

/** The start-up step that seals TOTP seeds and peppers backup codes stored before F5. */
export class StaffStoredSecretsRepository {
  constructor(private readonly db: Executor) {}

  listTotpSeeds() {
    return this.db
      .selectFrom('identity.staff')
      .select(['id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .orderBy('id')
      .execute();
  }

  /** Compare-and-set: another instance sealing the same row first wins, and that is fine. */
  async replaceTotpSeed(options: { id: string; from: string; to: string }): Promise<boolean> {
    const row = await this.db
      .updateTable('identity.staff')
      .set({ totp_secret: options.to })
      .where('id', '=', options.id)
      .where('totp_secret', '=', options.from)
      .returning('id')
      .executeTakeFirst();
    return Boolean(row);
  }

  /** Backup codes still stored as a plain SHA-256 (written before peppering). */
  listUnpepperedBackupCodes() {
    return this.db
      .selectFrom('identity.backup_codes')
      .select(['id', 'code_hash'])
      .where('is_peppered', '=', false)
      .orderBy('id')
      .execute();
  }

  async pepperBackupCode(options: { id: string; from: string; to: string }): Promise<boolean> {
    const row = await this.db
      .updateTable('identity.backup_codes')
      .set({ code_hash: options.to, is_peppered: true })
      .where('id', '=', options.id)
      .where('code_hash', '=', options.from)
      .where('is_peppered', '=', false)
      .returning('id')
      .executeTakeFirst();
    return Boolean(row);
  }
}
