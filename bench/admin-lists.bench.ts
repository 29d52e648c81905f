/**
 * bench/admin-lists: the staff bookings list and search on 100,000 bookings, against the
 * same first page read by a plain indexed query, in the same run. Prints the ratio last.
 */
import { randomUUID } from 'node:crypto';
import { contactIndex, PII_CONTEXT } from '@teppan/db/pii';
import { seedDemoStaff } from '@teppan/db/seed-staff';
import { sql } from 'kysely';
import { authenticator } from 'otplib';
import { AdminBookingsRepository } from '../apps/server/src/modules/admin/admin-bookings.repository.ts';
import { QUOTE_BODIES } from './quote.bench.ts';
import {
  createQuote,
  fmtMs,
  isMain,
  positiveIntFromEnv,
  withBenchEnv,
  type BenchEnv,
} from './lib.ts';

const BOOKINGS = () => positiveIntFromEnv('BENCH_ADMIN_BOOKINGS', 100_000);
const ITERATIONS = () => positiveIntFromEnv('BENCH_ADMIN_ITERATIONS', 200);

async function seedMany(env: BenchEnv, count: number): Promise<void> {
  const quote = await createQuote({ container: env.container, db: env.db }, QUOTE_BODIES[0]!);
  const crypto = env.container.fieldCrypto;
  const customers = Math.max(1, Math.floor(count / 5));
  // Contact details are encrypted in the app (ADR 0016), so rows are built here, not in SQL.
  const customerIds: string[] = [];
  for (let from = 1; from <= customers; from += 5000) {
    const rows = Array.from({ length: Math.min(5000, customers - from + 1) }, (_, k) => {
      const i = from + k;
      const email = `bench${i}@example.com`;
      const phone = `(510) 555-${String(i % 10000).padStart(4, '0')}`;
      return {
        id: randomUUID(),
        name: `Bench Customer ${i}${i % 97 === 0 ? ' Tanaka' : ''}`,
        email: crypto.encrypt(email, PII_CONTEXT.customerEmail),
        email_index: contactIndex(crypto, 'email', email) ?? '',
        phone: crypto.encrypt(phone, PII_CONTEXT.customerPhone),
        phone_index: contactIndex(crypto, 'phone', phone) ?? '',
      };
    });
    await env.db.insertInto('core.customers').values(rows).execute();
    customerIds.push(...rows.map((r) => r.id));
  }
  await sql`
    insert into core.bookings (number, station_id, customer_id, quote_id, status, date, slot,
      event_starts_at, adults, children, toddlers, menu, venue_zip, venue_lat, venue_lng,
      total_cents, deposit_cents, access_token_hash)
    select 'BX-' || i, ${env.stationId}, (${customerIds}::uuid[])[1 + i % ${customers}], ${quote.id},
           (array['pending_deposit','confirmed','completed','cancelled','no_show'])[1 + i % 5],
           d::date, (array['12:00','15:00','18:00','21:00'])[1 + i % 4],
           d + make_interval(hours => 12 + 3 * (i % 4)), 12, 2, 0, '{}'::jsonb, '95112', 37.3, -121.9,
           70000 + i % 50000, 10000, md5(i::text)
    from generate_series(1, ${count}) i
    cross join lateral (select (current_date - 365 + (i % 455)) :: timestamptz as d) dd`.execute(
    env.db,
  );
  // Leads (one per five bookings) over the pipeline, and chef assignments on most bookings,
  // so the leads list and the dashboard read tables of a realistic size too.
  const sources = ['website', 'phone', 'referral', 'instagram'];
  const statuses = ['new', 'working', 'qualified', 'converted', 'lost'];
  const leads = Math.max(1, Math.floor(count / 5));
  for (let from = 1; from <= leads; from += 5000) {
    const rows = Array.from({ length: Math.min(5000, leads - from + 1) }, (_, k) => {
      const i = from + k;
      const email = `lead${i}@example.com`;
      const phone = `510${String(i).padStart(7, '0')}`;
      return {
        station_id: env.stationId,
        source: sources[i % 4] ?? 'website',
        status: statuses[i % 5] ?? 'new',
        score: i % 101,
        name: `Bench Lead ${i}`,
        email: crypto.encrypt(email, PII_CONTEXT.leadEmail),
        email_index: contactIndex(crypto, 'email', email),
        phone: crypto.encrypt(phone, PII_CONTEXT.leadPhone),
        phone_index: contactIndex(crypto, 'phone', phone),
        next_follow_up_at: new Date(Date.now() + (i % 500) * 3_600_000),
      };
    });
    await env.db.insertInto('crm.leads').values(rows).execute();
  }
  const chef = await env.db
    .selectFrom('ops.chefs')
    .select('id')
    .where('station_id', '=', env.stationId)
    .executeTakeFirst();
  if (chef)
    await sql`
      insert into ops.booking_chefs (booking_id, chef_id, assigned_by)
      select id, ${chef.id}, 'bench' from core.bookings
      where station_id = ${env.stationId} and status <> 'cancelled' and random() < 0.8`.execute(
      env.db,
    );
  for (const table of ['core.bookings', 'core.customers', 'crm.leads', 'ops.booking_chefs'])
    await sql`analyze ${sql.raw(table)}`.execute(env.db);
}

interface Timing {
  label: string;
  meanMs: number;
  p99Ms: number;
}

async function time(
  label: string,
  iterations: number,
  work: () => Promise<unknown>,
): Promise<Timing> {
  for (let i = 0; i < 10; i += 1) await work(); // warm caches and plans
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return {
    label,
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
    p99Ms: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] ?? 0,
  };
}

