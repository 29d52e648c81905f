import argon2 from 'argon2';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_FIELD_KEYS, DEVELOPMENT_PEPPER, FieldCrypto } from './field-crypto.ts';
import { seedDemoData } from './seed.ts';
import { DEMO_CHEF_EMAIL, seedDemoStaff } from './seed-staff.ts';
import {
  createTestDatabase,
  startTestCluster,
  type TestCluster,
  type TestDatabase,
} from './testing.ts';

const NOW = new Date('2026-03-14T19:30:00Z');

describe('demo chefs and assignments', () => {
  let cluster: TestCluster;
  let test: TestDatabase;

  beforeAll(async () => {
    cluster = await startTestCluster();
    test = await createTestDatabase(cluster.adminUrl);
    await seedDemoData(test.db, {
      now: NOW,
      crypto: FieldCrypto.fromConfig({ keys: DEVELOPMENT_FIELD_KEYS, pepper: DEVELOPMENT_PEPPER }),
    });
    await seedDemoStaff(test.db, {
      email: 'admin@teppan.local',
      password: 'teppan-demo-admin',
      stationCode: 'CA-FREMONT-001',
    });
  }, 120_000);

  afterAll(async () => {
    await test?.drop();
    await cluster?.stop();
  });

  it('gives every chef a home and a party limit', async () => {
    const chefs = await test.db
      .selectFrom('ops.chefs')
      .select(['home_zip', 'home_lat', 'home_lng', 'max_guests'])
      .execute();
    expect(chefs).toHaveLength(3);
    for (const chef of chefs) {
      expect(chef.home_zip).toMatch(/^\d{5}$/);
      expect(chef.home_lat).not.toBeNull();
      expect(chef.home_lng).not.toBeNull();
    }
  });

  it('staffs past and confirmed events, never a chef twice in one slot or off roster', async () => {
    const { rows } = await sql<{ status: string; total: number; staffed: number }>`
      select b.status, count(*)::int as total, count(bc.chef_id)::int as staffed
        from core.bookings b left join ops.booking_chefs bc on bc.booking_id = b.id
       group by b.status`.execute(test.db);
    const by = new Map(rows.map((r) => [r.status, r]));
    expect(by.get('completed')?.staffed).toBe(by.get('completed')?.total);
    expect(by.get('cancelled')?.staffed).toBe(0);
    expect(by.get('pending_deposit')?.staffed).toBe(0);
    const confirmed = by.get('confirmed');
    expect(confirmed?.staffed).toBeGreaterThan((confirmed?.total ?? 0) * 0.8);

    const { rows: doubles } = await sql`
      select bc.chef_id, b.date, b.slot from ops.booking_chefs bc
        join core.bookings b on b.id = bc.booking_id
       group by bc.chef_id, b.date, b.slot having count(*) > 1`.execute(test.db);
    expect(doubles).toEqual([]);
    const { rows: offRoster } = await sql`
      select 1 from ops.booking_chefs bc join core.bookings b on b.id = bc.booking_id
       where not exists (select 1 from ops.chef_weekly_availability a
                          where a.chef_id = bc.chef_id and a.slot = b.slot
                            and a.weekday = extract(dow from b.date))`.execute(test.db);
    expect(offRoster).toEqual([]);
    const events = await test.db
      .selectFrom('core.booking_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'chefs_assigned')
      .executeTakeFirstOrThrow();
    const assignments = await test.db
      .selectFrom('ops.booking_chefs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(Number(assignments.n));
  });

  it('leaves a few confirmed events of the next 7 days without a chef', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from core.bookings b
       where b.status = 'confirmed'
         and b.event_starts_at between ${NOW} and ${NOW}::timestamptz + interval '7 days'
         and not exists (select 1 from ops.booking_chefs bc where bc.booking_id = b.id)`.execute(
      test.db,
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
    expect(rows[0]?.n).toBeLessThanOrEqual(3);
  });

  it('links the demo chef to a chef sign-in', async () => {
    const row = await test.db
      .selectFrom('ops.chefs as c')
      .innerJoin('identity.staff as s', 's.id', 'c.staff_id')
      .select(['s.email', 's.role'])
      .where('c.email', '=', DEMO_CHEF_EMAIL)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: 'chef.admin@teppan.local', role: 'chef' });
  });

  it('never touches an existing account: a second seed changes nothing', async () => {
    const admin = () =>
      test.db
        .selectFrom('identity.staff')
        .select(['id', 'role', 'password_hash', 'is_active', 'totp_enabled_at'])
        .where('email', '=', 'admin@teppan.local')
        .executeTakeFirstOrThrow();
    // The demo admin chose their own password, and someone demoted and deactivated them.
    const chosen = await argon2.hash('my own strong passphrase', { type: argon2.argon2id });
    await test.db
      .updateTable('identity.staff')
      .set({ password_hash: chosen, role: 'admin', is_active: false })
      .where('email', '=', 'admin@teppan.local')
      .execute();
    const before = await admin();
    const staffCount = async () =>
      Number(
        (
          await test.db
            .selectFrom('identity.staff')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const countBefore = await staffCount();
    const again = await seedDemoStaff(test.db, {
      email: 'admin@teppan.local',
      password: 'teppan-demo-admin',
      stationCode: 'CA-FREMONT-001',
    });
    expect(again).toEqual({ isSeeded: false });
    expect(await admin()).toEqual(before);
    expect(await argon2.verify((await admin()).password_hash, 'teppan-demo-admin')).toBe(false);
    // Nor does it add a demo account next to real staff under another email.
    await seedDemoStaff(test.db, {
      email: 'other.demo@teppan.local',
      password: 'teppan-demo-admin',
      stationCode: 'CA-FREMONT-001',
    });
    expect(await staffCount()).toBe(countBefore);
  });
});

describe('demo staff in an empty database', () => {
  let cluster: TestCluster;
  let test: TestDatabase;

  beforeAll(async () => {
    cluster = await startTestCluster();
    test = await createTestDatabase(cluster.adminUrl);
    await seedDemoData(test.db, {
      now: NOW,
      crypto: FieldCrypto.fromConfig({ keys: DEVELOPMENT_FIELD_KEYS, pepper: DEVELOPMENT_PEPPER }),
    });
  }, 120_000);

  afterAll(async () => {
    await test?.drop();
    await cluster?.stop();
  });

  it('is seeded once when two processes start at the same time', async () => {
    const options = {
      email: 'admin@teppan.local',
      password: 'teppan-demo-admin',
      stationCode: 'CA-FREMONT-001',
    };
    const results = await Promise.all([
      seedDemoStaff(test.db, options),
      seedDemoStaff(test.db, options),
    ]);
    expect(results.filter((result) => result.isSeeded)).toHaveLength(1);
    const staff = await test.db.selectFrom('identity.staff').select(['email', 'role']).execute();
    expect(staff.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: 'admin@teppan.local', role: 'super_admin' },
      { email: 'chef.admin@teppan.local', role: 'chef' },
    ]);
  });
});
