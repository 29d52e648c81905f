import { createHash, randomUUID } from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import {
  addDays,
  bookingStatuses,
  computeQuote,
  defaultSettings,
  estimateDrivingMiles,
  proteinCodes,
  rankChefs,
  slotTimes,
  utcToZoned,
  weekdayOf,
  zonedDateTimeToUtc,
  type AddonCode,
  type BookingStatus,
  type ProteinCode,
  type SlotTime,
} from '@teppan/core';
import type { Database } from './create-db.ts';
import type { FieldCrypto } from './field-crypto.ts';
import { contactIndex, type ContactKind } from './pii.ts';
import type {
  CoreBookingEvents,
  CoreBookings,
  CoreCustomers,
  CorePayments,
  CoreQuotes,
  CoreScheduledMessages,
  CrmLeadEvents,
  CrmLeads,
  DB,
  OpsBookingChefs,
  OpsChefTimeOff,
  OpsChefWeeklyAvailability,
} from './generated/db.ts';

/**
 * Demo data (SPEC.md §1): one Fremont station, three chefs, ~200 customers, ~400 bookings
 * over the past 12 months and the next 3, ~40 leads. Deterministic for a given `now`: every
 * random choice comes from a seeded PRNG (row ids excepted), and everything is written in one
 * transaction, so a failed seed leaves nothing behind.
 */

export const DEMO_STATION_CODE = 'CA-FREMONT-001';

const SEED = 0x7e99a4;
const TIME_ZONE = 'America/Los_Angeles';
const CUSTOMER_COUNT = 200;
const PAST_BOOKINGS = 289; // + 1 in progress
const FUTURE_BOOKINGS = 110;
const LEAD_COUNT = 40;
const MAX_PER_SLOT = 2;
const CHUNK = 200;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;

const STATION = {
  code: DEMO_STATION_CODE,
  name: 'Fremont',
  time_zone: TIME_ZONE,
  address: '39150 Fremont Blvd, Fremont, CA 94539',
  zip: '94539',
  lat: 37.5485,
  lng: -121.9886,
};

/** ZIP centroids (looked up once with the `zipcodes` package), all within 150 road miles. */
const ZIPS: { zip: string; city: string; lat: number; lng: number; weight: number }[] = [
  { zip: '94539', city: 'Fremont', lat: 37.5176, lng: -121.9287, weight: 8 },
  { zip: '94538', city: 'Fremont', lat: 37.5308, lng: -121.9712, weight: 7 },
  { zip: '94536', city: 'Fremont', lat: 37.5605, lng: -121.9999, weight: 6 },
  { zip: '95035', city: 'Milpitas', lat: 37.4352, lng: -121.895, weight: 6 },
  { zip: '95112', city: 'San Jose', lat: 37.3476, lng: -121.887, weight: 6 },
  { zip: '95128', city: 'San Jose', lat: 37.3163, lng: -121.9356, weight: 5 },
  { zip: '95050', city: 'Santa Clara', lat: 37.3492, lng: -121.953, weight: 5 },
  { zip: '94087', city: 'Sunnyvale', lat: 37.3502, lng: -122.0349, weight: 5 },
  { zip: '94301', city: 'Palo Alto', lat: 37.4443, lng: -122.1497, weight: 4 },
  { zip: '94566', city: 'Pleasanton', lat: 37.6658, lng: -121.8755, weight: 5 },
  { zip: '94550', city: 'Livermore', lat: 37.683, lng: -121.763, weight: 4 },
  { zip: '94583', city: 'San Ramon', lat: 37.7562, lng: -121.9522, weight: 4 },
  { zip: '94612', city: 'Oakland', lat: 37.8085, lng: -122.2668, weight: 4 },
  { zip: '94103', city: 'San Francisco', lat: 37.7725, lng: -122.4147, weight: 4 },
  { zip: '95391', city: 'Tracy', lat: 37.7695, lng: -121.5397, weight: 3 },
  { zip: '95202', city: 'Stockton', lat: 37.9606, lng: -121.2871, weight: 2 },
  { zip: '95354', city: 'Modesto', lat: 37.6409, lng: -120.9749, weight: 2 },
  { zip: '95814', city: 'Sacramento', lat: 38.5804, lng: -121.4922, weight: 2 },
  { zip: '95670', city: 'Rancho Cordova', lat: 38.6072, lng: -121.2761, weight: 1 },
  { zip: '95630', city: 'Folsom', lat: 38.6709, lng: -121.1529, weight: 1 },
  { zip: '95340', city: 'Merced', lat: 37.2983, lng: -120.4649, weight: 1 },
];

const AREA_CODES = ['510', '408', '650', '415', '925', '916', '209'];

const FIRST_NAMES = [
  'James',
  'Maria',
  'Wei',
  'Priya',
  'Michael',
  'Jennifer',
  'Carlos',
  'Aiko',
  'David',
  'Linh',
  'Robert',
  'Sofia',
  'Kevin',
  'Mei',
  'Daniel',
  'Aisha',
  'Jason',
  'Emily',
  'Arjun',
  'Grace',
  'Brian',
  'Ana',
  'Hiroshi',
  'Olivia',
  'Marcus',
  'Fatima',
  'Tyler',
  'Jasmine',
  'Andrew',
  'Nicole',
  'Ravi',
  'Lauren',
  'Miguel',
  'Hannah',
  'Eric',
  'Yuki',
  'Steven',
  'Rachel',
  'Omar',
  'Vanessa',
  'Derek',
  'Chloe',
  'Tony',
  'Isabel',
  'Sanjay',
  'Megan',
  'Luis',
  'Kimberly',
  'Ryan',
  'Thuy',
];

