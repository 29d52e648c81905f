import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settings.ts';
import { computeTravelFee, estimateDrivingMiles, greatCircleMiles, roundMiles } from './travel.ts';

const settings = defaultSettings.travel;

describe('roundMiles', () => {
  it.each([
    [30.05, 30.1],
    [30.04, 30],
    [30.15, 30.2],
    [1.005, 1],
    [0.05, 0.1],
    [29.95, 30],
    [12.345, 12.3],
    [0, 0],
  ])('%d → %d', (miles, rounded) => {
    expect(roundMiles(miles)).toBe(rounded);
  });

  it('rejects negative and non-finite miles', () => {
    expect(() => roundMiles(-1)).toThrow(RangeError);
    expect(() => roundMiles(Number.NaN)).toThrow(RangeError);
  });
});

describe('computeTravelFee', () => {
  it.each([
    // miles, billable, fee (billable × 200), within 150
    [15, 0, 0, true],
    [29.9, 0, 0, true],
    [30, 0, 0, true],
    [30.04, 0, 0, true],
    [30.1, 1, 200, true],
    [30.2, 1, 200, true],
    [31, 1, 200, true],
    [35, 5, 1000, true],
    [50, 20, 4000, true],
    [80, 50, 10000, true],
    [150, 120, 24000, true],
    [150.04, 120, 24000, true],
    [150.1, 121, 24200, false],
    [151, 121, 24200, false],
  ])('%d mi → %i billable, %i cents', (miles, billableMiles, feeCents, withinServiceArea) => {
    expect(computeTravelFee({ miles, settings })).toMatchObject({
      billableMiles,
      feeCents,
      withinServiceArea,
    });
  });

  it('reports the rounded miles', () => {
    expect(computeTravelFee({ miles: 30.05, settings }).miles).toBe(30.1);
  });
});

describe('distance', () => {
  const fremont = { lat: 37.5485, lng: -121.9886 };

  it('is zero between a point and itself', () => {
    expect(greatCircleMiles(fremont, fremont)).toBe(0);
  });

  it('matches a known great-circle distance', () => {
    // Fremont → Sacramento (38.5816, -121.4944): about 76.5 mi as the crow flies.
    const miles = greatCircleMiles(fremont, { lat: 38.5816, lng: -121.4944 });
    expect(miles).toBeGreaterThan(75.5);
    expect(miles).toBeLessThan(77.5);
  });

  it('one degree of latitude is 3958.8 × π / 180 ≈ 69.09 mi', () => {
    expect(greatCircleMiles({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(69.0941, 3);
  });

  it('estimates driving miles with the circuity factor, to 0.1 mile', () => {
    // 69.0941 × 1.25 = 86.37 → 86.4
    expect(
      estimateDrivingMiles({
        from: { lat: 0, lng: 0 },
        to: { lat: 1, lng: 0 },
        circuityFactor: 1.25,
      }),
    ).toBe(86.4);
  });
});
