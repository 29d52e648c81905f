import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bookingStatuses } from '@teppan/core';
import type { Database } from './create-db.ts';
import { DEVELOPMENT_FIELD_KEYS, DEVELOPMENT_PEPPER, FieldCrypto } from './field-crypto.ts';
import { contactIndex } from './pii.ts';
import { seedDemoData } from './seed.ts';
import {
  createTestDatabase,
  startTestCluster,
  type TestCluster,
  type TestDatabase,
} from './testing.ts';

const NOW = new Date('2026-03-14T19:30:00Z');
const crypto = FieldCrypto.fromConfig({ keys: DEVELOPMENT_FIELD_KEYS, pepper: DEVELOPMENT_PEPPER });

const TABLES = [
  'core.stations',
  'core.settings_versions',
  'ops.chefs',
  'ops.chef_weekly_availability',
  'ops.chef_time_off',
  'core.customers',
  'core.quotes',
  'core.bookings',
  'core.booking_events',
  'core.payments',
  'core.scheduled_messages',
  'crm.leads',
] as const;

async function countAll(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe('seedDemoData', () => {
  let cluster: TestCluster;
  let test: TestDatabase;

  beforeAll(async () => {
    cluster = await startTestCluster();
    test = await createTestDatabase(cluster.adminUrl);
  }, 120_000);

  afterAll(async () => {
    await test?.drop();
    await cluster?.stop();
  });

  let firstCounts: Record<string, number>;

  it('seeds the demo business', async () => {
    const started = Date.now();
    const result = await seedDemoData(test.db, { now: NOW, crypto });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.created).toBe(true);
    expect(result.message).toMatch(
      /^Seeded demo data: 1 station, 3 chefs, \d+ customers, \d+ bookings\.$/,
    );

    firstCounts = await countAll(test.db);
    expect(firstCounts['core.stations']).toBe(1);
    expect(firstCounts['core.settings_versions']).toBe(1);
    expect(firstCounts['ops.chefs']).toBe(3);
    expect(firstCounts['ops.chef_weekly_availability']).toBeGreaterThan(0);
    expect(firstCounts['ops.chef_time_off']).toBeGreaterThanOrEqual(2);
    expect(firstCounts['core.customers']).toBeGreaterThanOrEqual(190);
    expect(firstCounts['core.bookings']).toBeGreaterThanOrEqual(380);
    expect(firstCounts['core.quotes']).toBe(firstCounts['core.bookings']);
    expect(firstCounts['crm.leads']).toBeGreaterThanOrEqual(35);
    expect(firstCounts['core.scheduled_messages']).toBeGreaterThan(0);
    expect(result.message).toContain(`${firstCounts['core.bookings']} bookings`);

    const station = await test.db.selectFrom('core.stations').selectAll().executeTakeFirstOrThrow();
    expect(station).toMatchObject({
      code: 'CA-FREMONT-001',
      name: 'Fremont',
      time_zone: 'America/Los_Angeles',
      zip: '94539',
    });

    const statuses = await test.db
      .selectFrom('core.bookings')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const present = new Set(statuses.map((s) => s.status));
    for (const status of bookingStatuses) expect(present, status).toContain(status);

    const span = await test.db
      .selectFrom('core.bookings')
      .select([
        sql<number>`count(*) filter (where event_starts_at < ${NOW})`.as('past'),
        sql<number>`count(*) filter (where event_starts_at > ${NOW})`.as('future'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(span.past)).toBeGreaterThan(200);
    expect(Number(span.future)).toBeGreaterThan(50);

    const leadStatuses = await test.db
      .selectFrom('crm.leads')
      .select('status')
      .distinct()
      .execute();
    expect(new Set(leadStatuses.map((l) => l.status))).toEqual(
      new Set(['new', 'working', 'qualified', 'converted', 'lost']),
    );
  });

  it('stores contact details as the app does: encrypted, with blind indexes', async () => {
    const customers = await test.db.selectFrom('core.customers').selectAll().execute();
    const leads = await test.db.selectFrom('crm.leads').selectAll().execute();
    for (const c of customers) {
      expect(c.email).toMatch(/^enc:v1:/);
      expect(c.phone).toMatch(/^enc:v1:/);
      const email = crypto.decrypt(c.email, 'core.customers.email');
      expect(email).toMatch(/^[A-Za-z]+\.[A-Za-z]+\.\d+@example\.com$/);
      expect(c.email_index).toBe(contactIndex(crypto, 'email', email));
      expect(c.phone_index).toBe(
        contactIndex(crypto, 'phone', crypto.decrypt(c.phone, 'core.customers.phone')),
      );
    }
    for (const l of leads) {
      expect(l.email).toMatch(/^enc:v1:/);
      expect(l.email_index).toBe(
        contactIndex(crypto, 'email', crypto.decrypt(l.email ?? '', 'crm.leads.email')),
      );
      expect(l.phone_index).toBe(
        contactIndex(crypto, 'phone', crypto.decrypt(l.phone ?? '', 'crm.leads.phone')),
      );
    }
  });

  it('never overbooks a slot', async () => {
    const crowded = await test.db
      .selectFrom('core.bookings')
      .select(['station_id', 'date', 'slot', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '<>', 'cancelled')
      .groupBy(['station_id', 'date', 'slot'])
      .having((eb) => eb.fn.countAll(), '>', 2)
      .execute();
    expect(crowded).toEqual([]);

    // Within 14 days, no more bookings than rostered chefs minus approved time off.
    const overChefs = await sql<{ date: string; slot: string }>`
      select b.date, b.slot
      from core.bookings b
      where b.status <> 'cancelled'
        and b.date between (${NOW}::timestamptz at time zone 'America/Los_Angeles')::date
                       and (${NOW}::timestamptz at time zone 'America/Los_Angeles')::date + 14
      group by b.date, b.slot
      having count(*) > (
        select count(*) from ops.chef_weekly_availability a
        where a.weekday = extract(dow from b.date) and a.slot = b.slot
          and not exists (
            select 1 from ops.chef_time_off t
            where t.chef_id = a.chef_id and t.status = 'approved' and b.date between t.from_date and t.to_date))`.execute(
      test.db,
    );
    expect(overChefs.rows).toEqual([]);
  });

  it('prices every booking from its own quote', async () => {
    const mismatched = await test.db
      .selectFrom('core.bookings as b')
      .innerJoin('core.quotes as q', 'q.id', 'b.quote_id')
      .select(['b.number'])
      .where((eb) =>
        eb.or([
          eb('b.total_cents', '<>', eb.ref('q.total_cents')),
          eb('b.deposit_cents', '<>', eb.ref('q.deposit_cents')),
          eb('b.adults', '<>', eb.ref('q.adults')),
          eb('q.within_service_area', '=', false),
        ]),
      )
      .execute();
    expect(mismatched).toEqual([]);

    const deposits = await test.db
      .selectFrom('core.payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'deposit')
      .executeTakeFirstOrThrow();
    expect(Number(deposits.n)).toBe(firstCounts['core.bookings']);

    const unpaidCompleted = await sql<{ number: string }>`
      select b.number from core.bookings b
      where b.status = 'completed'
        and (select coalesce(sum(amount_cents), 0) from core.payments p
             where p.booking_id = b.id and p.status = 'succeeded') <> b.total_cents`.execute(
      test.db,
    );
    expect(unpaidCompleted.rows).toEqual([]);

    const lateReminders = await test.db
      .selectFrom('core.scheduled_messages')
      .select('id')
      .where('due_at', '<=', NOW)
      .execute();
    expect(lateReminders).toEqual([]);
  });

  it('skips when demo data is present', async () => {
    const result = await seedDemoData(test.db, { now: NOW, crypto });
    expect(result).toEqual({ created: false, message: 'Demo data already present; skipped.' });
    expect(await countAll(test.db)).toEqual(firstCounts);
  });

  it('re-seeds with force to the same data', async () => {
    const before = await test.db
      .selectFrom('core.bookings')
      .select(['number', 'date', 'slot', 'status', 'total_cents'])
      .orderBy('number')
      .execute();
    const result = await seedDemoData(test.db, { now: NOW, force: true, crypto });
    expect(result.created).toBe(true);
    expect(await countAll(test.db)).toEqual(firstCounts);
    const after = await test.db
      .selectFrom('core.bookings')
      .select(['number', 'date', 'slot', 'status', 'total_cents'])
      .orderBy('number')
      .execute();
    expect(after).toEqual(before);
  });
});