const LAST_NAMES = [
  'Nguyen',
  'Garcia',
  'Chen',
  'Patel',
  'Smith',
  'Johnson',
  'Lee',
  'Kim',
  'Rodriguez',
  'Wong',
  'Martinez',
  'Singh',
  'Tanaka',
  'Brown',
  'Lopez',
  'Tran',
  'Williams',
  'Hernandez',
  'Liu',
  'Davis',
  'Shah',
  'Yamamoto',
  'Miller',
  'Gonzalez',
  'Pham',
  'Wilson',
  'Huang',
  'Anderson',
  'Reyes',
  'Park',
  'Thomas',
  'Kumar',
  'Moore',
  'Cruz',
  'Lin',
  'Jackson',
  'Ramirez',
  'Wu',
  'Taylor',
  'Flores',
];

const STREETS = [
  'Mission Blvd',
  'Paseo Padre Pkwy',
  'Stevenson Blvd',
  'Walnut Ave',
  'Oak St',
  'Maple Dr',
  'Sunset Ave',
  'Lakeview Ct',
  'Cedar Ln',
  'Hillcrest Rd',
  'Vineyard Ave',
  'Park Pl',
  'Willow Way',
  'Redwood Dr',
  'Bay St',
  'Highland Ave',
];

const SPECIAL_REQUESTS = [
  'Birthday party: please sing happy birthday to the guest of honor.',
  'Anniversary dinner; a little extra showmanship would be great.',
  'Graduation party in the backyard, tables on the lawn.',
  'Please do the onion volcano for the kids.',
  'Corporate team event, please be on time for the 15-minute intro.',
  'Gate code will be texted on the day.',
  'Street parking only; driveway is steep.',
  'Two guests are vegetarian: please cook the tofu first on a clean grill.',
  'Surprise party, please do not call the house phone.',
  'Retirement celebration for our dad.',
];

const ALLERGENS = ['shellfish', 'peanuts', 'tree nuts', 'sesame', 'gluten', 'soy', 'eggs', 'dairy'];

const SOURCE_CHANNELS: [string, number][] = [
  ['web', 60],
  ['chat', 15],
  ['phone', 10],
  ['sms', 10],
  ['email', 5],
];

const STANDARD_PROTEINS: [ProteinCode, number][] = [
  ['chicken', 30],
  ['ny_strip', 26],
  ['shrimp', 22],
  ['calamari', 6],
  ['tofu', 6],
];
const PREMIUM_PROTEINS: [ProteinCode, number][] = [
  ['salmon', 4],
  ['scallops', 3],
  ['filet_mignon', 8],
  ['lobster_tail', 3],
];
const EXTRA_PROTEINS: [ProteinCode, number][] = [
  ['filet_mignon', 4],
  ['lobster_tail', 3],
  ['shrimp', 3],
  ['chicken', 2],
  ['scallops', 1],
];

const CHEFS = [
  {
    name: 'Kenji Tanaka',
    email: 'kenji.tanaka@teppan.example',
    phone: '(510) 555-0181',
    rating: 4.95,
    daysOff: [1, 2], // Monday, Tuesday
    home: { zip: '94538', lat: 37.5308, lng: -121.9712 }, // Fremont
    maxGuests: 50,
  },
  {
    name: 'Marco Reyes',
    email: 'marco.reyes@teppan.example',
    phone: '(510) 555-0182',
    rating: 4.8,
    daysOff: [2, 3], // Tuesday, Wednesday
    home: { zip: '95128', lat: 37.3163, lng: -121.9356 }, // San Jose
    maxGuests: 35,
  },
  {
    name: 'Lily Chen',
    email: 'lily.chen@teppan.example',
    phone: '(510) 555-0183',
    rating: 4.6,
    daysOff: [3, 4], // Wednesday, Thursday
    home: { zip: '94566', lat: 37.6658, lng: -121.8755 }, // Pleasanton
    maxGuests: 25,
  },
];

/** Evenings on weekdays (one chef also takes afternoons), every slot on Fri–Sun. */
function chefSlots(chefIndex: number, weekday: number): SlotTime[] {
  if (weekday === 0 || weekday === 5 || weekday === 6) return [...slotTimes];
  return chefIndex === 1 ? ['15:00', '18:00', '21:00'] : ['18:00', '21:00'];
}

