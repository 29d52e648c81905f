// Stations, blackout dates and slot caps.
import { defaultSettings } from '@teppan/core';
import { describe, expect, it } from 'vitest';
import { bookViaApi, dateAhead } from '../../test/factories.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import {
  t,
  stationId,
  otherStationId,
  type Member,
  admin1,
  superAdmin,
  manager,
  adminOfOther,
  inForce,
  auditActions,
  useTestApp,
} from './settings-admin.test-helper.ts';

useTestApp();

describe('stations', () => {
  type StationView = { id: string; code: string; name: string; version: number; zip: string };

  it('creates a station with default settings, visible to its creator, and edits it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations',
      headers: admin1.session.headers,
      payload: {
        code: 'CA-SAC-001',
        name: 'Sacramento',
        timeZone: 'America/Los_Angeles',
        address: '1 Capitol Mall, Sacramento, CA',
        zip: '95814',
        lat: 38.5767,
        lng: -121.4934,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const station = created.json<StationView>();
    expect(station).toMatchObject({ code: 'CA-SAC-001', version: 1 });
    const settings = await inForce(admin1, station.id);
    expect(settings.version).toBe(1);
    expect(settings.settings).toEqual(defaultSettings);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/stations',
      headers: admin1.session.headers,
    });
    expect(list.json<{ items: StationView[] }>().items.map((s) => s.code)).toEqual([
      'CA-SAC-001',
      'CA-SET-A',
    ]);

    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations',
      headers: superAdmin.session.headers,
      payload: {
        code: 'CA-SAC-001',
        name: 'Again',
        timeZone: 'America/Los_Angeles',
        address: 'x',
        zip: '95814',
        lat: 38,
        lng: -121,
      },
    });
    expect(duplicate.json<{ error: { code: string } }>().error.code).toBe('STATION_CODE_TAKEN');
    const badZone = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations',
      headers: superAdmin.session.headers,
      payload: {
        code: 'CA-MARS-001',
        name: 'Mars',
        timeZone: 'Mars/Olympus',
        address: 'x',
        zip: '95814',
        lat: 38,
        lng: -121,
      },
    });
    expect(badZone.statusCode).toBe(400);

    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/stations/${station.id}`,
      headers: admin1.session.headers,
      payload: { version: 1, name: 'Sacramento Midtown', zip: '95816' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Sacramento Midtown', zip: '95816', version: 2 });
    const conflict = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/stations/${station.id}`,
      headers: admin1.session.headers,
      payload: { version: 1, name: 'Lost edit' },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      error: { code: 'STATION_VERSION_CONFLICT', details: { current: { version: 2 } } },
    });
    const foreign = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/stations/${station.id}`,
      headers: adminOfOther.session.headers,
      payload: { version: 2, name: 'Not yours' },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await auditActions(station.id)).map((a) => a.action)).toEqual([
      'station.create',
      'station.update',
    ]);
  });
});

describe('blackout dates and caps', () => {
  type Day = { date: string; slots: { slot: string; capacity: number; reason?: string }[] };
  async function availability(date: string): Promise<Day> {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/availability?stationId=${otherStationId}&from=${date}&to=${date}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const day = res.json<{ days: Day[] }>().days[0];
    if (!day) throw new Error('no day');
    return day;
  }
  function putOverride(body: Record<string, unknown>, who: Member = adminOfOther) {
    return t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides`,
      headers: who.session.headers,
      payload: body,
    });
  }

  it('a blackout closes the date in availability and deleting it reopens it', async () => {
    const date = dateAhead(40);
    const put = await putOverride({ date, kind: 'blackout', reason: 'Owner wedding' });
    expect(put.statusCode, put.body).toBe(200);
    const { override } = put.json<{ override: { id: string; kind: string } }>();
    expect(override.kind).toBe('blackout');
    const closed = await availability(date);
    expect(closed.slots.every((s) => s.capacity === 0)).toBe(true);
    expect(closed.slots[0]?.reason).toBe('Owner wedding');

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides`,
      headers: adminOfOther.session.headers,
    });
    expect(listed.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([
      override.id,
    ]);
    // Another station's admin cannot see or remove it.
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides/${override.id}`,
      headers: admin1.session.headers,
    });
    expect(foreign.statusCode).toBe(404);

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/stations/${otherStationId}/date-overrides/${override.id}`,
      headers: adminOfOther.session.headers,
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await availability(date)).slots.every((s) => s.capacity === 2)).toBe(true);
    expect((await auditActions(override.id)).map((a) => a.action)).toEqual([
      'date_override.create',
      'date_override.delete',
    ]);
  });

  it('refuses to cap a slot below its bookings unless staff acknowledge them', async () => {
    const days = 45;
    const date = dateAhead(days);
    const booked = [
      await bookViaApi(t.app, { stationId: otherStationId, daysAhead: days, slot: '18:00' }),
      await bookViaApi(t.app, { stationId: otherStationId, daysAhead: days, slot: '18:00' }),
    ];
    // A cap that still fits everyone is fine.
    const fits = await putOverride({ date, slot: '12:00', kind: 'cap', maxCapacity: 1 });
    expect(fits.statusCode, fits.body).toBe(200);

    const refused = await putOverride({ date, kind: 'cap', maxCapacity: 1, reason: 'One chef' });
    expect(refused.statusCode).toBe(409);
    const error = refused.json<{
      error: {
        code: string;
        details: {
          slots: {
            slot: string;
            taken: number;
            capacityAfter: number;
            bookings: { id: string }[];
          }[];
        };
      };
    }>().error;
    expect(error.code).toBe('DATE_OVERRIDE_OVERBOOKED');
    expect(error.details.slots).toHaveLength(1);
    expect(error.details.slots[0]).toMatchObject({ slot: '18:00', taken: 2, capacityAfter: 1 });
    expect(error.details.slots[0]?.bookings.map((b) => b.id).sort()).toEqual(
      booked.map((b) => b.id).sort(),
    );
    // Nothing was written: the evening still shows two places.
    expect((await availability(date)).slots.find((s) => s.slot === '18:00')?.capacity).toBe(2);

    const acknowledged = await putOverride({
      date,
      kind: 'cap',
      maxCapacity: 1,
      reason: 'One chef',
      acknowledgeOverbooked: true,
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    const { override, overbooked } = acknowledged.json<{
      override: { id: string };
      overbooked: { slot: string }[];
    }>();
    expect(overbooked.map((s) => s.slot)).toEqual(['18:00']);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['action', 'after'])
      .where('entity_id', '=', override.id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('date_override.create');
    expect(JSON.stringify(audit.after)).toContain(booked[0]?.id);
    const capped = await availability(date);
    expect(capped.slots.map((s) => s.capacity)).toEqual([1, 1, 1, 1]);

    // A hold now finds the slot full: the cap is what the hold path reads.
    const quote = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: {
        adults: 10,
        children: 0,
        toddlers: 0,
        proteins: { chicken: 10, ny_strip: 10 },
        venue: { zip: '95112' },
        stationId: otherStationId,
      },
    });
    const holdAt15 = (customer: { name: string; email: string; phone: string }) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/holds',
        payload: { quoteId: quote.json<{ id: string }>().id, date, slot: '15:00', customer },
      });
    const hold = await holdAt15({
      name: 'Late Guest',
      email: 'late.guest@example.com',
      phone: '5105550199',
    });
    expect(hold.statusCode, hold.body).toBe(201);
    const second = await holdAt15({
      name: 'Later Guest',
      email: 'later.guest@example.com',
      phone: '5105550198',
    });
    expect(second.statusCode).toBe(409);
  });

  it('waits for the slot lock the hold path holds before it counts and writes', async () => {
    const date = dateAhead(55);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let isLocked: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => {
      isLocked = resolve;
    });
    // A stand-in for a hold in flight: it holds the 21:00 row lock until released.
    const holder = t.database.db.transaction().execute(async (trx) => {
      await new BookingsRepository(trx).lockSlot({
        stationId: otherStationId,
        date,
        slot: '21:00',
      });
      isLocked();
      await released;
    });
    await locked;
    let isDone = false;
    const write = putOverride({ date, kind: 'blackout' }).then((res) => {
      isDone = true;
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(isDone).toBe(false);
    release();
    await holder;
    expect((await write).statusCode).toBe(200);
  });

  it('refuses past dates and caps without a number; a station manager only reads', async () => {
    const past = await putOverride({ date: dateAhead(-2), kind: 'blackout' });
    expect(past.json<{ error: { code: string } }>().error.code).toBe('DATE_OVERRIDE_IN_PAST');
    const noNumber = await putOverride({ date: dateAhead(50), kind: 'cap' });
    expect(noNumber.statusCode).toBe(400);
    const managerOfA = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/stations/${stationId}/date-overrides`,
      headers: manager.session.headers,
      payload: { date: dateAhead(50), kind: 'blackout' },
    });
    expect(managerOfA.statusCode).toBe(403);
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/stations/${stationId}/date-overrides`,
      headers: manager.session.headers,
    });
    expect(read.statusCode).toBe(200);
  });
});
