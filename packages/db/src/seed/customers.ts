import { randomUUID } from 'node:crypto';
import { type Insertable } from 'kysely';
import type { CoreCustomers } from '../generated/db.ts';
import {
  CUSTOMER_COUNT,
  DAY_MS,
  ZIPS,
  AREA_CODES,
  FIRST_NAMES,
  LAST_NAMES,
  STREETS,
} from './catalogue.ts';
import { at } from './rows.ts';
import { type SeedContext } from './context.ts';

/** The demo customers: names, contacts and home addresses. */
export function makeCustomers(ctx: SeedContext) {
  const { rng } = ctx;
  return Array.from({ length: CUSTOMER_COUNT }, (_, i) => {
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
}

export type DemoCustomer = ReturnType<typeof makeCustomers>[number];

/** The customers' rows, first seen at their first booking (or some time back). */
export function customerRows(
  ctx: SeedContext,
  customers: readonly DemoCustomer[],
): Insertable<CoreCustomers>[] {
  const { rng, nowMs, seal } = ctx;
  return customers.map((c) => {
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
}
