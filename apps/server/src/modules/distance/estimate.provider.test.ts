import { describe, expect, it } from 'vitest';
import { greatCircleMiles as haversineMiles, roundMiles } from '@teppan/core';
import { metersToMiles, roundHalfUp } from './distance.math.ts';
import { EstimateProvider } from './estimate.provider.ts';
import { lookupZip } from './zip-geocoder.ts';

const FREMONT_STATION = { lat: 37.5485, lng: -121.9886 };

describe('haversineMiles', () => {
  it('is zero for the same point and symmetric', () => {
    const sanJose = { lat: 37.3476, lng: -121.887 };
    expect(haversineMiles(FREMONT_STATION, FREMONT_STATION)).toBe(0);
    expect(haversineMiles(FREMONT_STATION, sanJose)).toBeCloseTo(
      haversineMiles(sanJose, FREMONT_STATION),
      12,
    );
  });

  it('matches one degree of latitude (2πR/360 = 69.0941 mi for R = 3958.8)', () => {
    expect(haversineMiles({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(69.0941, 4);
  });

  it('matches a known long distance: JFK → LAX is about 2,470 mi great-circle', () => {
    const jfk = { lat: 40.6413, lng: -73.7781 };
    const lax = { lat: 33.9416, lng: -118.4085 };
    const miles = haversineMiles(jfk, lax);
    expect(miles).toBeGreaterThan(2465);
    expect(miles).toBeLessThan(2475);
  });
});

describe('EstimateProvider', () => {
  it('estimates Fremont station → ZIP 95112 centroid as 18.7 mi', async () => {
    // Centroid of 95112 in the zipcodes data: 37.3476, -121.887.
    // Δlat = -0.2009° = -0.00350631 rad, Δlng = 0.1016° = 0.00177325 rad,
    // cos(37.5485°) = 0.79269, cos(37.3476°) = 0.79482;
    // h = sin²(Δlat/2) + cos·cos·sin²(Δlng/2) = 3.07355e-6 + 0.63004 × 7.8611e-7 = 3.56883e-6;
    // d = 2 × 3958.8 × asin(√h) = 7917.6 × 0.00188914 = 14.958 mi; × 1.25 = 18.698 → 18.7.
    const zip = lookupZip('95112');
    expect(zip).not.toBeNull();
    const to = { lat: zip?.lat ?? 0, lng: zip?.lng ?? 0 };
    expect(haversineMiles(FREMONT_STATION, to)).toBeCloseTo(14.958, 3);
    const provider = new EstimateProvider();
    expect(provider.source).toBe('estimate');
    await expect(provider.drivingMiles({ from: FREMONT_STATION, to })).resolves.toEqual({
      miles: 18.7,
    });
  });

  it('applies the configured circuity factor', () => {
    const to = { lat: 38.5485, lng: -121.9886 }; // 1° north: 69.0941 mi straight
    expect(
      new EstimateProvider({ circuityFactor: 1 }).estimateMiles({ from: FREMONT_STATION, to }),
    ).toBe(69.1);
    expect(
      new EstimateProvider({ circuityFactor: 1.4 }).estimateMiles({ from: FREMONT_STATION, to }),
    ).toBe(96.7);
  });

  it('rejects a circuity factor below 1', () => {
    expect(() => new EstimateProvider({ circuityFactor: 0.9 })).toThrow(RangeError);
    expect(() => new EstimateProvider({ circuityFactor: Number.NaN })).toThrow(RangeError);
  });
});

describe('rounding', () => {
  it('rounds miles half-up to 0.1 despite binary noise', () => {
    expect(roundMiles(1.15)).toBe(1.2); // 1.15 * 10 === 11.499999999999998
    expect(roundMiles(1.05)).toBe(1.1);
    expect(roundMiles(30.05)).toBe(30.1);
    expect(roundMiles(30.04999)).toBe(30);
    expect(roundMiles(0.1 + 0.2)).toBe(0.3);
    expect(roundMiles(0)).toBe(0);
  });

  it('rounds negative coordinates half away from zero and never yields -0', () => {
    expect(roundHalfUp(-121.9885, 3)).toBe(-121.989);
    expect(roundHalfUp(-0.0004, 3)).toBe(0);
    expect(Object.is(roundHalfUp(-0.0004, 3), -0)).toBe(false);
  });

  it('converts meters to miles', () => {
    expect(metersToMiles(1609.344)).toBe(1);
    expect(metersToMiles(30_086)).toBe(18.7); // 18.6948 mi
  });
});
