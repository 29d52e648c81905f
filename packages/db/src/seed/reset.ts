import { sql, type Transaction } from 'kysely';
import type { DB } from '../generated/db.ts';

export async function deleteDemoData(trx: Transaction<DB>): Promise<void> {
  // Children first. Agreements, slot locks and date overrides hang off holds and stations.
  await trx.deleteFrom('core.scheduled_messages').execute();
  await trx.deleteFrom('core.payments').execute();
  await trx.deleteFrom('core.booking_events').execute();
  await trx.updateTable('core.holds').set({ booking_id: null }).execute();
  // Leads point at bookings (booking_id) and take their activity with them (cascade).
  await trx.deleteFrom('crm.leads').execute();
  await trx.deleteFrom('core.bookings').execute();
  await trx.deleteFrom('core.agreements').execute();
  await trx.deleteFrom('core.holds').execute();
  await trx.deleteFrom('core.quotes').execute();
  await trx.deleteFrom('core.customers').execute();
  await trx.deleteFrom('ops.chef_time_off').execute();
  await trx.deleteFrom('ops.chef_weekly_availability').execute();
  await trx.deleteFrom('ops.chefs').execute();
  await trx.deleteFrom('core.slot_locks').execute();
  await trx.deleteFrom('core.date_overrides').execute();
  await trx.deleteFrom('core.settings_versions').execute();
  await trx.deleteFrom('core.stations').execute();
  // Fresh numbering, so a forced re-seed yields the same numbers as a first one.
  await sql`select setval('core.booking_number_seq', 1001, false)`.execute(trx);
  await sql`select setval('core.quote_number_seq', 1, false)`.execute(trx);
}
