import argon2 from 'argon2';
import type { Transaction } from 'kysely';
import type { Database } from './create-db.ts';
import type { DB } from './generated/db.ts';

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
    await seedDemoChefAccount(trx, { adminEmail: email, passwordHash, stationId: station.id });
    return { staffId: staff.id, email };
  });
}

/** The demo chef whose schedule the chef account shows (first chef of the demo seed). */
export const DEMO_CHEF_EMAIL = 'kenji.tanaka@teppan.example';

/**
 * A chef's sign-in (role chef, same demo password) linked to the demo chef, so the panel can
 * be seen as a chef sees it: their own schedule and time off, no pay. `chef.<admin email>`,
 * e.g. chef.admin@teppan.local. Skipped when that chef is missing or linked elsewhere.
 */
async function seedDemoChefAccount(
  trx: Transaction<DB>,
  options: { adminEmail: string; passwordHash: string; stationId: string },
): Promise<void> {
  const chef = await trx
    .selectFrom('ops.chefs')
    .select(['id', 'staff_id'])
    .where('station_id', '=', options.stationId)
    .where('email', '=', DEMO_CHEF_EMAIL)
    .executeTakeFirst();
  if (!chef) return;
  const staff = await trx
    .insertInto('identity.staff')
    .values({
      email: `chef.${options.adminEmail}`,
      name: 'Kenji Tanaka',
      role: 'chef',
      password_hash: options.passwordHash,
    })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({
        role: 'chef',
        password_hash: options.passwordHash,
        is_active: true,
        failed_attempts: 0,
        locked_until: null,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('identity.staff_stations')
    .values({ staff_id: staff.id, station_id: options.stationId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  if (chef.staff_id === null)
    await trx
      .updateTable('ops.chefs')
      .set({ staff_id: staff.id })
      .where('id', '=', chef.id)
      .execute();
}
