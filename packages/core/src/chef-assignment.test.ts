import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  partySizeFactor,
  preferenceFactor,
  rankChefs,
  travelFactor,
  type AssignmentBooking,
  type ChefCandidate,
} from './chef-assignment.ts';
import { defaultSettings } from './settings.ts';

const weights = defaultSettings.chefAssignment;
const FREMONT = { lat: 37.5485, lng: -121.9886 };
const SAN_JOSE = { lat: 37.3476, lng: -121.887 };
const SACRAMENTO = { lat: 38.5804, lng: -121.4922 };

const booking: AssignmentBooking = {
  date: '2027-06-05',
  slot: '18:00',
  guests: 20,
  venue: SAN_JOSE,
  requestedChefId: null,
};

function chef(overrides: Partial<ChefCandidate> & { id: string }): ChefCandidate {
  return {
    name: `Chef ${overrides.id}`,
    isActive: true,
    rating: 4.5,
    maxGuests: 30,
    origin: FREMONT,
    originSource: 'home',
    isScheduled: true,
    isOnTimeOff: false,
    conflictingBookings: [],
    pastBookingsWithCustomer: 0,
    ...overrides,
  };
}

describe('factors', () => {
  it('travel falls linearly to zero at 150 miles', () => {
    expect(travelFactor(0)).toBe(1);
    expect(travelFactor(75)).toBe(0.5);
    expect(travelFactor(150)).toBe(0);
    expect(travelFactor(400)).toBe(0);
  });

  it('party size fits up to the limit and shrinks beyond it', () => {
    expect(partySizeFactor({ guests: 30, maxGuests: 30 })).toBe(1);
    expect(partySizeFactor({ guests: 45, maxGuests: 30 })).toBe(0.5);
    expect(partySizeFactor({ guests: 90, maxGuests: 30 })).toBe(0);
  });

  it('preference is full for a requested chef or two past events', () => {
    expect(preferenceFactor({ isRequested: true, pastBookingsWithCustomer: 0 })).toBe(1);
    expect(preferenceFactor({ isRequested: false, pastBookingsWithCustomer: 1 })).toBe(0.5);
    expect(preferenceFactor({ isRequested: false, pastBookingsWithCustomer: 5 })).toBe(1);
    expect(preferenceFactor({ isRequested: false, pastBookingsWithCustomer: 0 })).toBe(0);
  });
});

