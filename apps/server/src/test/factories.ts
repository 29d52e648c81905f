import {
  addDays,
  defaultSettings,
  demoPayees,
  slotTimes,
  utcToZoned,
  type Settings,
} from '@teppan/core';
import type { Database } from '@teppan/db';

export const FREMONT = {
  code: 'CA-FREMONT-001',
  name: 'Fremont',
  time_zone: 'America/Los_Angeles',
  address: '39650 Liberty Ave, Fremont, CA 94538',
  zip: '94539',
  lat: 37.5485,
  lng: -121.9886,
};

/**
 * The open-hold caps of test stations (SPEC §4 defaults: 2 per contact, 5 per IP a day):
 * tests place many holds from one address (app.inject, one browser), so they are lifted,
 * as the harness lifts the rate limits. hold-caps.int.test.ts tests the real defaults.
 */
export const TEST_HOLD_CAPS = { maxOpenPerContact: 1000, maxOpenPerIpPerDay: 1000 } as const;

/** A station with settings v1 and `chefs` chefs who work every slot of every day. */
export async function newStation(
  db: Database,
  overrides: { chefs?: number; settings?: Partial<Settings>; code?: string } = {},
): Promise<{ stationId: string; chefIds: string[] }> {
  const station = await db
    .insertInto('core.stations')
    .values({ ...FREMONT, code: overrides.code ?? FREMONT.code })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('core.settings_versions')
    .values({
      station_id: station.id,
      version: 1,
      settings: JSON.stringify({
        ...defaultSettings,
        holds: { ...defaultSettings.holds, ...TEST_HOLD_CAPS },
        // The demo payees, so Zelle and Venmo are offered; a test of "no payee" overrides them.
        payees: demoPayees,
        ...overrides.settings,
      }),
      changed_by: 'test',
    })
    .execute();
  const chefIds: string[] = [];
  for (let i = 0; i < (overrides.chefs ?? 2); i += 1) {
    const chef = await db
      .insertInto('ops.chefs')
      .values({ station_id: station.id, name: `Chef ${i + 1}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    chefIds.push(chef.id);
    await db
      .insertInto('ops.chef_weekly_availability')
      .values(
        [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) =>
          slotTimes.map((slot) => ({ chef_id: chef.id, weekday, slot })),
        ),
      )
      .execute();
  }
  return { stationId: station.id, chefIds };
}

/** A date `days` ahead in the station's time zone. Beyond 14 days capacity is the default (2). */
export function dateAhead(days: number, now = new Date()): string {
  return addDays(utcToZoned({ instant: now, timeZone: FREMONT.time_zone }).date, days);
}

export function quoteBody(overrides: Record<string, unknown> = {}) {
  return {
    adults: 10,
    children: 2,
    toddlers: 1,
    proteins: { chicken: 12, ny_strip: 12 },
    venue: { zip: '95112' },
    ...overrides,
  };
}

let customerSeq = 0;
// Each guest is another person: another email and another phone (the per-phone hold cap
// counts people sharing a number). Phones run on from a random start: 10,000 guests per
// process before one repeats.
const phoneBase = Math.floor(Math.random() * 10_000);
export function customer(overrides: Record<string, unknown> = {}) {
  customerSeq += 1;
  const line = String((phoneBase + customerSeq) % 10_000).padStart(4, '0');
  return {
    name: `Guest ${customerSeq}`,
    email: `guest${customerSeq}.${Math.floor(Math.random() * 1e9)}@example.com`,
    phone: `(510) 555-${line}`,
    ...overrides,
  };
}

export const SIGN_BODY = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
} as const;

/**
 * A booking made the way a customer makes one, through the public API: quote, hold, sign,
 * offline deposit. Returns the deposit response (the booking, its manage token, payments).
 */
export async function bookViaApi(
  app: {
    inject: (options: {
      method: 'POST';
      url: string;
      payload: unknown;
    }) => PromiseLike<{ statusCode: number; body: string; json: <T>() => T }>;
  },
  options: {
    daysAhead: number;
    slot?: string;
    stationId?: string;
    customer?: Record<string, unknown>;
  },
): Promise<{
  id: string;
  number: string;
  manageToken: string;
  version: number;
  totalCents: number;
  payments: { id: string }[];
}> {
  const quote = await app.inject({
    method: 'POST',
    url: '/api/v1/quotes',
    payload: { ...quoteBody(), ...(options.stationId ? { stationId: options.stationId } : {}) },
  });
  const { id: quoteId } = quote.json<{ id: string }>();
  const hold = await app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    payload: {
      quoteId,
      date: dateAhead(options.daysAhead),
      slot: options.slot ?? '18:00',
      customer: customer(options.customer),
    },
  });
  if (hold.statusCode !== 201) throw new Error(`hold failed: ${hold.statusCode} ${hold.body}`);
  const { id: holdId } = hold.json<{ id: string }>();
  await app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/sign`, payload: SIGN_BODY });
  const deposit = await app.inject({
    method: 'POST',
    url: `/api/v1/holds/${holdId}/deposit`,
    payload: {},
  });
  if (deposit.statusCode !== 201)
    throw new Error(`deposit failed: ${deposit.statusCode} ${deposit.body}`);
  return deposit.json();
}
