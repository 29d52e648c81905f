import argon2 from 'argon2';
import type { Database } from './create-db.ts';

/**
 * The demo super admin (issue F3): belongs to every station so station-scoped screens show
 * data. Idempotent: a re-run resets the password and role, keeps the id and sessions, and
 * adds stations created since.
 */
export async function seedDemoStaff(
  db: Database,
  options: { email: string; password: string; stationCode: string },
): Promise<{ staffId: string; email: string }> {
  const email = options.email.trim().toLowerCase();
  const passwordHash = await argon2.hash(options.password, { type: argon2.argon2id });
  return db.transaction().execute(async (trx) => {
    const station = await trx
      .selectFrom('core.stations')
      .select('id')
      .where('code', '=', options.stationCode)
      .executeTakeFirst();
    if (!station) throw new Error(`seedDemoStaff: station ${options.stationCode} does not exist`);
    const staff = await trx
      .insertInto('identity.staff')
      .values({ email, name: 'Demo Admin', role: 'super_admin', password_hash: passwordHash })
      .onConflict((oc) =>
        oc.column('email').doUpdateSet({
          role: 'super_admin',
          password_hash: passwordHash,
          is_active: true,
          failed_attempts: 0,
          locked_until: null,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const stations = await trx.selectFrom('core.stations').select('id').execute();
    await trx
      .insertInto('identity.staff_stations')
      .values(stations.map((row) => ({ staff_id: staff.id, station_id: row.id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    return { staffId: staff.id, email };
  });
}
