import { sql, type Kysely } from 'kysely';

/**
 * Calendar versions (issue F6, ADR 0022): one counter per station that moves, in the same
 * transaction, with every write that can change the station's availability — bookings,
 * holds, date overrides, chefs, their weekly slots and their time off. A reader that sees
 * the same version as before knows that nothing those figures depend on has committed since
 * (the clock aside: hold expiry and notice are judged by the reader), so the availability
 * route can answer a range it has already computed with one primary-key read.
 *
 * The counter is moved by deferred constraint triggers, that is at commit, after everything
 * else the transaction locks: a writer never holds the station's version row while it waits
 * for a slot lock, so the hold path's lock order (slot locks, then rows) cannot deadlock with
 * it. A transaction moves a station's counter once, however many rows it writes (a
 * transaction-local setting remembers it): a bulk insert of 100,000 bookings costs one update.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table core.calendar_versions (
      -- No foreign key: the counter moves at commit, when a transaction that deleted its
      -- station (a forced re-seed) has already removed the row it would point at.
      station_id uuid primary key,
      version bigint not null
    )`.execute(db);

  await sql`
    create function core.calendar_changed(p_station uuid) returns void
    language plpgsql volatile as $$
    declare
      v_flag text := 'teppan.calendar_' || replace(p_station::text, '-', '');
    begin
      if p_station is null or current_setting(v_flag, true) = '1' then
        return;
      end if;
      insert into core.calendar_versions as v (station_id, version)
      values (p_station, 1)
      on conflict (station_id) do update set version = v.version + 1;
      perform set_config(v_flag, '1', true);
    end $$`.execute(db);

  // For tables whose rows carry their station.
  await sql`
    create function core.calendar_station_row_changed() returns trigger
    language plpgsql volatile as $$
    begin
      if tg_op = 'INSERT' then
        perform core.calendar_changed(new.station_id);
      elsif tg_op = 'DELETE' or new.station_id is not distinct from old.station_id then
        perform core.calendar_changed(old.station_id);
      else
        -- Moved between stations: both, in id order (a fixed lock order).
        perform core.calendar_changed(least(old.station_id, new.station_id));
        perform core.calendar_changed(greatest(old.station_id, new.station_id));
      end if;
      return null;
    end $$`.execute(db);

  // For a chef's rows (weekly slots, time off): the chef's station, when the chef still exists
  // (a deleted chef's own trigger has moved it).
  await sql`
    create function core.calendar_chef_row_changed() returns trigger
    language plpgsql volatile as $$
    declare
      v_chef uuid := case when tg_op = 'DELETE' then old.chef_id else new.chef_id end;
      v_station uuid;
    begin
      select station_id into v_station from ops.chefs where id = v_chef;
      perform core.calendar_changed(v_station);
      if tg_op = 'UPDATE' and old.chef_id is distinct from new.chef_id then
        select station_id into v_station from ops.chefs where id = old.chef_id;
        perform core.calendar_changed(v_station);
      end if;
      return null;
    end $$`.execute(db);

  for (const [table, kind] of tables)
    await sql`
      create constraint trigger calendar_version
        after insert or update or delete on ${sql.raw(table)}
        deferrable initially deferred
        for each row execute function ${sql.raw(`core.calendar_${kind}_row_changed`)}()`.execute(
      db,
    );
}

const tables = [
  ['core.bookings', 'station'],
  ['core.holds', 'station'],
  ['core.date_overrides', 'station'],
  ['ops.chefs', 'station'],
  ['ops.chef_weekly_availability', 'chef'],
  ['ops.chef_time_off', 'chef'],
] as const;

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table] of tables)
    await sql`drop trigger calendar_version on ${sql.raw(table)}`.execute(db);
  await sql`drop function core.calendar_chef_row_changed()`.execute(db);
  await sql`drop function core.calendar_station_row_changed()`.execute(db);
  await sql`drop function core.calendar_changed(uuid)`.execute(db);
  await sql`drop table core.calendar_versions`.execute(db);
}
