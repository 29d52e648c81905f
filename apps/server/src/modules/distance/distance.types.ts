export const DISTANCE_SOURCES = ['estimate', 'google', 'openrouteservice', 'osrm'] as const;

export type DistanceSource = (typeof DISTANCE_SOURCES)[number];

export interface Coordinates {
  lat: number;
  lng: number;
}

export interface DistanceResult {
  /** One-way driving miles, rounded to 0.1. */
  miles: number;
  /** The source actually used; 'estimate' means staff must confirm the quote (SPEC §3). */
  source: DistanceSource;
  origin: Coordinates;
  destination: Coordinates;
  cached: boolean;
}

export interface DrivingMilesRequest {
  from: Coordinates;
  to: Coordinates;
  /** Street address of `to`, for providers that can route to an address (Google). */
  toAddress?: string;
  signal?: AbortSignal;
}

export interface DistanceProvider {
  readonly source: DistanceSource;
  drivingMiles(req: DrivingMilesRequest): Promise<{ miles: number }>;
}

export interface VenueLocation {
  zip: string;
  address?: string;
}

export interface Geocoder {
  /** Throws DistanceError ZIP_NOT_FOUND / ADDRESS_NOT_FOUND when the venue cannot be placed. */
  geocode(venue: VenueLocation): Promise<Coordinates>;
}
