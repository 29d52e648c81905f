import { sql, type Kysely } from 'kysely';

/**
 * Holds under contention (issue F6). Most attempts on a contended slot lose, so a loser is
 * made as cheap as it can be:
 * - `core.place_hold` takes the slot lock and checks the capacity inputs and the occupancy
 *   first, then the caps' advisory locks and counts: a request the slot turns away never
 *   locks the contact or counts its holds. Lock order is the one slot, then the contact and
 *   address keys sorted; each request locks one slot, so no two can wait on each other in a
 *   cycle. When the slot is full and the contact is also over its cap, the answer is now
 *   `slot_full` (the slot cannot be had whoever asks). ADR 0018 records the order.
 * - `core.place_hold_or_lead` runs `core.place_hold` in a subtransaction and rolls it back
 *   on any refusal (which wrote nothing but its claim on the slot row), so the slot lock is
 *   given up before the hot lead is written and the next request for the slot does not
 *   wait for it.
 * - `core.load_for_hold(p)`: the read before the locked statement, which the hold route
 *   sent as one large query planned again on every call (0.6 ms of planning per attempt);
 *   a plpgsql function keeps its plans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function core.place_hold(p jsonb) returns jsonb
    language plpgsql volatile as $$
    declare
      v_station uuid := (p->>'stationId')::uuid;
      v_date date := (p->>'date')::date;
      v_slot text := p->>'slot';
      v_caps jsonb := p->'caps';
      v_key text;
      v_ids uuid[];
      v_open int;
      v_inputs jsonb;
      v_taken int;
      v_customer uuid;
      v_hold core.holds;
      v_scheduled jsonb;
    begin
      perform core.claim_slots(jsonb_build_array(
        jsonb_build_object('stationId', v_station, 'date', v_date, 'slot', v_slot)));
      -- Capacity again, as of the lock: a blackout, cap or time off written meanwhile took
      -- the same lock. The caller computed the capacity from p->'inputs'.
      v_inputs := core.slot_capacity_inputs(v_station, v_date, (p->>'weekday')::int, v_slot);
      if v_inputs is distinct from p->'inputs' then
        return jsonb_build_object('outcome', 'stale', 'inputs', v_inputs);
      end if;
      v_taken := core.slot_taken(v_station, v_date, v_slot);
      if v_taken >= (p->>'capacity')::int then
        return jsonb_build_object('outcome', 'slot_full', 'taken', v_taken);
      end if;

      -- Caps second, under the slot lock: a request the slot turns away never takes the
      -- contact's locks nor counts its holds. Lock order is always the one slot, then the
      -- contact and address keys sorted, so no two requests can deadlock.
      if jsonb_typeof(v_caps) = 'object' then
        for v_key in
          select distinct x collate "C" from jsonb_array_elements_text(v_caps->'lockKeys') x order by 1
        loop
          perform pg_advisory_xact_lock(hashtextextended(v_key, 0));
        end loop;
        -- By email, then by phone (a phone is shared within families).
        for v_ids in
          select case when i = 1
                   then array(select id from core.customers where email_index = v_caps->>'emailIndex')
                   else array(select id from core.customers where phone_index = v_caps->>'phoneIndex')
                 end
            from generate_series(1, 2) i order by i
        loop
          select (select count(*) from core.holds
                   where customer_id = any(v_ids)
                     and status in ('awaiting_signature', 'awaiting_deposit')
                     and expires_at > clock_timestamp())::int
               + (select count(*) from core.bookings
                   where customer_id = any(v_ids) and status = 'pending_deposit')::int
            into v_open;
          if v_open >= (v_caps->>'maxOpenPerContact')::int then
            return jsonb_build_object('outcome', 'contact_cap');
          end if;
        end loop;
        if v_caps->>'ipHash' is not null then
          select count(*)::int into v_open
            from core.holds h
            left join core.bookings b on b.id = h.booking_id
           where h.ip_hash = v_caps->>'ipHash'
             and h.created_at > clock_timestamp() - make_interval(hours => (v_caps->>'ipWindowHours')::int)
             and ((h.status in ('awaiting_signature', 'awaiting_deposit')
                   and h.expires_at > clock_timestamp())
                  or (h.status = 'converted' and b.status = 'pending_deposit'));
          if v_open >= (v_caps->>'maxOpenPerIp')::int then
            return jsonb_build_object('outcome', 'ip_cap');
          end if;
        end if;
      end if;

      insert into core.customers (name, email, email_index, phone, phone_index)
      values (p->'customer'->>'name', p->'customer'->>'email', p->'customer'->>'emailIndex',
              p->'customer'->>'phone', p->'customer'->>'phoneIndex')
      on conflict (email_index) do update set email_index = excluded.email_index
      returning id into v_customer;

      insert into marketing.consents
        (phone, phone_index, email, email_index, channel, purpose, status, source, text_shown, ip)
      select c->>'phone', c->>'phoneIndex', c->>'email', c->>'emailIndex', c->>'channel',
             c->>'purpose', c->>'status', c->>'source', c->>'textShown', c->>'ip'
        from jsonb_array_elements(coalesce(p->'consents', '[]'::jsonb)) with ordinality e(c, i)
       order by i;

      insert into core.holds (station_id, quote_id, customer_id, date, slot, requested_time,
                              status, sign_deadline, expires_at, idempotency_key, request_hash,
                              source_channel, ip_hash)
      values (v_station, (p->>'quoteId')::uuid, v_customer, v_date, v_slot, p->>'requestedTime',
              'awaiting_signature', (p->>'signDeadline')::timestamptz,
              (p->>'signDeadline')::timestamptz, p->>'idempotencyKey', p->>'requestHash',
              p->>'sourceChannel', p->>'ipHash')
      returning * into v_hold;

      with inserted as (
        insert into core.scheduled_messages (hold_id, kind, due_at)
        select v_hold.id, m->>'kind', (m->>'dueAt')::timestamptz
          from jsonb_array_elements(coalesce(p->'messages', '[]'::jsonb)) with ordinality e(m, i)
         order by i
        returning id, due_at, kind
      )
      select coalesce(jsonb_agg(jsonb_build_object('id', id, 'due_at', due_at, 'kind', kind)), '[]'::jsonb)
        into v_scheduled from inserted;

      return jsonb_build_object('outcome', 'placed', 'hold', to_jsonb(v_hold), 'scheduled', v_scheduled);
    end $$`.execute(db);

  await sql`
    create or replace function core.place_hold_or_lead(p jsonb) returns jsonb
    language plpgsql volatile as $$
    declare
      v_result jsonb;
    begin
      begin
        v_result := core.place_hold(p);
        if v_result->>'outcome' <> 'placed' then
          raise sqlstate 'TH001';
        end if;
      exception when sqlstate 'TH001' then
        null;
      end;
      if v_result->>'outcome' = 'slot_full' and jsonb_typeof(p->'hotLead') = 'object' then
        perform core.record_slot_full_lead(p->'hotLead');
      end if;
      return v_result;
    end $$`.execute(db);

  await sql`
    create function core.load_for_hold(p jsonb)
    returns table (quote core.quotes, replay_hold jsonb, slot_inputs jsonb, slot_taken int,
                   attempt jsonb)
    language plpgsql volatile as $$
    declare
      v_guess jsonb := p->'guess';
    begin
      select * into quote from core.quotes q where q.id = (p->>'quoteId')::uuid;
      if p->>'idempotencyKey' is not null then
        select to_jsonb(h) into replay_hold
          from core.holds h where h.idempotency_key = p->>'idempotencyKey';
      end if;
      if (quote).id is not null then
        slot_inputs := core.slot_capacity_inputs((quote).station_id, (p->>'date')::date,
                                                 (p->>'weekday')::int, p->>'slot');
        slot_taken := core.slot_taken((quote).station_id, (p->>'date')::date, p->>'slot');
        -- The guess (a whole placement prepared from remembered inputs) runs only when
        -- what it was prepared from is what was just read.
        if jsonb_typeof(v_guess) = 'object' and replay_hold is null
           and (quote).within_service_area
           and (quote).station_id = (v_guess->>'stationId')::uuid
           and slot_inputs = v_guess->'inputs' then
          if slot_taken >= (v_guess->>'capacity')::int then
            attempt := jsonb_build_object('outcome', 'slot_full', 'taken', slot_taken,
                                          'leadId', core.record_slot_full_lead(v_guess->'hotLead'));
          else
            attempt := core.place_hold_or_lead(v_guess);
          end if;
        end if;
      end if;
      return next;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function core.load_for_hold(jsonb)`.execute(db);
  await sql`
    create or replace function core.place_hold(p jsonb) returns jsonb
    language plpgsql volatile as $$
    declare
      v_station uuid := (p->>'stationId')::uuid;
      v_date date := (p->>'date')::date;
      v_slot text := p->>'slot';
      v_caps jsonb := p->'caps';
      v_key text;
      v_ids uuid[];
      v_open int;
      v_inputs jsonb;
      v_taken int;
      v_customer uuid;
      v_hold core.holds;
      v_scheduled jsonb;
    begin
      -- Caps first, before the slot lock: a request waiting on a shared contact never
      -- holds a slot. Keys sorted, so requests sharing several cannot deadlock.
      if jsonb_typeof(v_caps) = 'object' then
        for v_key in
          select distinct x collate "C" from jsonb_array_elements_text(v_caps->'lockKeys') x order by 1
        loop
          perform pg_advisory_xact_lock(hashtextextended(v_key, 0));
        end loop;
        -- By email, then by phone (a phone is shared within families).
        for v_ids in
          select case when i = 1
                   then array(select id from core.customers where email_index = v_caps->>'emailIndex')
                   else array(select id from core.customers where phone_index = v_caps->>'phoneIndex')
                 end
            from generate_series(1, 2) i order by i
        loop
          select (select count(*) from core.holds
                   where customer_id = any(v_ids)
                     and status in ('awaiting_signature', 'awaiting_deposit')
                     and expires_at > clock_timestamp())::int
               + (select count(*) from core.bookings
                   where customer_id = any(v_ids) and status = 'pending_deposit')::int
            into v_open;
          if v_open >= (v_caps->>'maxOpenPerContact')::int then
            return jsonb_build_object('outcome', 'contact_cap');
          end if;
        end loop;
        if v_caps->>'ipHash' is not null then
          select count(*)::int into v_open
            from core.holds h
            left join core.bookings b on b.id = h.booking_id
           where h.ip_hash = v_caps->>'ipHash'
             and h.created_at > clock_timestamp() - make_interval(hours => (v_caps->>'ipWindowHours')::int)
             and ((h.status in ('awaiting_signature', 'awaiting_deposit')
                   and h.expires_at > clock_timestamp())
                  or (h.status = 'converted' and b.status = 'pending_deposit'));
          if v_open >= (v_caps->>'maxOpenPerIp')::int then
            return jsonb_build_object('outcome', 'ip_cap');
          end if;
        end if;
      end if;

      perform core.claim_slots(jsonb_build_array(
        jsonb_build_object('stationId', v_station, 'date', v_date, 'slot', v_slot)));
      -- Capacity again, as of the lock: a blackout, cap or time off written meanwhile took
      -- the same lock. The caller computed the capacity from p->'inputs'.
      v_inputs := core.slot_capacity_inputs(v_station, v_date, (p->>'weekday')::int, v_slot);
      if v_inputs is distinct from p->'inputs' then
        return jsonb_build_object('outcome', 'stale', 'inputs', v_inputs);
      end if;
      v_taken := core.slot_taken(v_station, v_date, v_slot);
      if v_taken >= (p->>'capacity')::int then
        return jsonb_build_object('outcome', 'slot_full', 'taken', v_taken);
      end if;

      insert into core.customers (name, email, email_index, phone, phone_index)
      values (p->'customer'->>'name', p->'customer'->>'email', p->'customer'->>'emailIndex',
              p->'customer'->>'phone', p->'customer'->>'phoneIndex')
      on conflict (email_index) do update set email_index = excluded.email_index
      returning id into v_customer;

      insert into marketing.consents
        (phone, phone_index, email, email_index, channel, purpose, status, source, text_shown, ip)
      select c->>'phone', c->>'phoneIndex', c->>'email', c->>'emailIndex', c->>'channel',
             c->>'purpose', c->>'status', c->>'source', c->>'textShown', c->>'ip'
        from jsonb_array_elements(coalesce(p->'consents', '[]'::jsonb)) with ordinality e(c, i)
       order by i;

      insert into core.holds (station_id, quote_id, customer_id, date, slot, requested_time,
                              status, sign_deadline, expires_at, idempotency_key, request_hash,
                              source_channel, ip_hash)
      values (v_station, (p->>'quoteId')::uuid, v_customer, v_date, v_slot, p->>'requestedTime',
              'awaiting_signature', (p->>'signDeadline')::timestamptz,
              (p->>'signDeadline')::timestamptz, p->>'idempotencyKey', p->>'requestHash',
              p->>'sourceChannel', p->>'ipHash')
      returning * into v_hold;

      with inserted as (
        insert into core.scheduled_messages (hold_id, kind, due_at)
        select v_hold.id, m->>'kind', (m->>'dueAt')::timestamptz
          from jsonb_array_elements(coalesce(p->'messages', '[]'::jsonb)) with ordinality e(m, i)
         order by i
        returning id, due_at, kind
      )
      select coalesce(jsonb_agg(jsonb_build_object('id', id, 'due_at', due_at, 'kind', kind)), '[]'::jsonb)
        into v_scheduled from inserted;

      return jsonb_build_object('outcome', 'placed', 'hold', to_jsonb(v_hold), 'scheduled', v_scheduled);
    end $$`.execute(db);

  await sql`
    create or replace function core.place_hold_or_lead(p jsonb) returns jsonb
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
