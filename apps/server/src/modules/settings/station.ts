/** The station record as the services see it, and the one mapping from its table row. */

/** What an admin gives when creating a station; every station has these. */
export interface StationFields {
  code: string;
  name: string;
  timeZone: string;
  address: string;
  zip: string;
  lat: number;
  lng: number;
}

export interface Station extends StationFields {
  id: string;
}

/** What an admin may change on a station (its code stays). */
export type StationPatch = Partial<Omit<StationFields, 'code'> & { isActive: boolean }>;

/** The `core.stations` columns a `Station` is read from. */
export interface StationColumns {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  address: string;
  zip: string;
  lat: number;
  lng: number;
}

export const toStation = (row: StationColumns): Station => ({
  id: row.id,
  code: row.code,
  name: row.name,
  timeZone: row.time_zone,
  address: row.address,
  zip: row.zip,
  lat: row.lat,
  lng: row.lng,
});
