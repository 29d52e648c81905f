import { sql, type Kysely } from 'kysely';

/**
 * Hot leads in the hold's own round trips (issue F6):
 * - `crm.insert_lead(p)`: a lead and its `created` activity entry in one statement (so one
 *   round trip, and never a lead without its entry). Contact details arrive encrypted, with
 *   their blind indexes (ADR 0016): the keys never reach the database.
 * - `core.record_slot_full_lead(p)`: the hot lead of a customer who lost the race for a
 *   slot, its details taken from the quote (`p.quoteId`) and the slot asked for.
 * - `core.place_hold_or_lead(p)`: `core.place_hold(p)`; when it answers `slot_full` and
 *   `p.hotLead` is given, records that lead in the same statement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function crm.insert_lead(p jsonb) returns uuid
    language plpgsql volatile as $$
    declare
      v_lead uuid;
    begin
      insert into crm.leads (station_id, source, score, name, email, email_index, phone,
                             phone_index, details, notes, next_follow_up_at, owner_staff_id,
                             customer_id)
      values ((p->>'stationId')::uuid, p->>'source', (p->>'score')::int, p->>'name',
              p->>'email', p->>'emailIndex', p->>'phone', p->>'phoneIndex',
              coalesce(p->'details', '{}'::jsonb), p->>'notes',
              (p->>'nextFollowUpAt')::timestamptz, (p->>'ownerStaffId')::uuid,
              (p->>'customerId')::uuid)
      returning id into v_lead;
      insert into crm.lead_events (lead_id, type, data, actor)
      values (v_lead, 'created',
              jsonb_build_object('source', p->>'source', 'score', (p->>'score')::int),
              coalesce(p->>'actor', 'system'));
      return v_lead;
    end $$`.execute(db);

  await sql`
    create function core.record_slot_full_lead(p jsonb) returns uuid
    language sql volatile as $$
      select crm.insert_lead(p->'lead' || jsonb_build_object(
               'stationId', q.station_id,
               'details', jsonb_build_object(
                 'quoteId', q.id, 'quoteNumber', q.number, 'date', p->'date', 'slot', p->'slot',
                 'requestedTime', coalesce(p->'requestedTime', 'null'::jsonb),
                 'guests', q.adults + q.children + q.toddlers, 'totalCents', q.total_cents)))
        from core.quotes q
       where q.id = (p->>'quoteId')::uuid
    $$`.execute(db);

  await sql`
    create function core.place_hold_or_lead(p jsonb) returns jsonb
    language plpgsql volatile as $$
    declare
      v_result jsonb := core.place_hold(p);
    begin
      if v_result->>'outcome' = 'slot_full' and jsonb_typeof(p->'hotLead') = 'object' then
        perform core.record_slot_full_lead(p->'hotLead');
      end if;
      return v_result;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function core.place_hold_or_lead(jsonb)`.execute(db);
  await sql`drop function core.record_slot_full_lead(jsonb)`.execute(db);
  await sql`drop function crm.insert_lead(jsonb)`.execute(db);
}
