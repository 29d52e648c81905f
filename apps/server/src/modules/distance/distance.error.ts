export const DISTANCE_ERROR_CODES = [
  'ZIP_NOT_FOUND',
  'ADDRESS_NOT_FOUND',
  'PROVIDER_FAILED',
] as const;

export type DistanceErrorCode = (typeof DISTANCE_ERROR_CODES)[number];

/**
 * One coded error for the module; the HTTP layer maps `code` (ZIP_NOT_FOUND → 422).
 * Messages may reach logs, so they never contain API keys or request URLs.
 */
export class DistanceError extends Error {
  override readonly name = 'DistanceError';

  constructor(
    readonly code: DistanceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDistanceError(value: unknown): value is DistanceError {
  return value instanceof DistanceError;
}