export async function run(env: BenchEnv): Promise<{ timings: Timing[]; ratioLine: string }> {
  const count = BOOKINGS();
  const iterations = ITERATIONS();
  console.log(
    `\nbench/admin-lists: ${count.toLocaleString('en-US')} bookings, ${iterations} requests per query`,
  );
  const seededAt = Date.now();
  await seedMany(env, count);
  console.log(`  seeded in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
  await seedDemoStaff(env.db, {
    email: 'bench.admin@teppan.test',
    password: 'bench-admin-password',
    stationCode: 'CA-FREMONT-001',
  });
  const login = await env.app.inject({
    method: 'POST',
    url: '/api/v1/staff/auth/login',
    payload: { email: 'bench.admin@teppan.test', password: 'bench-admin-password' },
  });
  const cookie = /teppan_session=[^;]+/.exec(String(login.headers['set-cookie']))?.[0];
  if (login.statusCode !== 200 || !cookie)
    throw new Error(`bench sign-in failed: ${login.statusCode} ${login.body}`);
  // A super admin must enrol two-factor before the admin API answers (SPEC §14).
  const { csrfToken } = login.json<{ csrfToken: string }>();
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const enroll = await env.app.inject({
    method: 'POST',
    url: '/api/v1/staff/auth/2fa/enroll',
    headers,
    payload: { password: 'bench-admin-password' },
  });
  const confirm = await env.app.inject({
    method: 'POST',
    url: '/api/v1/staff/auth/2fa/confirm',
    headers,
    payload: { code: authenticator.generate(enroll.json<{ secret: string }>().secret) },
  });
  if (confirm.statusCode !== 200)
    throw new Error(`bench 2FA enrolment failed: ${confirm.statusCode} ${confirm.body}`);
  // Scoped to the station like a station admin's view, so the baseline reads the same index.
  const get = async (path: string) => {
    const url = `${path}&stationId=${env.stationId}`;
    const res = await env.app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
    return res.json<{ items: unknown[]; nextCursor: string | null }>();
  };
  let deepCursor: string | null = null;
  for (let page = 0; page < 20; page += 1)
    deepCursor = (
      await get(`/api/v1/admin/bookings?limit=25${deepCursor ? `&cursor=${deepCursor}` : ''}`)
    ).nextCursor;
  const repo = new AdminBookingsRepository(env.db, env.container.fieldCrypto);
  const timings = [
    await time('plain indexed query (baseline)', iterations, () =>
      repo.plainPage(env.stationId, 25),
    ),
    await time('GET list, first page', iterations, () => get('/api/v1/admin/bookings?limit=25')),
    await time('GET list, page 21 (cursor)', iterations, () =>
      get(`/api/v1/admin/bookings?limit=25&cursor=${deepCursor ?? ''}`),
    ),
    await time('GET list, status + date range', iterations, () =>
      get('/api/v1/admin/bookings?limit=25&status=confirmed&from=2026-01-01&to=2026-06-30'),
    ),
    await time('GET search name "tanaka"', iterations, () =>
      get('/api/v1/admin/bookings?limit=25&q=tanaka'),
    ),
    // Phones and emails match in full only (blind index, ADR 0016); before that change this
    // row searched the digit fragment "5100001".
    await time('GET search phone "(510) 555-7777"', iterations, () =>
      get('/api/v1/admin/bookings?limit=25&q=%28510%29%20555-7777'),
    ),
    await time('GET search email "bench77777@…"', iterations, () =>
      get('/api/v1/admin/bookings?limit=25&q=bench77777%40example.com'),
    ),
    await time('GET customers, first page', iterations, () =>
      get('/api/v1/admin/customers?limit=25'),
    ),
    await time('GET customers search "tanaka"', iterations, () =>
      get('/api/v1/admin/customers?limit=25&q=tanaka'),
    ),
    await time('GET customers search email (full)', iterations, () =>
      get('/api/v1/admin/customers?limit=25&q=bench7777%40example.com'),
    ),
    await time('GET leads, status new', iterations, () =>
      get('/api/v1/admin/leads?limit=25&status=new'),
    ),
    // Before ADR 0016 "lead777" matched email fragments; now names and full contacts match.
    await time('GET leads search name "lead 777"', iterations, () =>
      get('/api/v1/admin/leads?limit=25&q=lead%20777'),
    ),
    await time('GET leads search phone (full)', iterations, () =>
      get('/api/v1/admin/leads?limit=25&q=5100007777'),
    ),
    await time('GET dashboard (today + week)', iterations, () => get('/api/v1/admin/dashboard?')),
  ];
  for (const t of timings)
    console.log(
      `  ${t.label.padEnd(36)} mean ${fmtMs(t.meanMs).padStart(6)} ms   p99 ${fmtMs(t.p99Ms).padStart(6)} ms`,
    );
  const baseline = timings[0]!;
  const slowest = timings.slice(1).reduce((a, b) => (b.meanMs > a.meanMs ? b : a));
  const ratioLine = `admin list/baseline mean time ratio (slowest: ${slowest.label}): ${(slowest.meanMs / baseline.meanMs).toFixed(1)}× (${fmtMs(slowest.meanMs)} ms vs ${fmtMs(baseline.meanMs)} ms)`;
  console.log(ratioLine);
  return { timings, ratioLine };
}

if (isMain(import.meta.url)) await withBenchEnv({ quoteBodies: QUOTE_BODIES }, run);
