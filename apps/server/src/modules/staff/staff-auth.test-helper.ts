import { afterAll, beforeAll } from 'vitest';
import { type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { createClockedTestApp, createTestClock, type TestClock } from './staff.test-helper.ts';

export const LOGIN = '/api/v1/staff/auth/login';
export const ME = '/api/v1/staff/auth/me';

export let t: TestApp;
export let clock: TestClock;
export let stationId: string;

export function login(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: LOGIN, payload, headers });
}

export async function auditActions(staffId: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('audit.log')
    .select('action')
    .where('entity_id', '=', staffId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.action);
}

/** Registers the app and database shared by every test file of this suite. */
export function useTestApp(): void {
  beforeAll(async () => {
    clock = createTestClock();
    t = await createClockedTestApp({ clock });
    ({ stationId } = await newStation(t.database.db));
  });
  afterAll(async () => t.close());
}
