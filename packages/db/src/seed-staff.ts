import argon2 from 'argon2';
import { sql, type Transaction } from 'kysely';
import type { Database } from './create-db.ts';
import type { DB } from './generated/db.ts';

export type DemoStaffResult =
  { isSeeded: true; staffId: string; email: string } | { isSeeded: false };

/**
 * The demo super admin (issue F3): belongs to every station so station-scoped screens show
 * data. Seeded only into a database without any staff account, and never touching an
 * existing one (issue F5): a restart cannot reset a password, a role or a lockout, and a
 * production database that gained real staff is left alone even with SEED_DEMO_DATA on.
 * Two processes starting at once seed it once (the table lock makes the check and the
 * insert one step).
 */
export async function seedDemoStaff(
  db: Database,
  options: { email: string; password: string; stationCode: string },
): Promise<DemoStaffResult> {
  const email = options.email.trim().toLowerCase();
  const passwordHash = await argon2.hash(options.password, { type: argon2.argon2id });
  return db.transaction().execute(async (trx) => {
    await sql`lock table identity.staff in share row exclusive mode`.execute(trx);
    const anyStaff = await trx
      .selectFrom('identity.staff')
      .select('id')
      .limit(1)
      .executeTakeFirst();
    if (anyStaff) return { isSeeded: false };
    const station = await trx
      .selectFrom('core.stations')
      .select('id')
      .where('code', '=', options.stationCode)
      .executeTakeFirst();
    if (!station) throw new Error(`seedDemoStaff: station ${options.stationCode} does not exist`);
    const staff = await trx
      .insertInto('identity.staff')
      .values({ email, name: 'Demo Admin', role: 'super_admin', password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stations = await trx.selectFrom('core.stations').select('id').execute();
    await trx
      .insertInto('identity.staff_stations')
      .values(stations.map((row) => ({ staff_id: staff.id, station_id: row.id })))
      .execute();
    await seedDemoChefAccount(trx, { adminEmail: email, passwordHash, stationId: station.id });
    return { isSeeded: true, staffId: staff.id, email };
  });
}

/** The demo chef whose schedule the chef account shows (first chef of the demo seed). */
export const DEMO_CHEF_EMAIL = 'kenji.tanaka@teppan.example';

/**
 * A chef's sign-in (role chef, same demo password) linked to the demo chef, so the panel can
 * be seen as a chef sees it: their own schedule and time off, no pay. `chef.<admin email>`,
 * e.g. chef.admin@teppan.local. Part of the first-run seed only; skipped when that chef is
 * missing, and linked only when the chef is not linked yet.
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
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('identity.staff_stations')
    .values({ staff_id: staff.id, station_id: options.stationId })
    .execute();
  if (chef.staff_id === null)
    await trx
      .updateTable('ops.chefs')
      .set({ staff_id: staff.id })
      .where('id', '=', chef.id)
      .execute();
}