describe('rankChefs', () => {
  it('scores with the configured weights and explains each factor', () => {
    const { ranked } = rankChefs({
      booking,
      chefs: [chef({ id: 'a', rating: 5, origin: SAN_JOSE })],
      weights,
    });
    const [top] = ranked;
    // At the venue, top rating, party fits, no preference: 40 + 30 + 20 + 0.
    expect(top?.score).toBe(90);
    expect(top?.factors).toEqual({
      travel: { value: 1, weight: 40, points: 40 },
      rating: { value: 1, weight: 30, points: 30 },
      partySize: { value: 1, weight: 20, points: 20 },
      preference: { value: 0, weight: 10, points: 0 },
    });
    expect(top?.reasons).toContain('Party of 20 is within their limit of 30.');
    expect(top?.rank).toBe(1);
  });

  it('prefers the nearer chef when everything else is equal', () => {
    const { ranked } = rankChefs({
      booking,
      chefs: [chef({ id: 'far', origin: SACRAMENTO }), chef({ id: 'near', origin: FREMONT })],
      weights,
    });
    expect(ranked.map((s) => s.chefId)).toEqual(['near', 'far']);
    expect(ranked[0]?.miles).toBeLessThan(ranked[1]?.miles ?? 0);
  });

  it('puts an available customer-requested chef first even with a lower score', () => {
    const { ranked } = rankChefs({
      booking: { ...booking, requestedChefId: 'asked' },
      chefs: [
        chef({ id: 'best', rating: 5, origin: SAN_JOSE }),
        chef({ id: 'asked', rating: 3, origin: SACRAMENTO }),
      ],
      weights,
    });
    expect(ranked[0]).toMatchObject({ chefId: 'asked', isRequested: true, rank: 1 });
    expect(ranked[0]?.reasons[0]).toBe('Requested by the customer.');
    expect(ranked[1]?.score).toBeGreaterThan(ranked[0]?.score ?? 100);
  });

  it('lists unavailable chefs apart with every reason', () => {
    const result = rankChefs({
      booking: { ...booking, requestedChefId: 'away' },
      chefs: [
        chef({ id: 'ok' }),
        chef({ id: 'away', isOnTimeOff: true, rating: 5 }),
        chef({ id: 'busy', conflictingBookings: ['TP-1001'] }),
        chef({ id: 'off-roster', isScheduled: false }),
        chef({ id: 'gone', isActive: false, isScheduled: false }),
      ],
      weights,
    });
    expect(result.ranked.map((s) => s.chefId)).toEqual(['ok']);
    expect(result.unavailable.map((u) => [u.chefId, u.reasons])).toEqual([
      ['away', ['time_off']],
      ['busy', ['double_booked']],
      ['gone', ['inactive', 'not_scheduled']],
      ['off-roster', ['not_scheduled']],
    ]);
    expect(result.unavailable[0]?.messages[0]).toBe(
      'Requested by the customer, but not available.',
    );
    expect(result.unavailable[1]?.messages).toEqual(['Already cooking TP-1001 at this time.']);
  });

  it('scores zero for everyone when every weight is zero, and still orders them', () => {
    const { ranked } = rankChefs({
      booking,
      chefs: [chef({ id: 'far', origin: SACRAMENTO }), chef({ id: 'near' })],
      weights: { travelWeight: 0, ratingWeight: 0, partySizeWeight: 0, preferenceWeight: 0 },
    });
    expect(ranked.map((s) => [s.chefId, s.score])).toEqual([
      ['near', 0],
      ['far', 0],
    ]);
  });
});

// Properties -----------------------------------------------------------------------------

const latLng = fc.record({
  lat: fc.double({ min: 36, max: 39.5, noNaN: true }),
  lng: fc.double({ min: -123, max: -120, noNaN: true }),
});

const candidate = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constantFrom('Ana', 'Kenji', 'Lily', 'Marco'),
    isActive: fc.boolean(),
    rating: fc.double({ min: 0, max: 5, noNaN: true }),
    maxGuests: fc.integer({ min: 1, max: 80 }),
    origin: latLng,
    originSource: fc.constantFrom('home' as const, 'station' as const),
    isScheduled: fc.boolean(),
    isOnTimeOff: fc.boolean(),
    conflictingBookings: fc.array(fc.constantFrom('TP-1', 'TP-2'), { maxLength: 1 }),
    pastBookingsWithCustomer: fc.integer({ min: 0, max: 5 }),
  });

const candidates = fc
  .integer({ min: 0, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidate(`c${i}`))));

const bookingArb = fc.record({
  date: fc.constant('2027-06-05'),
  slot: fc.constantFrom('12:00' as const, '18:00' as const),
  guests: fc.integer({ min: 1, max: 60 }),
  venue: latLng,
  requestedChefId: fc.option(fc.constantFrom('c0', 'c1', 'c2', 'nobody'), { nil: null }),
});

const weightsArb = fc.record({
  travelWeight: fc.integer({ min: 0, max: 100 }),
  ratingWeight: fc.integer({ min: 0, max: 100 }),
  partySizeWeight: fc.integer({ min: 0, max: 100 }),
  preferenceWeight: fc.integer({ min: 0, max: 100 }),
});

const isAvailable = (c: ChefCandidate) =>
  c.isActive && c.isScheduled && !c.isOnTimeOff && c.conflictingBookings.length === 0;

