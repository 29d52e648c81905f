export { DistanceError, isDistanceError, DISTANCE_ERROR_CODES } from './distance.error.ts';
export type { DistanceErrorCode } from './distance.error.ts';
export { DISTANCE_SOURCES } from './distance.types.ts';
export type {
  Coordinates,
  DistanceProvider,
  DistanceResult,
  DistanceSource,
  DrivingMilesRequest,
  Geocoder,
  VenueLocation,
} from './distance.types.ts';
export { metersToMiles } from './distance.math.ts';
export { ZipGeocoder, lookupZip, normalizeZip } from './zip-geocoder.ts';
export type { ZipLocation } from './zip-geocoder.ts';
export { EstimateProvider, DEFAULT_CIRCUITY_FACTOR } from './estimate.provider.ts';
export { GoogleDistanceProvider, GOOGLE_DEFAULT_BASE_URL } from './google.provider.ts';
export {
  OpenRouteServiceProvider,
  OPENROUTESERVICE_DEFAULT_BASE_URL,
} from './openrouteservice.provider.ts';
export { OsrmProvider } from './osrm.provider.ts';
export { cacheKey, InMemoryDistanceCacheStore } from './distance-cache.ts';
export type { CachedDistance, DistanceCacheEntry, DistanceCacheStore } from './distance-cache.ts';
export {
  DistanceService,
  createDistanceProviders,
  DEFAULT_CACHE_DAYS,
} from './distance.service.ts';
export type {
  DistanceLogger,
  DistanceProvidersConfig,
  DistanceServiceOptions,
  MeasureRequest,
} from './distance.service.ts';
