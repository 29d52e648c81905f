import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Database } from '../create-db.ts';
import { createEmptyDatabase } from '../testing.ts';
import { migrations } from './index.ts';
import { down, up } from './0022-station-scoped-audit-and-inbox.ts';

/**
 * Migration 0022 on a database with history: audit entries written before it get the
 * station of the record they name, and old conversations the station of the booking, hold
 * or quote they touched (or none, with several stations). `down` removes the audit column.
 */

let scratch: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Database;
const raw = () => db as unknown as Kysely<unknown>;

async function one<T>(query: ReturnType<typeof sql<T>>): Promise<T> {
  const { rows } = await query.execute(db);
  const row = rows[0];
  if (!row) throw new Error('no row');
  return row;
}

beforeAll(async () => {
  scratch = await createEmptyDatabase(inject('adminUrl'));
  db = createDb({ url: scratch.url, max: 2 }).db;
  const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0022'));
  const result = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(before) },
    migrationTableSchema: 'public',
  }).migrateToLatest();
  if (result.error) throw new Error('migrating to 0020 failed', { cause: result.error });
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

async function station(code: string): Promise<string> {
  return (
    await one(sql<{ id: string }>`
      insert into core.stations (code, name, time_zone, address, zip, lat, lng)
      values (${code}, ${code}, 'America/Los_Angeles', 'x', '94539', 37.5, -121.9)
      returning id`)
  ).id;
}

async function quoteAt(stationId: string, number: string): Promise<string> {
  return (
    await one(sql<{ id: string }>`
      insert into core.quotes (number, station_id, settings_version, adults, children, toddlers,
        menu, lines, food_subtotal_cents, minimum_applied, travel_miles, travel_fee_cents,
        travel_source, within_service_area, tax_cents, total_cents, deposit_cents, balance_cents,
        gratuity_suggestions, protein_selection, venue_zip, venue_lat, venue_lng)
      values (${number}, ${stationId}, 1, 10, 0, 0, '{}', '[]', 55000, false, 10, 0, 'estimate',
        true, 0, 55000, 10000, 45000, '[]', '{}', '95112', 37.3, -121.9)
      returning id`)
  ).id;
}

async function bookingAt(stationId: string, number: string): Promise<string> {
  const customer = await one(sql<{ id: string }>`
    insert into core.customers (name, email, email_normalized, phone, phone_normalized)
    values ('Pat', ${`${number}@example.com`}, ${`${number}@example.com`}, '5105550100', '5105550100')
    returning id`);
  const quote = await quoteAt(stationId, `Q-${number}`);
  return (
    await one(sql<{ id: string }>`
      insert into core.bookings (number, station_id, customer_id, quote_id, status, date, slot,
        event_starts_at, adults, children, toddlers, menu, venue_zip, venue_lat, venue_lng,
        total_cents, deposit_cents, access_token_hash)
      values (${number}, ${stationId}, ${customer.id}, ${quote}, 'confirmed', '2030-01-01',
        '18:00', '2030-01-02T02:00:00Z', 10, 0, 0, '{}', '95112', 37.3, -121.9, 55000, 10000, 'h')
      returning id`)
  ).id;
}

async function conversation(toolCalls: unknown[] | null): Promise<string> {
  const row = await one(sql<{ id: string }>`
    insert into ai.conversations (channel, token_hash, state)
    values ('web', 't', '{}') returning id`);
  if (toolCalls)
    await sql`
      insert into ai.messages (conversation_id, role, text, tool_calls)
      values (${row.id}, 'assistant', 'x', ${JSON.stringify(toolCalls)}::jsonb)`.execute(db);
  return row.id;
}

async function entry(entity: string, entityId: string | null): Promise<number> {
  return (
    await one(sql<{ id: number }>`
      insert into audit.log (actor, action, entity, entity_id)
      values ('staff:x', ${`${entity}.test`}, ${entity}, ${entityId}) returning id`)
  ).id;
}

describe('migration 0022 on existing data', () => {
  it('fills audit stations from the named records and conversations from what they touched', async () => {
    const a = await station('CA-MIG-A');
    const b = await station('CA-MIG-B');
    const bookingB = await bookingAt(b, 'TP-9001');
    const quoteA = await quoteAt(a, 'Q-MIG-A');
    const chefB = (
      await one(sql<{ id: string }>`
        insert into ops.chefs (station_id, name) values (${b}, 'Chef') returning id`)
    ).id;
    const leadA = (
      await one(sql<{ id: string }>`
        insert into crm.leads (station_id, source) values (${a}, 'web') returning id`)
    ).id;
    const touchedBooking = await conversation([
      { name: 'findBooking', input: {}, output: { id: bookingB } },
    ]);
    const touchedQuote = await conversation([
      { name: 'quote', input: {}, output: { id: quoteA } },
      { name: 'findBooking', input: {}, output: null },
    ]);
    const untouched = await conversation(null);

    const ids = {
      booking: await entry('booking', bookingB),
      chef: await entry('chef', chefB),
      lead: await entry('lead', leadA),
      station: await entry('station_settings', a),
      conversation: await entry('conversation', touchedBooking),
      login: await entry('staff', 'someone'),
      gone: await entry('booking', '00000000-0000-4000-8000-000000000000'),
    };

    await up(raw());

    const { rows } = await sql<{ id: number; station_id: string | null }>`
      select id, station_id from audit.log`.execute(db);
    const stationOf = new Map(rows.map((r) => [r.id, r.station_id]));
    expect(stationOf.get(ids.booking)).toBe(b);
    expect(stationOf.get(ids.chef)).toBe(b);
    expect(stationOf.get(ids.lead)).toBe(a);
    expect(stationOf.get(ids.station)).toBe(a);
    expect(stationOf.get(ids.conversation)).toBe(b);
    // Organisation-wide, or about a record that no longer exists: super admins only.
    expect(stationOf.get(ids.login)).toBeNull();
    expect(stationOf.get(ids.gone)).toBeNull();

    const conversations = await sql<{ id: string; station_id: string | null }>`
      select id, station_id from ai.conversations`.execute(db);
    const conversationStation = new Map(conversations.rows.map((r) => [r.id, r.station_id]));
    expect(conversationStation.get(touchedBooking)).toBe(b);
    expect(conversationStation.get(touchedQuote)).toBe(a);
    // Two stations: nothing says which one an untouched conversation belongs to.
    expect(conversationStation.get(untouched)).toBeNull();

    await down(raw());
    const column = await sql`
      select 1 from information_schema.columns
       where table_schema = 'audit' and table_name = 'log' and column_name = 'station_id'`.execute(
      db,
    );
    expect(column.rows).toEqual([]);
  });
});
