import type { Settings } from './settings.ts';

export type LatLng = { lat: number; lng: number };

export type TravelFee = {
  miles: number;
  billableMiles: number;
  feeCents: number;
  withinServiceArea: boolean;
};

const EARTH_RADIUS_MILES = 3958.8;

/**
 * Whole tenths of a mile, half-up. `30.05 * 10` is 300.49999999999994 in binary floating
 * point, so the product is first snapped to 12 significant digits to drop that noise.
 */
function toTenths(miles: number): number {
  if (!Number.isFinite(miles) || miles < 0) {
    throw new RangeError(`miles must be a finite non-negative number, got ${miles}`);
  }
  const scaled = Number((miles * 10).toPrecision(12));
  return Math.floor(scaled + 0.5);
}

/** Rounds to 0.1 mile, half-up (30.05 → 30.1, 30.04 → 30). */
export function roundMiles(miles: number): number {
  return toTenths(miles) / 10;
}

/**
 * Spec §3: the miles beyond the free ones, rounded up to a whole mile, × the per-mile rate.
 * All comparisons run on integer tenths so 30.1 bills 1 mile and 30.0 bills none.
 */
export function computeTravelFee(options: {
  miles: number;
  settings: Settings['travel'];
}): TravelFee {
  const { settings } = options;
  const tenths = toTenths(options.miles);
  const beyondTenths = tenths - toTenths(settings.freeMiles);
  const billableMiles = beyondTenths > 0 ? Math.floor((beyondTenths + 9) / 10) : 0;
  return {
    miles: tenths / 10,
    billableMiles,
    feeCents: billableMiles * settings.perMileCents,
    withinServiceArea: tenths <= toTenths(settings.serviceRadiusMiles),
  };
}

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

/** Haversine distance in miles (unrounded). */
export function greatCircleMiles(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  // min() guards asin against 1.0000000000000002 for antipodal points.
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Offline fallback (spec §3): straight-line miles × a road-circuity factor, to 0.1 mile. */
export function estimateDrivingMiles(options: {
  from: LatLng;
  to: LatLng;
  circuityFactor: number;
}): number {
  return roundMiles(greatCircleMiles(options.from, options.to) * options.circuityFactor);
}
