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
let realStationId: string;

beforeAll(async () => {
  t = await createTestApp();
  const { stationId } = await newStation(t.database.db, { code: 'CA-FUZZ-ADMIN', chefs: 1 });
  realBookingId = (await bookViaApi(t.app, { stationId, daysAhead: 30 })).id;
  realStationId = stationId;
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

// Forged cursors: well-formed base64url JSON whose values are the wrong kind.
const forgedCursor = fc
  .tuple(
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constant(null),
      fc.integer(),
      fc.constant('2026-13-45'),
    ),
    fc.oneof(fc.string({ maxLength: 12 }), fc.constant('x'), fc.integer()),
  )
  .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url'));

const junkQuery = fc.record(
  {
    q: fc.string({ maxLength: 30 }),
    status: fc.string({ maxLength: 30 }),
    cursor: fc.oneof(fc.string({ maxLength: 30 }), forgedCursor),
    limit: fc.oneof(fc.constant('-1'), fc.constant('9'.repeat(30)), fc.string({ maxLength: 4 })),
    stationId: fc.string({ maxLength: 40 }),
    from: fc.string({ maxLength: 12 }),
    beforeId: fc.string({ maxLength: 12 }),
    x: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: [] },
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
          const search = new URLSearchParams(query as Record<string, string>).toString();
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

describe('forged page cursors on every admin list', () => {
  const forged = [
    ['a', 'x'],
    [null, 'x'],
    ['2026-01-01T00:00:00.000Z', 'not-a-uuid'],
    ['yesterday', '0b9f7c3e-8d2a-4c1b-9e5f-1a2b3c4d5e6f'],
    [1, 2],
    { u: 'x', i: 'y' },
  ].map((value) => Buffer.from(JSON.stringify(value)).toString('base64url'));

  for (const route of (Object.keys(adminRouteAccess) as AdminRouteKey[]).filter((r) =>
    r.startsWith('GET '),
  ))
    it(`${route}: a forged cursor is refused, never a query error`, async () => {
      // Real records in the path, so the cursor (not a missing record) is what is judged.
      const url = route
        .slice(4)
        .replace(':stationId', realStationId)
        .replace(/:[a-zA-Z]+/g, realBookingId);
      for (const cursor of forged) {
        const res = await t.app.inject({
          method: 'GET',
          url: `${url}?cursor=${cursor}`,
          headers: { cookie: session.headers.cookie },
        });
        expectCatalogued(res, `${url}?cursor=${cursor}`);
      }
    });
});
