// Chef records, weekly availability and time off.
import { weekdayOf } from '@teppan/core';
import { describe, expect, it } from 'vitest';
import { dateAhead } from '../../test/factories.ts';
import {
  station,
  call,
  type ChefDetail,
  detail,
  book,
  auditActions,
  allWeek,
  capacityOf,
  signInAsChef,
  useTestApp,
} from './chefs.test-helper.ts';

useTestApp();

describe('chef records and weekly availability', () => {
  it('creates a chef with a home ZIP and grid, edits it, and refuses a stale version', async () => {
    const s = await station(1);
    const created = await call(s.manager, 'POST', '/api/v1/admin/chefs', {
      stationId: s.stationId,
      name: 'Aiko Mori',
      homeZip: '95112',
      maxGuests: 24,
      weekly: [{ weekday: 6, slot: '18:00' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const chef = created.json<ChefDetail>();
    expect(chef.chef).toMatchObject({ name: 'Aiko Mori', maxGuests: 24, hasHomeLocation: true });
    expect(chef.weekly).toEqual([{ weekday: 6, slot: '18:00' }]);

    const edited = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chef.chef.id}`, {
      maxGuests: 40,
      version: chef.chef.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<ChefDetail>().chef).toMatchObject({ maxGuests: 40, version: 2 });

    const stale = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chef.chef.id}`, {
      maxGuests: 10,
      version: chef.chef.version,
    });
    expect(stale.statusCode).toBe(409);
    const body = stale.json<{
      error: { code: string; details: { current: { maxGuests: number } } };
    }>();
    expect(body.error.code).toBe('CHEF_VERSION_CONFLICT');
    expect(body.error.details.current.maxGuests).toBe(40);

    const badZip = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chef.chef.id}`, {
      homeZip: '00000',
      version: 2,
    });
    expect(badZip.json<{ error: { code: string } }>().error.code).toBe('ZIP_NOT_FOUND');
    expect(await auditActions(chef.chef.id)).toEqual(['chef.create', 'chef.update']);
  });

  it('replaces the weekly grid, and the near-term capacity follows it', async () => {
    const s = await station(1);
    const chefId = s.chefIds[0] as string;
    const date = dateAhead(4);
    expect(await capacityOf(s.stationId, date, '12:00')).toBe(1);
    const before = await detail(s.manager, chefId);
    const keep = allWeek(['18:00', '21:00']);
    const response = await call(s.manager, 'PUT', `/api/v1/admin/chefs/${chefId}/availability`, {
      weekly: keep,
      version: before.chef.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json<ChefDetail>();
    expect(after.weekly).toHaveLength(keep.length);
    expect(after.chef.version).toBe(before.chef.version + 1);
    expect(await capacityOf(s.stationId, date, '12:00')).toBe(0);
    expect(await capacityOf(s.stationId, date, '18:00')).toBe(1);
    expect(await auditActions(chefId)).toEqual(['chef.availability.replace']);
  });

  it('refuses to remove a slot that a booking within 14 days needs, listing the booking', async () => {
    const s = await station(1);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 5, '18:00');
    const bookedWeekday = weekdayOf(dateAhead(5));
    const current = await detail(s.manager, chefId);
    const response = await call(s.manager, 'PUT', `/api/v1/admin/chefs/${chefId}/availability`, {
      weekly: current.weekly.filter((c) => !(c.weekday === bookedWeekday && c.slot === '18:00')),
      version: current.chef.version,
    });
    expect(response.statusCode, response.body).toBe(409);
    const error = response.json<{
      error: { code: string; message: string; details: { slots: { bookings: string[] }[] } };
    }>().error;
    expect(error.code).toBe('CHEF_SCHEDULE_CONFLICT');
    expect(error.details.slots[0]?.bookings).toEqual([booked.number]);
    expect(error.message).toContain('1 booked, 0 chefs left');
    // Nothing was written: same grid, same version, no audit entry.
    const unchanged = await detail(s.manager, chefId);
    expect(unchanged.weekly).toHaveLength(current.weekly.length);
    expect(unchanged.chef.version).toBe(current.chef.version);
    expect(await auditActions(chefId)).toEqual([]);
  });

  it('refuses to remove a slot the chef is assigned to beyond the window', async () => {
    const s = await station(2);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 30, '21:00');
    const assign = await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [chefId],
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const current = await detail(s.manager, chefId);
    const response = await call(s.manager, 'PUT', `/api/v1/admin/chefs/${chefId}/availability`, {
      weekly: current.weekly.filter((c) => c.slot !== '21:00'),
      version: current.chef.version,
    });
    expect(response.statusCode).toBe(409);
    const error = response.json<{
      error: { code: string; details: { assignments: { number: string }[] } };
    }>().error;
    expect(error.code).toBe('CHEF_SCHEDULE_CONFLICT');
    expect(error.details.assignments.map((a) => a.number)).toEqual([booked.number]);
    // Deactivating the chef is refused for the same reason.
    const deactivate = await call(s.manager, 'PATCH', `/api/v1/admin/chefs/${chefId}`, {
      isActive: false,
      version: current.chef.version,
    });
    expect(deactivate.json<{ error: { code: string } }>().error.code).toBe(
      'CHEF_SCHEDULE_CONFLICT',
    );
  });
});

describe('time off', () => {
  it('a chef requests their own time off, not another chef’s; a manager approves it', async () => {
    const s = await station(2);
    const [own, other] = s.chefIds as [string, string];
    const chef = await signInAsChef(s.stationId, own);

    const forOther = await call(chef, 'POST', `/api/v1/admin/chefs/${other}/time-off`, {
      fromDate: dateAhead(40),
      toDate: dateAhead(41),
    });
    expect(forOther.statusCode).toBe(404);
    expect(forOther.json<{ error: { code: string } }>().error.code).toBe('CHEF_NOT_FOUND');

    const past = await call(chef, 'POST', `/api/v1/admin/chefs/${own}/time-off`, {
      fromDate: dateAhead(-2),
      toDate: dateAhead(1),
    });
    expect(past.json<{ error: { code: string } }>().error.code).toBe('TIME_OFF_IN_PAST');

    const requested = await call(chef, 'POST', `/api/v1/admin/chefs/${own}/time-off`, {
      fromDate: dateAhead(3),
      toDate: dateAhead(4),
      reason: 'Wedding',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const { id } = requested.json<{ id: string; status: string }>();

    // Pending requests do not lower capacity.
    expect(await capacityOf(s.stationId, dateAhead(3), '18:00')).toBe(2);
    const pending = await call(s.manager, 'GET', '/api/v1/admin/time-off');
    expect(pending.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([id]);
    // The chef may not decide; the manager does.
    expect((await call(chef, 'POST', `/api/v1/admin/time-off/${id}/approve`, {})).statusCode).toBe(
      403,
    );
    const approved = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {
      note: 'Congratulations',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decisionNote: 'Congratulations' });
    expect(await capacityOf(s.stationId, dateAhead(3), '18:00')).toBe(1);
    expect(await auditActions(id)).toEqual(['timeOff.request', 'timeOff.approve']);

    const again = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/reject`, {});
    expect(again.json<{ error: { code: string } }>().error.code).toBe('TIME_OFF_ALREADY_DECIDED');
  });

  it('refuses approval that would leave a booked slot short, and rejects with a note', async () => {
    const s = await station(1);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 6, '15:00');
    const requested = await call(s.manager, 'POST', `/api/v1/admin/chefs/${chefId}/time-off`, {
      fromDate: dateAhead(5),
      toDate: dateAhead(7),
    });
    const { id } = requested.json<{ id: string }>();
    const refused = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {});
    expect(refused.statusCode).toBe(409);
    const error = refused.json<{
      error: {
        code: string;
        details: { slots: { date: string; slot: string; bookings: string[] }[] };
      };
    }>().error;
    expect(error.code).toBe('CHEF_SCHEDULE_CONFLICT');
    expect(error.details.slots).toEqual([
      expect.objectContaining({ date: dateAhead(6), slot: '15:00', bookings: [booked.number] }),
    ]);
    // Still pending, capacity untouched.
    expect((await detail(s.manager, chefId)).timeOff.map((x) => x.status)).toEqual(['requested']);
    expect(await capacityOf(s.stationId, dateAhead(6), '15:00')).toBe(1);

    const rejected = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/reject`, {
      note: 'We need you that weekend',
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      decisionNote: 'We need you that weekend',
    });
  });

  it('of two approvals racing for the last spare chef of a booked slot, one is refused', async () => {
    const s = await station(2);
    for (const days of [3, 4, 5, 6, 7]) {
      await book(s.stationId, days, '18:00');
      const ids: string[] = [];
      for (const chefId of s.chefIds) {
        const requested = await call(s.manager, 'POST', `/api/v1/admin/chefs/${chefId}/time-off`, {
          fromDate: dateAhead(days),
          toDate: dateAhead(days),
        });
        ids.push(requested.json<{ id: string }>().id);
      }
      const results = await Promise.all(
        ids.map((id) => call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {})),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(await capacityOf(s.stationId, dateAhead(days), '18:00')).toBe(1);
    }
  });

  it('refuses approval while the chef is assigned to an event in the range', async () => {
    const s = await station(2);
    const chefId = s.chefIds[0] as string;
    const booked = await book(s.stationId, 50, '12:00');
    await call(s.manager, 'PUT', `/api/v1/admin/bookings/${booked.id}/chefs`, {
      chefIds: [chefId],
    });
    const requested = await call(s.manager, 'POST', `/api/v1/admin/chefs/${chefId}/time-off`, {
      fromDate: dateAhead(49),
      toDate: dateAhead(52),
    });
    const { id } = requested.json<{ id: string }>();
    const refused = await call(s.manager, 'POST', `/api/v1/admin/time-off/${id}/approve`, {});
    expect(refused.statusCode).toBe(409);
    expect(
      refused.json<{ error: { details: { assignments: { number: string }[] } } }>().error.details
        .assignments,
    ).toEqual([expect.objectContaining({ number: booked.number })]);
  });
});