describe('rankChefs properties', () => {
  it('ranks exactly the available chefs, lists the rest, and keeps scores within 0–100', () => {
    fc.assert(
      fc.property(bookingArb, candidates, weightsArb, (b, chefs, w) => {
        const result = rankChefs({ booking: b, chefs, weights: w });
        expect(result.ranked.map((s) => s.chefId).sort()).toEqual(
          chefs
            .filter(isAvailable)
            .map((c) => c.id)
            .sort(),
        );
        expect(result.unavailable.map((u) => u.chefId).sort()).toEqual(
          chefs
            .filter((c) => !isAvailable(c))
            .map((c) => c.id)
            .sort(),
        );
        for (const u of result.unavailable) expect(u.reasons.length).toBeGreaterThan(0);
        result.ranked.forEach((s, i) => {
          expect(s.rank).toBe(i + 1);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(100);
        });
      }),
    );
  });

  it('puts an available requested chef first, then orders by score', () => {
    fc.assert(
      fc.property(bookingArb, candidates, weightsArb, (b, chefs, w) => {
        const { ranked } = rankChefs({ booking: b, chefs, weights: w });
        const requested = chefs.find((c) => c.id === b.requestedChefId);
        if (requested && isAvailable(requested)) expect(ranked[0]?.chefId).toBe(requested.id);
        const rest = ranked.filter((s) => !s.isRequested);
        for (let i = 1; i < rest.length; i += 1)
          expect(rest[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(rest[i]?.score ?? 0);
      }),
    );
  });

  it('never lowers a chef for a better rating or a nearer start', () => {
    fc.assert(
      fc.property(
        bookingArb,
        candidate('x'),
        candidate('y'),
        weightsArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (b, x0, y0, w, t) => {
          const x = { ...x0, isActive: true, isScheduled: true, isOnTimeOff: false };
          const y = { ...y0, isActive: true, isScheduled: true, isOnTimeOff: false };
          x.conflictingBookings = [];
          y.conflictingBookings = [];
          const bk = { ...b, requestedChefId: null };
          const before = rankChefs({ booking: bk, chefs: [x, y], weights: w });
          const better = {
            ...x,
            rating: x.rating + (5 - x.rating) * t,
            // Moved part of the way towards the venue.
            origin: {
              lat: x.origin.lat + (bk.venue.lat - x.origin.lat) * t,
              lng: x.origin.lng + (bk.venue.lng - x.origin.lng) * t,
            },
          };
          const after = rankChefs({ booking: bk, chefs: [better, y], weights: w });
          const scoreOf = (r: typeof before) => r.ranked.find((s) => s.chefId === 'x')?.score;
          const rankOf = (r: typeof before) => r.ranked.find((s) => s.chefId === 'x')?.rank;
          expect(scoreOf(after) ?? 0).toBeGreaterThanOrEqual((scoreOf(before) ?? 0) - 0.1);
          if ((scoreOf(after) ?? 0) > (scoreOf(before) ?? 0))
            expect(rankOf(after) ?? 9).toBeLessThanOrEqual(rankOf(before) ?? 9);
        },
      ),
    );
  });

  it('gives the same ranking whatever order the chefs come in, and for scaled weights', () => {
    fc.assert(
      fc.property(
        bookingArb,
        candidates,
        weightsArb,
        fc.integer({ min: 2, max: 5 }),
        (b, chefs, w, k) => {
          const forward = rankChefs({ booking: b, chefs, weights: w });
          const backward = rankChefs({ booking: b, chefs: [...chefs].reverse(), weights: w });
          expect(backward).toEqual(forward);
          const scaled = rankChefs({
            booking: b,
            chefs,
            weights: {
              travelWeight: w.travelWeight * k,
              ratingWeight: w.ratingWeight * k,
              partySizeWeight: w.partySizeWeight * k,
              preferenceWeight: w.preferenceWeight * k,
            },
          });
          // Equal up to the last rounded decimal (floating-point sums differ in the last bit).
          for (const s of forward.ranked) {
            const other = scaled.ranked.find((x) => x.chefId === s.chefId);
            expect(Math.abs((other?.score ?? -1) - s.score)).toBeLessThanOrEqual(0.1);
          }
        },
      ),
    );
  });
});
