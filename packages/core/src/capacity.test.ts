import { describe, expect, it } from 'vitest';
import { computeSlotCapacity, slotAvailability } from './capacity.ts';
import type { ChefAvailability } from './capacity.ts';
import type { SlotTime } from './settings.ts';
import { defaultSettings } from './settings.ts';

const LA = 'America/Los_Angeles';
// 2027-06-01 is a Tuesday; 12:00 PDT.
const now = new Date('2027-06-01T19:00:00Z');
const TUESDAY = 2;

function newChef(overrides: Partial<ChefAvailability> = {}): ChefAvailability {
  return {
    id: 'chef',
    weekly: [{ weekday: TUESDAY, slots: ['18:00'] }],
    timeOff: [],
    ...overrides,
  };
}

const chefs: ChefAvailability[] = [
  newChef({ id: 'a', weekly: [{ weekday: TUESDAY, slots: ['18:00', '21:00'] }] }),
  newChef({ id: 'b' }),
  newChef({ id: 'c', weekly: [{ weekday: 3, slots: ['18:00'] }] }),
  newChef({ id: 'd', timeOff: [{ from: '2027-06-14', to: '2027-06-15' }] }),
  newChef({ id: 'e', timeOff: [{ from: '2027-06-16', to: '2027-06-20' }] }),
];

function capacity(options: {
  date: string;
  slot: SlotTime;
  at?: Date;
  override?: { blackout?: boolean; maxCapacity?: number | null };
}) {
  return computeSlotCapacity({
    date: options.date,
    slot: options.slot,
    now: options.at ?? now,
    timeZone: LA,
    settings: defaultSettings.capacity,
    chefs,
    ...(options.override ? { override: options.override } : {}),
  });
}

describe('computeSlotCapacity', () => {
  it('counts rostered chefs without time off within 14 days', () => {
    // 2027-06-15 is a Tuesday 14 days ahead: a, b, e work 18:00; d is off.
    expect(capacity({ date: '2027-06-15', slot: '18:00' })).toEqual({
      capacity: 3,
      basis: 'chefs',
    });
    expect(capacity({ date: '2027-06-15', slot: '21:00' })).toEqual({
      capacity: 1,
      basis: 'chefs',
    });
    expect(capacity({ date: '2027-06-15', slot: '12:00' })).toEqual({
      capacity: 0,
      basis: 'chefs',
    });
    // Tomorrow is a Wednesday: only c.
    expect(capacity({ date: '2027-06-02', slot: '18:00' })).toEqual({
      capacity: 1,
      basis: 'chefs',
    });
  });

  it('treats time-off ranges as inclusive', () => {
    // 2027-06-08 (Tuesday): a, b, d, e all work.
    expect(capacity({ date: '2027-06-08', slot: '18:00' }).capacity).toBe(4);
  });

  it('uses the configured default beyond 14 days', () => {
    expect(capacity({ date: '2027-06-16', slot: '18:00' })).toEqual({
      capacity: 2,
      basis: 'default',
    });
    expect(capacity({ date: '2027-06-22', slot: '12:00' })).toEqual({
      capacity: 2,
      basis: 'default',
    });
  });

  it('counts days in the station time zone', () => {
    // 2027-06-02T06:30Z is 2027-06-01 23:30 in LA, so 2027-06-16 is 15 days ahead there.
    const late = new Date('2027-06-02T06:30:00Z');
    expect(capacity({ date: '2027-06-16', slot: '18:00', at: late }).basis).toBe('default');
    expect(capacity({ date: '2027-06-15', slot: '18:00', at: late }).basis).toBe('chefs');
  });

  it('blackout closes the slot', () => {
    expect(
      capacity({ date: '2027-06-15', slot: '18:00', override: { blackout: true } }),
    ).toMatchObject({
      capacity: 0,
      basis: 'blackout',
    });
    expect(
      capacity({ date: '2027-12-25', slot: '18:00', override: { blackout: true, maxCapacity: 5 } })
        .capacity,
    ).toBe(0);
  });

  it('a per-date cap only lowers capacity', () => {
    const capped = capacity({ date: '2027-06-15', slot: '18:00', override: { maxCapacity: 1 } });
    expect(capped).toMatchObject({ capacity: 1, basis: 'chefs' });
    expect(capped.reason).toBeDefined();
    expect(capacity({ date: '2027-12-25', slot: '18:00', override: { maxCapacity: 5 } })).toEqual({
      capacity: 2,
      basis: 'default',
    });
    expect(
      capacity({ date: '2027-12-25', slot: '18:00', override: { maxCapacity: null } }).capacity,
    ).toBe(2);
    expect(
      capacity({ date: '2027-12-25', slot: '18:00', override: { maxCapacity: 0 } }).capacity,
    ).toBe(0);
  });
});

describe('slotAvailability', () => {
  it.each([
    [2, 0, 2, true],
    [2, 1, 1, true],
    [2, 2, 0, false],
    [2, 3, 0, false],
    [0, 0, 0, false],
  ])('capacity %i, taken %i → %i left', (cap, taken, remaining, bookable) => {
    expect(slotAvailability({ capacity: cap, taken })).toEqual({ remaining, bookable });
  });
});
