import { expect } from 'vitest';
import { DistanceError } from './distance.error.ts';
import type { DistanceProvider } from './distance.types.ts';

// What the HTTP distance providers' tests share.

/** The route the provider tests ask for: Fremont to downtown San Jose, about 18.7 miles. */
export const FROM = { lat: 37.5485, lng: -121.9886 };
export const TO = { lat: 37.3476, lng: -121.887 };

/** The DistanceError a provider call rejects with (and fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<DistanceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DistanceError);
  return error as DistanceError;
}

/**
 * The failure of a provider built with `timeoutMs: 150` against a server that never answers;
 * it must come well before the 1.5 s the test allows.
 */
export async function timeoutFailure(provider: DistanceProvider): Promise<DistanceError> {
  const started = performance.now();
  const error = await failure(provider.drivingMiles({ from: FROM, to: TO }));
  expect(performance.now() - started).toBeLessThan(1500);
  return error;
}
