import { randomUUID } from 'node:crypto';
import { errorCatalogue } from '@teppan/core';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookViaApi, newStation } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';
import { adminRouteAccess, type AdminRouteKey } from './admin-access.ts';

/**
 * Every admin route, as a super admin (who passes every permission check, so the junk
 * reaches validation and the services): junk ids, junk query strings and junk bodies get
 * a catalogued error, never a 5xx, and a refused request writes nothing.
 */
let t: TestApp;
let session: SignedIn;
let realBookingId: string;

beforeAll(async () => {
  t = await createTestApp();
  const { stationId } = await newStation(t.database.db, { code: 'CA-FUZZ-ADMIN', chefs: 1 });
  realBookingId = (await bookViaApi(t.app, { stationId, daysAhead: 30 })).id;
  session = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'super_admin', stationIds: [stationId] }),
  );
});
afterAll(async () => t.close());

const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 40 }),
  fc.constant('🍤'.repeat(200)),
  fc.constant('x'.repeat(5000)),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);

const junkId = fc.oneof(
  fc.constant(randomUUID()),
  fc.constant('not-a-uuid'),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.stringMatching(/^[a-z0-9-]{1,40}$/),
  fc.constant('%F0%9F%8D%A4'),
);

const junkQuery = fc.dictionary(
  fc.constantFrom('q', 'status', 'cursor', 'limit', 'stationId', 'from', 'to', 'x', 'beforeId'),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constant('-1'), fc.constant('9'.repeat(30))),
  { maxKeys: 3 },
);

async function auditCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit.log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function expectCatalogued(res: { statusCode: number; body: string }, where: string) {
  expect(res.statusCode, `${where} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(
    500,
  );
  if (res.statusCode < 400) return;
  const body = JSON.parse(res.body) as { error?: { code?: string } };
  expect(Object.keys(errorCatalogue), `${where}: ${res.body.slice(0, 200)}`).toContain(
    body.error?.code,
  );
}

describe('fuzzing every admin route', () => {
  for (const route of Object.keys(adminRouteAccess) as AdminRouteKey[]) {
    const [method, path] = route.split(' ') as [InjectOptions['method'], string];
    const isMutation = method !== 'GET';

    it(`${route}: junk gets a catalogued answer and writes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(junkId, junkQuery, junk, fc.boolean(), async (id, query, body, onReal) => {
          // Junk ids, and sometimes a real booking, so the body is judged on a real record.
          const target =
            path.startsWith('/api/v1/admin/bookings/:id') && onReal ? realBookingId : id;
          const url = path.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(target));
          const search = new URLSearchParams(query).toString();
          const before = isMutation ? await auditCount() : 0;
          const res = await t.app.inject({
            method,
            url: search ? `${url}?${search}` : url,
            headers: session.headers,
            ...(isMutation
              ? {
                  payload: JSON.stringify(body),
                  headers: { ...session.headers, 'content-type': 'application/json' },
                }
              : {}),
          });
          expectCatalogued(res, `${route} ${url}`);
          if (isMutation && res.statusCode >= 400)
            expect(await auditCount(), `${route} refused but wrote`).toBe(before);
        }),
        { numRuns: 12 },
      );
    });
  }
});