// ---------------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }

  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i += 1)
      out += Math.floor(this.next() * 256)
        .toString(16)
        .padStart(2, '0');
    return out;
  }
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function chunks<T>(rows: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertChunked<T extends keyof DB>(
  trx: Transaction<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
): Promise<void> {
  for (const part of chunks(rows)) {
    await trx.insertInto(table).values(part).execute();
  }
}

async function nextNumbers(
  trx: Transaction<DB>,
  sequence: string,
  count: number,
): Promise<number[]> {
  const result = await sql<{ n: string | number }>`
    select nextval(${sequence}::regclass) as n from generate_series(1, ${count})`.execute(trx);
  return result.rows.map((row) => Number(row.n)).sort((a, b) => a - b);
}

const at = (ms: number): Date => new Date(Math.round(ms / 1000) * 1000);

// ---------------------------------------------------------------------------------------

type SlotCandidate = {
  date: string;
  slot: SlotTime;
  startsAt: Date;
  capacity: number;
  taken: number;
  weight: number;
};

type PlannedBooking = {
  candidate: SlotCandidate;
  status: BookingStatus;
  /** For cancelled bookings: the status they were cancelled from. */
  cancelledFrom?: 'pending_deposit' | 'confirmed';
};

/** Statuses whose events have (or had) a chef: confirmed, under way or done. */
const STAFFED_STATUSES: readonly string[] = [
  'confirmed',
  'cancellation_requested',
  'in_progress',
  'completed',
  'no_show',
];
/** The soonest confirmed events in the next 7 days left without a chef (dashboard alert). */
const UNASSIGNED_SOON = 3;

/**
 * Chefs for the demo bookings, chosen in time order by the same ranking staff see (SPEC §4):
 * every past and confirmed event gets the best available chef, except the few soonest
 * upcoming ones, which stay unassigned for the dashboard's "unassigned within 7 days" alert.
 * Pending deposits wait for their chef. Deterministic: no random draws.
 */
function assignDemoChefs(input: {
  bookings: Insertable<CoreBookings>[];
  events: Insertable<CoreBookingEvents>[];
  chefs: {
    id: string;
    name: string;
    rating: number;
    maxGuests: number;
    home: { zip: string; lat: number; lng: number };
    isWorking: (date: string, slot: SlotTime) => boolean;
  }[];
  nowMs: number;
}): Insertable<OpsBookingChefs>[] {
  const { nowMs } = input;
  const rows: Insertable<OpsBookingChefs>[] = [];
  const busy = new Set<string>(); // 'date|slot|chefId'
  const cooked = new Map<string, number>(); // 'chefId|customerId' → completed events
  let leftUnassigned = 0;
  const ordered = [...input.bookings].sort(
    (a, b) => Number(a.event_starts_at) - Number(b.event_starts_at),
  );
  for (const booking of ordered) {
    if (!STAFFED_STATUSES.includes(booking.status)) continue;
    const startsMs = Number(booking.event_starts_at);
    if (startsMs > nowMs && startsMs <= nowMs + 7 * DAY_MS && leftUnassigned < UNASSIGNED_SOON) {
      leftUnassigned += 1;
      continue;
    }
    const slot = booking.slot as SlotTime;
    const { ranked } = rankChefs({
      booking: {
        date: booking.date,
        slot,
        guests: booking.adults + booking.children + booking.toddlers,
        venue: { lat: booking.venue_lat, lng: booking.venue_lng },
        requestedChefId: null,
      },
      chefs: input.chefs.map((chef) => ({
        id: chef.id,
        name: chef.name,
        isActive: true,
        rating: chef.rating,
        maxGuests: chef.maxGuests,
        origin: chef.home,
        originSource: 'home' as const,
        isScheduled: chef.isWorking(booking.date, slot),
        isOnTimeOff: false,
        conflictingBookings: busy.has(`${booking.date}|${slot}|${chef.id}`) ? ['another'] : [],
        pastBookingsWithCustomer: cooked.get(`${chef.id}|${booking.customer_id}`) ?? 0,
      })),
      weights: defaultSettings.chefAssignment,
      circuityFactor: defaultSettings.travel.circuityFactor,
    });
    const best = ranked[0];
    // Capacity never exceeded the chefs working, so someone is free; guard all the same.
    if (!best || !booking.id) continue;
    busy.add(`${booking.date}|${slot}|${best.chefId}`);
    if (booking.status === 'completed') {
      const key = `${best.chefId}|${booking.customer_id}`;
      cooked.set(key, (cooked.get(key) ?? 0) + 1);
    }
    const createdMs = Number(booking.created_at ?? nowMs);
    const assignedAt = at(Math.min(createdMs + DAY_MS, startsMs - HOUR_MS, nowMs - MINUTE_MS));
    rows.push({
      booking_id: booking.id,
      chef_id: best.chefId,
      assigned_by: 'seed',
      score: best.score,
      assigned_at: assignedAt,
    });
    input.events.push({
      booking_id: booking.id,
      type: 'chefs_assigned',
      data: JSON.stringify({
        chefs: [{ id: best.chefId, name: best.name }],
        added: [{ id: best.chefId, name: best.name }],
        removed: [],
      }),
      actor: 'seed',
      created_at: assignedAt,
    });
  }
  return rows;
}

async function deleteDemoData(trx: Transaction<DB>): Promise<void> {
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
  const { now, crypto } = options;
  // Contact details are stored as the app stores them: encrypted, with blind indexes (ADR 0016).
  const seal = (kind: ContactKind, value: string, column: string) => ({
    value: crypto.encrypt(value, column),
    index: contactIndex(crypto, kind, value),
  });
  const rng = new Random(SEED);
  const settings = defaultSettings;
  const nowMs = now.getTime();
  const today = utcToZoned({ instant: now, timeZone: TIME_ZONE }).date;

  // Station and settings --------------------------------------------------------------
  const station = await trx
    .insertInto('core.stations')
    .values({ ...STATION, created_at: at(nowMs - 400 * DAY_MS) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stationId = station.id;
  await trx
    .insertInto('core.settings_versions')
    .values({
      station_id: stationId,
      version: 1,
      settings: JSON.stringify(settings),
      changed_by: 'seed',
      note: 'Default settings (SPEC.md)',
      created_at: at(nowMs - 400 * DAY_MS),
    })
    .execute();

  // Chefs, weekly availability, time off -----------------------------------------------
  const chefIds = CHEFS.map(() => randomUUID());
  await trx
    .insertInto('ops.chefs')
    .values(
      CHEFS.map((chef, i) => ({
        id: chefIds[i] as string,
        station_id: stationId,
        name: chef.name,
        email: chef.email,
        phone: chef.phone,
        rating: chef.rating,
        home_zip: chef.home.zip,
        home_lat: chef.home.lat,
        home_lng: chef.home.lng,
        max_guests: chef.maxGuests,
        created_at: at(nowMs - (400 - i * 30) * DAY_MS),
      })),
    )
    .execute();
  const weekly: Insertable<OpsChefWeeklyAvailability>[] = [];
  const schedule = new Map<string, Set<number>>(); // 'weekday|slot' → chef indexes
  CHEFS.forEach((chef, i) => {
    for (let weekday = 0; weekday < 7; weekday += 1) {
      if (chef.daysOff.includes(weekday)) continue;
      for (const slot of chefSlots(i, weekday)) {
        weekly.push({ chef_id: chefIds[i] as string, weekday, slot });
        const key = `${weekday}|${slot}`;
        const set = schedule.get(key) ?? new Set<number>();
        set.add(i);
        schedule.set(key, set);
      }
    }
  });
  await insertChunked(trx, 'ops.chef_weekly_availability', weekly);

  const timeOff: (Omit<Insertable<OpsChefTimeOff>, 'chef_id'> & {
    chefIndex: number;
    status: string;
  })[] = [
    {
      chefIndex: 0,
      from_date: addDays(today, -120),
      to_date: addDays(today, -110),
      status: 'approved',
      reason: 'Family trip to Osaka',
    },
    {
      chefIndex: 1,
      from_date: addDays(today, 5),
      to_date: addDays(today, 7),
      status: 'approved',
      reason: 'Brother’s wedding',
    },
    {
      chefIndex: 2,
      from_date: addDays(today, 40),
      to_date: addDays(today, 42),
      status: 'requested',
      reason: 'Knife skills workshop',
    },
  ];
  await trx
    .insertInto('ops.chef_time_off')
    .values(
      timeOff.map(({ chefIndex, ...row }, i) => ({
        ...row,
        chef_id: chefIds[chefIndex] as string,
        created_at: at(nowMs - (30 + i * 10) * DAY_MS),
      })),
    )
    .execute();
  const approvedOff = timeOff.filter((t) => t.status === 'approved');

  /** Chefs working a date and slot: weekly roster minus approved time off. */
  const chefsWorking = (date: string, slot: SlotTime): number => {
    const rostered = schedule.get(`${weekdayOf(date)}|${slot}`);
    if (!rostered) return 0;
    let n = 0;
    for (const i of rostered) {
      const away = approvedOff.some(
        (t) => t.chefIndex === i && t.from_date <= date && date <= t.to_date,
      );
      if (!away) n += 1;
    }
    return n;
  };

  // Customers ---------------------------------------------------------------------------
  const customers = Array.from({ length: CUSTOMER_COUNT }, (_, i) => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const area = AREA_CODES[i % AREA_CODES.length] as string;
    const line = `01${String(i % 100).padStart(2, '0')}`;
    const email = `${first}.${last}.${i + 1}@example.com`;
    const home = rng.weighted(ZIPS.map((z) => [z, z.weight] as const));
    return {
      id: randomUUID(),
      name: `${first} ${last}`,
      email,
      phone: `(${area}) 555-${line}`,
      home,
      address: `${rng.int(100, 9899)} ${rng.pick(STREETS)}, ${home.city}, CA ${home.zip}`,
      firstSeenMs: Number.POSITIVE_INFINITY,
      bookings: 0,
    };
  });

  // Slots and capacity ------------------------------------------------------------------
  const slotWeight: Record<SlotTime, number> = {
    '12:00': 0.6,
    '15:00': 0.8,
    '18:00': 2,
    '21:00': 1.4,
  };
  const dayWeight = [2, 0.7, 0.6, 0.6, 0.8, 2, 3]; // Sunday … Saturday
  const past: SlotCandidate[] = [];
  const future: SlotCandidate[] = [];
  for (let offset = -366; offset <= 92; offset += 1) {
    const date = addDays(today, offset);
    const month = Number(date.slice(5, 7));
    const season = month >= 6 && month <= 9 ? 1.6 : month === 12 ? 1.4 : month <= 2 ? 0.7 : 1;
    for (const slot of slotTimes) {
      const startsAt = zonedDateTimeToUtc({ date, time: slot, timeZone: TIME_ZONE });
      const ms = startsAt.getTime();
      if (ms < nowMs - 365 * DAY_MS || ms > nowMs + 90 * DAY_MS) continue;
      const capacity = Math.min(MAX_PER_SLOT, chefsWorking(date, slot));
      if (capacity === 0) continue;
      const base = slotWeight[slot] * (dayWeight[weekdayOf(date)] ?? 1) * season;
      if (ms <= nowMs) {
        past.push({ date, slot, startsAt, capacity, taken: 0, weight: base });
      } else {
        const ahead = (ms - nowMs) / (90 * DAY_MS); // bookings thin out further ahead
        future.push({ date, slot, startsAt, capacity, taken: 0, weight: base * (1.6 - ahead) });
      }
    }
  }

  const place = (pool: SlotCandidate[], occupies: boolean): SlotCandidate => {
    const open = occupies ? pool.filter((c) => c.taken < c.capacity) : pool;
    const chosen = rng.weighted(open.map((c) => [c, c.weight] as const));
    if (occupies) chosen.taken += 1;
    return chosen;
  };

  const quota = (
    total: number,
    parts: [BookingStatus, number][],
    rest: BookingStatus,
  ): BookingStatus[] => {
    const list: BookingStatus[] = [];
    for (const [status, n] of parts) for (let i = 0; i < n; i += 1) list.push(status);
    while (list.length < total) list.push(rest);
    return rng.shuffle(list);
  };

  const planned: PlannedBooking[] = [];
  // The latest slot already started is the one under way now.
  const inProgress = [...past].reverse().find((c) => c.taken < c.capacity);
  if (inProgress) {
    inProgress.taken += 1;
    planned.push({ candidate: inProgress, status: 'in_progress' });
  }
  // Settled events ended a while ago, so their completion and balance lie before now.
  const settled = past.filter((c) => c.startsAt.getTime() <= nowMs - 4 * HOUR_MS);
  const pastStatuses = quota(
    PAST_BOOKINGS,
    [
      ['cancelled', 24],
      ['no_show', 8],
    ],
    'completed',
  );
  for (const status of pastStatuses) {
    const candidate = place(settled, status !== 'cancelled');
    planned.push({
      candidate,
      status,
      ...(status === 'cancelled'
        ? { cancelledFrom: rng.chance(0.7) ? 'confirmed' : 'pending_deposit' }
        : {}),
    });
  }
  const futureStatuses = quota(
    FUTURE_BOOKINGS,
    [
      ['pending_deposit', 16],
      ['cancellation_requested', 4],
      ['cancelled', 9],
    ],
    'confirmed',
  );
  for (const status of futureStatuses) {
    const candidate = place(future, status !== 'cancelled');
    planned.push({
      candidate,
      status,
      ...(status === 'cancelled'
        ? { cancelledFrom: rng.chance(0.6) ? 'confirmed' : 'pending_deposit' }
        : {}),
    });
  }
  planned.sort((a, b) => a.candidate.startsAt.getTime() - b.candidate.startsAt.getTime());
  for (const status of bookingStatuses) {
    if (!planned.some((p) => p.status === status))
      throw new Error(`seed plan lacks a ${status} booking`);
  }

  // Quotes and bookings -------------------------------------------------------------------
  const travelByZip = new Map(
    ZIPS.map((z) => [
      z.zip,
      estimateDrivingMiles({
        from: { lat: STATION.lat, lng: STATION.lng },
        to: { lat: z.lat, lng: z.lng },
        circuityFactor: settings.travel.circuityFactor,
      }),
    ]),
  );
  const quoteNumbers = await nextNumbers(trx, 'core.quote_number_seq', planned.length);
  const bookingNumbers = await nextNumbers(trx, 'core.booking_number_seq', planned.length);

  const quoteRows: Insertable<CoreQuotes>[] = [];
  const bookingRows: Insertable<CoreBookings>[] = [];
  const eventRows: Insertable<CoreBookingEvents>[] = [];
  const paymentRows: Insertable<CorePayments>[] = [];
  const messageRows: Insertable<CoreScheduledMessages>[] = [];
  const completedCustomers: number[] = [];
  const completedBookingIds: string[] = [];

  planned.forEach((plan, index) => {
    const { candidate, status } = plan;
    const startMs = candidate.startsAt.getTime();
    // Returning guests are common: a quarter of the bookings go to the first 40 customers.
    const customerIndex = rng.chance(0.25) ? rng.int(0, 39) : rng.int(0, CUSTOMER_COUNT - 1);
    const customer = customers[customerIndex];
    if (!customer) throw new Error('customer index out of range');
    const venue = rng.chance(0.85)
      ? customer.home
      : rng.weighted(ZIPS.map((z) => [z, z.weight] as const));
    const venueAddress =
      venue === customer.home
        ? customer.address
        : `${rng.int(100, 9899)} ${rng.pick(STREETS)}, ${venue.city}, CA ${venue.zip}`;

    // Party and menu.
    const sizeBand = rng.weighted([
      ['small', 45],
      ['medium', 35],
      ['large', 20],
    ] as const);
    const adults =
      sizeBand === 'small'
        ? rng.int(8, 15)
        : sizeBand === 'medium'
          ? rng.int(16, 25)
          : rng.int(26, 40);
    const children = Math.min(rng.chance(0.5) ? 0 : rng.int(1, 10), 48 - adults);
    const toddlers = Math.min(rng.chance(0.7) ? 0 : rng.int(1, 4), 49 - adults - children);
    const premiumShare = rng.weighted([
      [0, 40],
      [0.1, 40],
      [0.3, 20],
    ] as const);
    const proteins: Partial<Record<ProteinCode, number>> = {};
    const picks = settings.pricing.proteinsPerGuest * (adults + children);
    for (let i = 0; i < picks; i += 1) {
      const code = rng.chance(premiumShare)
        ? rng.weighted(PREMIUM_PROTEINS)
        : rng.weighted(STANDARD_PROTEINS);
      proteins[code] = (proteins[code] ?? 0) + 1;
    }
    const extraProteins: Partial<Record<ProteinCode, number>> = {};
    if (rng.chance(0.25)) {
      const extraCount = rng.int(1, 8);
      for (let i = 0; i < extraCount; i += 1) {
        const code = rng.weighted(EXTRA_PROTEINS);
        extraProteins[code] = (extraProteins[code] ?? 0) + 1;
      }
    }
    const addons: Partial<Record<AddonCode, number>> = {};
    const guests = adults + children + toddlers;
    if (rng.chance(0.35)) addons.yakisoba = rng.int(Math.ceil(guests / 2), guests);
    if (rng.chance(0.2)) addons.extra_fried_rice = rng.int(2, 10);
    if (rng.chance(0.1)) addons.extra_vegetables = rng.int(2, 8);
    if (rng.chance(0.25)) addons.edamame = rng.int(2, 8);
    if (rng.chance(0.3)) addons.gyoza = rng.int(2, 10);
    // Keys in the engine's order, so equal menus serialise identically.
    const menu = {
      proteins: Object.fromEntries(
        proteinCodes.filter((c) => proteins[c]).map((c) => [c, proteins[c]]),
      ),
      extraProteins: Object.fromEntries(
        proteinCodes.filter((c) => extraProteins[c]).map((c) => [c, extraProteins[c]]),
      ),
      addons,
    };
    const miles = travelByZip.get(venue.zip) ?? 0;
    const quote = computeQuote({
      input: { adults, children, toddlers, ...menu },
      settings,
      travel: { miles, source: 'estimate' },
    });
    if (quote.issues.length > 0 || !quote.travel.withinServiceArea) {
      throw new Error(`seed quote is not bookable: ${JSON.stringify(quote.issues)}`);
    }

    // Timeline: quoted and booked days or weeks ahead, never after now.
    const leadDays = rng.int(3, 60);
    const createdMs = Math.min(
      startMs - leadDays * DAY_MS - rng.int(0, 600) * MINUTE_MS,
      nowMs - rng.int(60, 4000) * MINUTE_MS,
    );
    const quotedMs = createdMs - rng.int(3, 90) * MINUTE_MS;
    customer.firstSeenMs = Math.min(
      customer.firstSeenMs,
      quotedMs - rng.int(0, 3) * DAY_MS - HOUR_MS,
    );
    customer.bookings += 1;

    const quoteId = randomUUID();
    const bookingId = randomUUID();
    const quoteNumber = `Q-${String(quoteNumbers[index]).padStart(7, '0')}`;
    const bookingNumber = `TP-${bookingNumbers[index]}`;
    quoteRows.push({
      id: quoteId,
      number: quoteNumber,
      station_id: stationId,
      settings_version: 1,
      adults,
      children,
      toddlers,
      menu: JSON.stringify(menu),
      lines: JSON.stringify(quote.lines),
      food_subtotal_cents: quote.foodSubtotalCents,
      minimum_applied: quote.minimumApplied,
      travel_miles: quote.travel.miles,
      travel_fee_cents: quote.travel.feeCents,
      travel_source: quote.travel.source,
      within_service_area: quote.travel.withinServiceArea,
      tax_cents: quote.taxCents,
      total_cents: quote.totalCents,
      deposit_cents: quote.depositCents,
      balance_cents: quote.balanceCents,
      gratuity_suggestions: JSON.stringify(quote.gratuitySuggestions),
      protein_selection: JSON.stringify(quote.proteinSelection),
      venue_zip: venue.zip,
      venue_address: venueAddress,
      venue_lat: venue.lat,
      venue_lng: venue.lng,
      event_date: candidate.date,
      created_at: at(quotedMs),
    });

    // Status history: every booking starts pending its deposit.
    const changes: {
      from: BookingStatus;
      to: BookingStatus;
      atMs: number;
      data?: Record<string, unknown>;
    }[] = [];
    const depositMethod = rng.weighted([
      ['zelle', 55],
      ['venmo', 30],
      ['cash', 15],
    ] as const);
    const confirmMs = Math.min(
      createdMs + rng.int(20, 36 * 60) * MINUTE_MS,
      nowMs - 30 * MINUTE_MS,
    );
    const paidDeposit =
      status === 'confirmed' ||
      status === 'in_progress' ||
      status === 'completed' ||
      status === 'no_show' ||
      status === 'cancellation_requested' ||
      (status === 'cancelled' && plan.cancelledFrom === 'confirmed');
    if (paidDeposit) changes.push({ from: 'pending_deposit', to: 'confirmed', atMs: confirmMs });
    const duration = guests <= 10 ? 90 : guests <= 20 ? 100 : guests <= 30 ? 110 : 120;
    let cancelledAt: Date | null = null;
    let cancellationReason: string | null = null;
    let previousStatus: string | null = null;
    let depositStatus: 'pending' | 'succeeded' | 'refunded' | 'cancelled' = paidDeposit
      ? 'succeeded'
      : 'pending';
    let depositUpdatedMs = paidDeposit ? confirmMs : createdMs;
    switch (status) {
      case 'pending_deposit':
      case 'confirmed':
        break;
      case 'in_progress':
        changes.push({ from: 'confirmed', to: 'in_progress', atMs: Math.min(startMs, nowMs) });
        break;
      case 'completed':
        changes.push({ from: 'confirmed', to: 'in_progress', atMs: startMs });
        changes.push({
          from: 'in_progress',
          to: 'completed',
          atMs: startMs + duration * MINUTE_MS,
        });
        break;
      case 'no_show':
        changes.push({
          from: 'confirmed',
          to: 'no_show',
          atMs: startMs + 45 * MINUTE_MS,
          data: { note: 'Host unreachable at the venue.' },
        });
        break;
      case 'cancellation_requested': {
        previousStatus = 'confirmed';
        const requestedMs = Math.min(confirmMs + rng.int(1, 10) * DAY_MS, nowMs - 2 * HOUR_MS);
        changes.push({
          from: 'confirmed',
          to: 'cancellation_requested',
          atMs: Math.max(requestedMs, confirmMs + MINUTE_MS),
          data: { reason: 'Customer asked to cancel; awaiting admin approval.' },
        });
        break;
      }
      case 'cancelled': {
        const from = plan.cancelledFrom ?? 'pending_deposit';
        const earliest = (from === 'confirmed' ? confirmMs : createdMs) + 10 * MINUTE_MS;
        const latest = Math.min(startMs - 2 * HOUR_MS, nowMs - 5 * MINUTE_MS);
        const cancelMs =
          latest > earliest ? earliest + Math.floor(rng.float() * (latest - earliest)) : earliest;
        cancelledAt = at(cancelMs);
        cancellationReason = rng.pick([
          'Change of plans',
          'Weather forecast',
          'Guest of honor is ill',
          'Booked another date instead',
          'Deposit not received in time',
        ]);
        changes.push({
          from,
          to: 'cancelled',
          atMs: cancelMs,
          data: { reason: cancellationReason },
        });
        if (from === 'pending_deposit') depositStatus = 'cancelled';
        else {
          const refundable =
            startMs - cancelMs >= settings.policies.depositRefundMinDaysBefore * DAY_MS;
          depositStatus = refundable ? 'refunded' : 'succeeded'; // forfeited
        }
        depositUpdatedMs = cancelMs;
        break;
      }
    }

    const allergens = rng.chance(0.2)
      ? [rng.pick(ALLERGENS), ...(rng.chance(0.3) ? [rng.pick(ALLERGENS)] : [])]
      : [];
    bookingRows.push({
      id: bookingId,
      number: bookingNumber,
      station_id: stationId,
      customer_id: customer.id,
      quote_id: quoteId,
      status,
      previous_status: previousStatus,
      date: candidate.date,
      slot: candidate.slot,
      requested_time: rng.chance(0.8) ? candidate.slot : `${candidate.slot.slice(0, 2)}:30`,
      event_starts_at: candidate.startsAt,
      adults,
      children,
      toddlers,
      menu: JSON.stringify(menu),
      allergens: JSON.stringify([...new Set(allergens)]),
      special_requests: rng.chance(0.3) ? rng.pick(SPECIAL_REQUESTS) : null,
      venue_zip: venue.zip,
      venue_address: venueAddress,
      venue_lat: venue.lat,
      venue_lng: venue.lng,
      total_cents: quote.totalCents,
      deposit_cents: quote.depositCents,
      source_channel: rng.weighted(SOURCE_CHANNELS),
      access_token_hash: sha256Hex(`demo-${bookingNumber}-${rng.hex(16)}`),
      version: 1 + changes.length,
      cancelled_at: cancelledAt,
      cancellation_reason: cancellationReason,
      created_at: at(createdMs),
      updated_at: at(Math.max(createdMs, ...changes.map((c) => c.atMs))),
    });

    eventRows.push({
      booking_id: bookingId,
      type: 'created',
      data: JSON.stringify({
        status: 'pending_deposit',
        quoteNumber,
        totalCents: quote.totalCents,
      }),
      actor: 'seed',
      created_at: at(createdMs),
    });
    for (const change of changes) {
      eventRows.push({
        booking_id: bookingId,
        type: 'status_changed',
        data: JSON.stringify({ from: change.from, to: change.to, ...change.data }),
        actor: 'seed',
        created_at: at(change.atMs),
      });
    }

    const depositConfirmed = depositStatus === 'succeeded' || depositStatus === 'refunded';
    paymentRows.push({
      booking_id: bookingId,
      kind: 'deposit',
      method: depositMethod,
      provider: 'manual',
      status: depositStatus,
      amount_cents: quote.depositCents,
      reference: `DEP-${bookingNumber}`,
      confirmed_at: depositConfirmed ? at(confirmMs) : null,
      confirmed_by: depositConfirmed ? 'seed' : null,
      created_at: at(createdMs),
      updated_at: at(depositUpdatedMs),
    });
    if (status === 'completed') {
      const paidMs = startMs + (duration + rng.int(0, 90)) * MINUTE_MS;
      paymentRows.push({
        booking_id: bookingId,
        kind: 'balance',
        method: rng.weighted([
          ['zelle', 45],
          ['venmo', 25],
          ['cash', 30],
        ] as const),
        provider: 'manual',
        status: 'succeeded',
        amount_cents: quote.balanceCents,
        reference: `BAL-${bookingNumber}`,
        confirmed_at: at(paidMs),
        confirmed_by: 'seed',
        created_at: at(paidMs),
        updated_at: at(paidMs),
      });
      completedCustomers.push(customerIndex);
      completedBookingIds.push(bookingId);
    }

    if (startMs > nowMs && status !== 'cancelled') {
      for (const hours of settings.reminders.eventReminderHoursBefore) {
        const dueMs = startMs - hours * HOUR_MS;
        if (dueMs > nowMs) {
          messageRows.push({
            booking_id: bookingId,
            kind: `booking.reminder_${hours}h`,
            due_at: at(dueMs),
            status: 'planned',
            created_at: at(createdMs),
          });
        }
      }
    }
  });

  const customerRows: Insertable<CoreCustomers>[] = customers.map((c) => {
    const firstSeen = Number.isFinite(c.firstSeenMs)
      ? c.firstSeenMs
      : nowMs - rng.int(1, 400) * DAY_MS;
    const email = seal('email', c.email, 'core.customers.email');
    const phone = seal('phone', c.phone, 'core.customers.phone');
    return {
      id: c.id,
      name: c.name,
      email: email.value,
      email_index: email.index ?? '',
      phone: phone.value,
      phone_index: phone.index ?? '',
      created_at: at(firstSeen),
      updated_at: at(firstSeen),
    };
  });

  // Leads -------------------------------------------------------------------------------
  const leadStatuses = rng.shuffle([
    ...Array<string>(10).fill('new'),
    ...Array<string>(10).fill('working'),
    ...Array<string>(8).fill('qualified'),
    ...Array<string>(7).fill('converted'),
    ...Array<string>(5).fill('lost'),
  ]);
  const leadSources: [string, number][] = [
    ['web', 30],
    ['chat', 25],
    ['sms', 10],
    ['phone', 15],
    ['referral', 10],
    ['slot_full', 10],
  ];
  // Each lead's activity (crm.lead_events): created, the moves that brought it to its
  // status, the summary note, and the booking a converted lead became.
  const leadEventRows: Insertable<CrmLeadEvents>[] = [];
  const leadNotes = [
    'Asked about a vegetarian option for 4 guests.',
    'Prefers a text after 5pm.',
    'Comparing with two other caterers; price sensitive.',
    'Backyard party, needs the 21:00 slot.',
  ];
  const leadRows: Insertable<CrmLeads>[] = leadStatuses
    .slice(0, LEAD_COUNT)
    .map((leadStatus, i) => {
      const source = rng.weighted(leadSources);
      const createdMs = nowMs - rng.int(1, 60 * 24) * 60 * MINUTE_MS;
      const eventDate = addDays(today, rng.int(7, 120));
      const zip = rng.weighted(ZIPS.map((z) => [z, z.weight] as const));
      const details: Record<string, unknown> = {
        eventDate,
        guests: rng.int(8, 45),
        zip: zip.zip,
        ...(source === 'slot_full'
          ? {
              date: eventDate,
              slot: rng.pick(['18:00', '21:00']),
              note: 'Tried to book a full slot.',
            }
          : {}),
        ...(source === 'referral' ? { referredBy: rng.pick(customers).name } : {}),
      };
      const score =
        leadStatus === 'converted'
          ? 100
          : leadStatus === 'qualified'
            ? rng.int(70, 95)
            : leadStatus === 'working'
              ? rng.int(50, 80)
              : leadStatus === 'lost'
                ? rng.int(5, 30)
                : rng.int(35, 70);
      const open = leadStatus === 'new' || leadStatus === 'working' || leadStatus === 'qualified';
      let name: string;
      let email: string;
      let phone: string;
      let customerId: string | null = null;
      const linked =
        leadStatus === 'converted'
          ? customers[completedCustomers[i % Math.max(1, completedCustomers.length)] ?? i]
          : undefined;
      const linkedBookingId =
        leadStatus === 'converted'
          ? (completedBookingIds[i % Math.max(1, completedBookingIds.length)] ?? null)
          : null;
      if (linked) {
        customerId = linked.id;
        name = linked.name;
        email = linked.email;
        phone = linked.phone;
      } else {
        const first = rng.pick(FIRST_NAMES);
        const last = rng.pick(LAST_NAMES);
        const n = CUSTOMER_COUNT + i + 1;
        const area = AREA_CODES[n % AREA_CODES.length] as string;
        name = `${first} ${last}`;
        email = `${first}.${last}.${n}@example.com`;
        phone = `(${area}) 555-01${String(n % 100).padStart(2, '0')}`;
      }
      const leadId = randomUUID();
      const lostReason =
        leadStatus === 'lost'
          ? rng.pick(['Went with a restaurant instead.', 'Over budget.', 'Date no longer works.'])
          : null;
      const summary = i % 4 === 1 ? (leadNotes[i % leadNotes.length] ?? null) : null;
      const moves: [string, string][] = {
        new: [],
        working: [['new', 'working']],
        qualified: [
          ['new', 'working'],
          ['working', 'qualified'],
        ],
        converted: [
          ['new', 'working'],
          ['working', 'qualified'],
          ['qualified', 'converted'],
        ],
        lost: [['new', 'lost']],
      }[leadStatus] as [string, string][];
      const eventAt = (step: number) => at(Math.min(nowMs, createdMs + step * 90 * MINUTE_MS));
      const sealedEmail = seal('email', email, 'crm.leads.email');
      const sealedPhone = seal('phone', phone, 'crm.leads.phone');
      leadEventRows.push({
        lead_id: leadId,
        type: 'created',
        data: JSON.stringify({ source, score }),
        actor: 'system',
        created_at: eventAt(0),
      });
      if (summary)
        leadEventRows.push({
          lead_id: leadId,
          type: 'note',
          data: JSON.stringify({ text: summary }),
          actor: 'system',
          created_at: eventAt(1),
        });
      moves.forEach(([from, to], step) => {
        leadEventRows.push({
          lead_id: leadId,
          type: to === 'converted' ? 'converted' : 'status_changed',
          data: JSON.stringify(
            to === 'converted'
              ? { via: 'link', bookingId: linkedBookingId }
              : { from, to, reason: to === 'lost' ? lostReason : null },
          ),
          actor: 'system',
          created_at: eventAt(step + 2),
        });
      });
      return {
        id: leadId,
        station_id: stationId,
        customer_id: customerId,
        booking_id: linkedBookingId,
        lost_reason: lostReason,
        source,
        status: leadStatus,
        score,
        name,
        email: sealedEmail.value,
        email_index: sealedEmail.index,
        phone: sealedPhone.value,
        phone_index: sealedPhone.index,
        details: JSON.stringify(details),
        notes: summary,
        // Some follow-ups are already overdue, as on a real board.
        next_follow_up_at: open ? at(nowMs + rng.int(-48, 120) * HOUR_MS) : null,
        created_at: at(createdMs),
        updated_at: at(Math.min(nowMs, createdMs + rng.int(0, 72) * HOUR_MS)),
      };
    });

  await insertChunked(trx, 'core.customers', customerRows);
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

  return { chefs: CHEFS.length, customers: customerRows.length, bookings: bookingRows.length };
}
