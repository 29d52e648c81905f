import type { Coordinates } from './distance.types.ts';

export const EARTH_RADIUS_MILES = 3958.8;
export const METERS_PER_MILE = 1609.344;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance by the haversine formula. */
export function haversineMiles(from: Coordinates, to: Coordinates): number {
  const dLat = toRadians(to.lat - from.lat);
  const dLng = toRadians(to.lng - from.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(from.lat)) * Math.cos(toRadians(to.lat)) * Math.sin(dLng / 2) ** 2;
  // min() guards asin against h drifting just above 1 for antipodal points.
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Rounds half away from zero to `decimals` places. Scaling first and trimming to 12
 * significant digits removes binary noise, so 1.15 → 1.2 (1.15 * 10 is 11.499999999999998).
 */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(12));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  // Avoid -0, which would print as "-0.000" in cache keys.
  return rounded === 0 ? 0 : rounded;
}

/** Miles are quoted to 0.1 (the fee rule in SPEC §3 depends on 30.0 vs 30.2). */
export function roundMiles(miles: number): number {
  return roundHalfUp(miles, 1);
}

export function metersToMiles(meters: number): number {
  return roundMiles(meters / METERS_PER_MILE);
}
