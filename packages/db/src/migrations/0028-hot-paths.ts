import { sql, type Kysely } from 'kysely';

/**
 * Hot paths (issue F6, ADR 0002 unchanged in substance):
 * - `core.claim_slots(keys)`: the only writer of `core.slot_locks`. It locks every
 *   (station, date, slot) row of `keys` in (date, slot) order, one row at a time, so the
 *   acquisition order is explicit and two callers locking overlapping sets cannot deadlock.
 * - `core.slot_capacity_inputs(...)`: what one slot's capacity depends on (rostered chefs,
 *   their approved time off that day, the date's overrides), in a canonical order so two
 *   reads compare equal as jsonb. The capacity rule itself stays in `@teppan/core`.
 * - `core.slot_taken(...)`: active bookings + unexpired holds, judged at clock_timestamp().
 * - `core.place_hold(p)`: one statement (its own transaction) that places a hold: the caps'
 *   advisory locks and counts, the slot lock, the capacity inputs read again under it (when
 *   they differ from what the caller computed the capacity from, it answers `stale` with the
 *   fresh inputs and writes nothing), the occupancy, then the customer, consents, hold and
 *   its scheduled messages. A plpgsql function takes a fresh snapshot for each statement,
 *   so what it reads after waiting for a lock includes what committed meanwhile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function core.claim_slots(p_keys jsonb) returns void
    language plpgsql volatile as $$
    declare
      k record;
    begin
      for k in
        select distinct (e->>'date')::date as date, e->>'slot' as slot,
               (e->>'stationId')::uuid as station_id
          from jsonb_array_elements(p_keys) e
         order by 1, 2, 3
      loop
        insert into core.slot_locks (station_id, date, slot)
        values (k.station_id, k.date, k.slot)
        on conflict (station_id, date, slot) do update set slot = excluded.slot;
      end loop;
    end $$`.execute(db);

  await sql`
    create function core.slot_capacity_inputs(p_station uuid, p_date date, p_weekday int, p_slot text)
    returns jsonb language sql volatile as $$
      select jsonb_build_object(
        'chef_ids', (select coalesce(jsonb_agg(a.chef_id order by a.chef_id), '[]'::jsonb)
                       from ops.chef_weekly_availability a
                       join ops.chefs c on c.id = a.chef_id
                      where c.station_id = p_station and c.is_active
                        and a.weekday = p_weekday and a.slot = p_slot),
        'time_off', (select coalesce(jsonb_agg(jsonb_build_object(
                              'chef_id', t.chef_id, 'from_date', t.from_date, 'to_date', t.to_date)
                              order by t.chef_id, t.from_date, t.to_date), '[]'::jsonb)
                       from ops.chef_time_off t
                       join ops.chefs c on c.id = t.chef_id
                      where c.station_id = p_station and t.status = 'approved'
                        and t.from_date <= p_date and t.to_date >= p_date),
        'overrides', (select coalesce(jsonb_agg(jsonb_build_object(
                               'slot', o.slot, 'is_blackout', o.is_blackout,
                               'max_capacity', o.max_capacity, 'reason', o.reason)
                               order by o.slot nulls first), '[]'::jsonb)
                        from core.date_overrides o
                       where o.station_id = p_station and o.date = p_date))
    $$`.execute(db);

  await sql`
    create function core.slot_taken(p_station uuid, p_date date, p_slot text)
    returns int language sql volatile as $$
      select (select count(*)::int from core.bookings b
               where b.station_id = p_station and b.date = p_date and b.slot = p_slot
                 and b.status <> 'cancelled')
           + (select count(*)::int from core.holds h
               where h.station_id = p_station and h.date = p_date and h.slot = p_slot
                 and h.status in ('awaiting_signature', 'awaiting_deposit')
                 and h.expires_at > clock_timestamp())
    $$`.execute(db);

  await sql`
    create function core.place_hold(p jsonb) returns jsonb
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function core.place_hold(jsonb)`.execute(db);
  await sql`drop function core.slot_taken(uuid, date, text)`.execute(db);
  await sql`drop function core.slot_capacity_inputs(uuid, date, int, text)`.execute(db);
  await sql`drop function core.claim_slots(jsonb)`.execute(db);
}
