import zipcodes from 'zipcodes';
import { DistanceError } from './distance.error.ts';
import type { Coordinates, Geocoder, VenueLocation } from './distance.types.ts';

export interface ZipLocation {
  city: string;
  state: string;
  lat: number;
  lng: number;
}

const ZIP_PATTERN = /^(\d{5})(?:-?\d{4})?$/;

/** '95112' and '95112-1234' → '95112'; anything else → null. */
export function normalizeZip(zip: string): string | null {
  return ZIP_PATTERN.exec(zip.trim())?.[1] ?? null;
}

/**
 * ZIP → centroid, offline. Validating the 5-digit shape first matters: the package also
 * holds Canadian codes and treats strings starting with a letter as Canadian prefixes.
 */
export function lookupZip(zip: string): ZipLocation | null {
  const zip5 = normalizeZip(zip);
  if (zip5 === null) return null;
  const record = zipcodes.lookup(zip5);
  if (record === undefined) return null;
  return { city: record.city, state: record.state, lat: record.latitude, lng: record.longitude };
}

/** Places a venue at its ZIP centroid; the street address is ignored (no offline street data). */
export class ZipGeocoder implements Geocoder {
  geocode(venue: VenueLocation): Promise<Coordinates> {
    const location = lookupZip(venue.zip);
    if (location === null) {
      return Promise.reject(
        new DistanceError('ZIP_NOT_FOUND', `We could not find ZIP code ${venue.zip.trim()}.`),
      );
    }
    return Promise.resolve({ lat: location.lat, lng: location.lng });
  }
}
