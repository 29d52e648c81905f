// Great-circle distance and 0.1-mile rounding are core rules (packages/core travel.ts);
// this file keeps only what the providers' units and the cache key need.
import { roundMiles } from '@teppan/core';

export const METERS_PER_MILE = 1609.344;

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

export function metersToMiles(meters: number): number {
  return roundMiles(meters / METERS_PER_MILE);
}
