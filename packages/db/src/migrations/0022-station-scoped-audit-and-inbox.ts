import { sql, type Kysely } from 'kysely';

/**
 * Audit entries and assistant conversations are read per station (SPEC §14, ADR 0019).
 *
 * - `audit.log.station_id`: the station of the record an entry is about; null for
 *   organisation-wide entries (sign-ins, staff accounts, shared knowledge), which only super
 *   admins read. Existing entries are filled from the record they name where it still exists.
 * - `ai.conversations.station_id` existed but was never set: with exactly one station every
 *   old conversation belongs to it; with several, one stays without a station (super admins
 *   only) unless it touched a booking, hold or quote, whose station it takes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit.log add column station_id uuid references core.stations(id)`.execute(
    db,
  );

  const fill = async (entity: string, source: ReturnType<typeof sql>) => {
    await sql`
      update audit.log a set station_id = s.station_id
        from (${source}) s
       where a.entity = ${entity} and a.entity_id = s.id and a.station_id is null`.execute(db);
  };
  await fill('booking', sql`select id::text as id, station_id from core.bookings`);
  await fill(
    'payment',
    sql`select p.id::text as id, b.station_id from core.payments p join core.bookings b on b.id = p.booking_id`,
  );
  await fill('chef', sql`select id::text as id, station_id from ops.chefs`);
  await fill(
    'chef_time_off',
    sql`select t.id::text as id, c.station_id from ops.chef_time_off t join ops.chefs c on c.id = t.chef_id`,
  );
  await fill('lead', sql`select id::text as id, station_id from crm.leads`);
  await fill(
    'settings_change_request',
    sql`select id::text as id, station_id from core.settings_change_requests`,
  );
  await fill('date_override', sql`select id::text as id, station_id from core.date_overrides`);
  await fill('station', sql`select id::text as id, id as station_id from core.stations`);
  await fill('station_settings', sql`select id::text as id, id as station_id from core.stations`);
  await fill('api_key', sql`select id::text as id, station_id from identity.api_keys`);
  // An admin's audit page lists their stations' entries, newest first.
  await sql`create index log_station_idx on audit.log (station_id, id desc)`.execute(db);

  // Conversations: the station of the newest booking, hold or quote a turn touched...
  await sql`
    update ai.conversations c set station_id = coalesce(
      (select b.station_id from ai.messages m
         cross join lateral jsonb_array_elements(coalesce(m.tool_calls, '[]'::jsonb)) t
         join core.bookings b on b.id::text = coalesce(t->'output'->>'bookingId', t->'output'->>'id')
        where m.conversation_id = c.id and t->>'name' in ('findBooking', 'paymentStatus')
        order by m.id desc limit 1),
      (select h.station_id from ai.messages m
         cross join lateral jsonb_array_elements(coalesce(m.tool_calls, '[]'::jsonb)) t
         join core.holds h on h.id::text = t->'output'->>'id'
        where m.conversation_id = c.id and t->>'name' = 'placeHold'
        order by m.id desc limit 1),
      (select q.station_id from ai.messages m
         cross join lateral jsonb_array_elements(coalesce(m.tool_calls, '[]'::jsonb)) t
         join core.quotes q on q.id::text = t->'output'->>'id'
        where m.conversation_id = c.id and t->>'name' = 'quote'
        order by m.id desc limit 1))
     where c.station_id is null`.execute(db);
  // ...and with a single station, the rest belong to it.
  await sql`
    update ai.conversations set station_id = (select id from core.stations)
     where station_id is null and (select count(*) from core.stations) = 1`.execute(db);
  // After the conversations have their station, so entries about them get it too.
  await fill('conversation', sql`select id::text as id, station_id from ai.conversations`);
  await sql`create index conversations_station_idx on ai.conversations (station_id, updated_at desc, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ai.conversations_station_idx`.execute(db);
  // The stations given to conversations stay: the column existed before this migration.
  await sql`drop index audit.log_station_idx`.execute(db);
  await sql`alter table audit.log drop column station_id`.execute(db);
}
