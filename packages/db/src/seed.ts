import { sql, type Transaction } from 'kysely';
import { weekdayOf, type SlotTime } from '@teppan/core';
import type { Database } from './create-db.ts';
import type { FieldCrypto } from './field-crypto.ts';
import type { DB } from './generated/db.ts';
import { DEMO_STATION_CODE, CHEFS } from './seed/catalogue.ts';
import { insertChunked } from './seed/rows.ts';
import { assignDemoChefs } from './seed/chef-assignments.ts';
import { deleteDemoData } from './seed/reset.ts';
import { createSeedContext } from './seed/context.ts';
import { seedStationAndChefs } from './seed/station.ts';
import { makeCustomers, customerRows } from './seed/customers.ts';
import { planBookings } from './seed/plan.ts';
import { buildBookings } from './seed/bookings.ts';
import { buildLeads } from './seed/leads.ts';

export { DEMO_STATION_CODE } from './seed/catalogue.ts';

/**
 * Demo data (SPEC.md §1): one Fremont station, three chefs, ~200 customers, ~400 bookings
 * over the past 12 months and the next 3, ~40 leads. Deterministic for a given `now`: every
 * random choice comes from a seeded PRNG (row ids excepted), and everything is written in one
 * transaction, so a failed seed leaves nothing behind.
 */

export async function seedDemoData(
  db: Database,
  options: { now: Date; force?: boolean; crypto: FieldCrypto },
): Promise<{ message: string; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    // Two seeds at once would otherwise both find the station missing.
    await sql`select pg_advisory_xact_lock(hashtext('teppan.seed'))`.execute(trx);
    const existing = await trx
      .selectFrom('core.stations')
      .select('id')
      .where('code', '=', DEMO_STATION_CODE)
      .executeTakeFirst();
    if (existing && !options.force) {
      return { created: false, message: 'Demo data already present; skipped.' };
    }
    if (options.force) await deleteDemoData(trx);
    const counts = await createDemoData(trx, { now: options.now, crypto: options.crypto });
    return {
      created: true,
      message: `Seeded demo data: 1 station, ${counts.chefs} chefs, ${counts.customers} customers, ${counts.bookings} bookings.`,
    };
  });
}

async function createDemoData(
  trx: Transaction<DB>,
  options: { now: Date; crypto: FieldCrypto },
): Promise<{ chefs: number; customers: number; bookings: number }> {
  // Every part draws from the same PRNG in this order: moving a step changes the data.
  const ctx = createSeedContext(trx, options);
  const { nowMs } = ctx;
  const { stationId, chefIds, schedule, approvedOff, chefsWorking } =
    await seedStationAndChefs(ctx);
  const customers = makeCustomers(ctx);
  const planned = planBookings(ctx, chefsWorking);
  const {
    quoteRows,
    bookingRows,
    eventRows,
    paymentRows,
    messageRows,
    completedCustomers,
    completedBookingIds,
  } = await buildBookings(ctx, { planned, customers, stationId });
  const customerRowsToInsert = customerRows(ctx, customers);
  const { leadRows, leadEventRows } = buildLeads(ctx, {
    customers,
    completedCustomers,
    completedBookingIds,
    stationId,
  });

  await insertChunked(trx, 'core.customers', customerRowsToInsert);
  await insertChunked(trx, 'core.quotes', quoteRows);
  const assignmentRows = assignDemoChefs({
    bookings: bookingRows,
    events: eventRows,
    chefs: CHEFS.map((chef, i) => ({
      ...chef,
      id: chefIds[i] as string,
      isWorking: (date: string, slot: SlotTime) =>
        (schedule.get(`${weekdayOf(date)}|${slot}`)?.has(i) ?? false) &&
        !approvedOff.some((t) => t.chefIndex === i && t.from_date <= date && date <= t.to_date),
    })),
    nowMs,
  });
  await insertChunked(trx, 'core.bookings', bookingRows);
  await insertChunked(trx, 'ops.booking_chefs', assignmentRows);
  // Timelines read in id order: the assignment events slot in where their time puts them.
  eventRows.sort((a, b) => Number(a.created_at) - Number(b.created_at));
  await insertChunked(trx, 'core.booking_events', eventRows);
  await insertChunked(trx, 'core.payments', paymentRows);
  await insertChunked(trx, 'core.scheduled_messages', messageRows);
  await insertChunked(trx, 'crm.leads', leadRows);
  await insertChunked(trx, 'crm.lead_events', leadEventRows);

  return {
    chefs: CHEFS.length,
    customers: customerRowsToInsert.length,
    bookings: bookingRows.length,
  };
}
