import { afterAll, beforeAll } from 'vitest';
import { newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

// What the availability test files share: one app per file and a station with three chefs.

export let t: TestApp;
export let stationId: string;
export let chefIds: string[];

/** Registers the file's app and its station with three rostered chefs. */
export function useAppWithStation(): void {
  beforeAll(async () => {
    t = await createTestApp();
    ({ stationId, chefIds } = await newStation(t.database.db, { chefs: 3 }));
  });
  afterAll(async () => t.close());
}

/** `GET /api/v1/availability` for the default station over a date range. */
export function fetchAvailability(from: string, to: string) {
  return t.app.inject({ method: 'GET', url: `/api/v1/availability?from=${from}&to=${to}` });
}
