/**
 * The fuzz suite iterates the contract: every operation of the OpenAPI document (built from
 * the route schemas, as `npm run openapi` builds it) gets hostile requests derived from its own
 * params, query and body schemas — wrong types, missing required fields, unknown keys, oversized
 * strings, NUL characters, deep nesting, bad dates, negative and huge numbers, malformed JSON,
 * wrong content types. What the document's schema refuses must answer a catalogued 4xx and
 * write nothing; anything else must at least never answer 5xx. A new route is covered the day it
 * is added; an operation without input must be named in NO_INPUT with a reason, or the first
 * test fails.
 */
import { errorCatalogue } from '@teppan/core';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signInNewStaff } from '../modules/staff/staff.test-helper.ts';
import { newStation } from './factories.ts';
import {
  hostileTexts,
  hostileValues,
  operationsOf,
  sample,
  violates,
  type Operation,
  type Schema,
} from './fuzz-contract.test-helper.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { renderOpenApiDocument } from '../lib/silent-app.ts';

/** Random field mutations per operation; raise it locally (FUZZ_RUNS=500) for a deeper search. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** Operations that take no params, query or body: there is nothing to fuzz. */
const NO_INPUT: Record<string, string> = {
  'GET /healthz': 'liveness probe, no input',
  'GET /readyz': 'readiness probe, no input',
  'POST /api/v1/payments/stripe/webhook':
    'raw body checked against the Stripe signature before parsing; fuzzed in fuzz-routes.int.test.ts and payments.int.test.ts',
  'POST /api/v1/staff/auth/logout': 'session only, no input',
  'POST /api/v1/staff/auth/logout-all': 'session only, no input',
  'GET /api/v1/staff/auth/me': 'session only, no input',
  'GET /api/v1/staff/invitations': 'list without filters',
  'GET /api/v1/staff/staff': 'list without filters',
  'GET /api/v1/staff/api-keys': 'list without filters',
  'GET /api/v1/admin/knowledge': 'list without filters',
  'GET /api/v1/admin/leads/owners': 'list without filters',
  'GET /api/v1/admin/stations': 'list without filters',
};

const document = await renderOpenApiDocument();
const operations = operationsOf(document);
const hasInput = (op: Operation) =>
  op.pathParams.length > 0 || op.query.length > 0 || op.body !== undefined;
const fuzzed = operations.filter(hasInput);

let t: TestApp;
let staff: SignedIn;
/** The real station: a `stationId` in a sampled request names it, so requests reach the rules. */
let stationId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { RINGCENTRAL_VERIFICATION_TOKEN: 'rc-verification-token-123' } });
  ({ stationId } = await newStation(t.database.db));
  // Signed in as a super admin, so that staff routes reach their validation.
  staff = await signInNewStaff(t, { role: 'super_admin', stationIds: [] });
});
afterAll(async () => t.close());

interface Case {
  what: string;
  url: string;
  payload?: string;
  contentType?: string;
  /** The document's schema refuses it: a catalogued 4xx and no write are required. */
  mustRefuse: boolean;
}

async function send(op: Operation, c: Case): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...staff.headers };
  if (c.payload !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
  return t.app.inject({
    method: op.method as 'GET',
    url: c.url,
    headers,
    ...(c.payload === undefined ? {} : { payload: c.payload }),
  });
}

function check(op: Operation, c: Case, res: LightMyRequestResponse): void {
  const where = `${op.key} — ${c.what}\n  ${c.url.slice(0, 200)} ${(c.payload ?? '').slice(0, 200)}\n  → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (c.mustRefuse) expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  if (res.statusCode < 400) return;
  const body = JSON.parse(res.body) as { error?: { code?: string }; requestId?: string };
  const code = body.error?.code ?? '';
  expect(Object.hasOwn(errorCatalogue, code), `${where}\n  code not in the catalogue`).toBe(true);
  expect(errorCatalogue[code as keyof typeof errorCatalogue].status, where).toBe(res.statusCode);
  expect(body.requestId, where).toBe(res.headers['x-request-id']);
}

let countQuery: string | undefined;

/** Row counts of every table of the app's schemas, in one statement. */
async function rowCounts(): Promise<Record<string, number>> {
  if (!countQuery) {
    const { rows } = await sql<{ name: string }>`
      select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
        from information_schema.tables
       where table_type = 'BASE TABLE'
         and table_schema not in ('pg_catalog', 'information_schema')
         -- Rate limiting counts every request, refused ones included: that row is meant.
         and (table_schema, table_name) <> ('identity', 'rate_limit_windows')
       order by 1`.execute(t.database.db);
    countQuery = `select json_build_object(${rows
      .map(({ name }) => `'${name}', (select count(*) from ${name})`)
      .join(', ')}) as counts`;
  }
  const { rows } = await sql<{ counts: Record<string, number> }>`${sql.raw(countQuery)}`.execute(
    t.database.db,
  );
  return rows[0]?.counts ?? {};
}

function urlOf(op: Operation, params: Record<string, string>, query: [string, string][]): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  const search = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return search.length ? `${path}?${search.join('&')}` : path;
}

const sampleText = (name: string, schema: Schema | undefined) =>
  name === 'stationId' ? stationId : String(sample(schema ?? {}));
const validParams = (op: Operation) =>
  Object.fromEntries(op.pathParams.map((p) => [p.name, sampleText(p.name, p.schema)]));
const validQuery = (op: Operation): [string, string][] =>
  op.query.filter((p) => p.required).map((p) => [p.name, sampleText(p.name, p.schema)]);
/** A body the document accepts, naming the real station where it names one. */
function validBody(schema: Schema): unknown {
  const body = sample(schema);
  if (typeof body === 'object' && body !== null && 'stationId' in body)
    return { ...body, stationId };
  return body;
}

/** Deterministic cases: each param and query value replaced, and the body's structure broken. */
function casesOf(op: Operation): Case[] {
  const cases: Case[] = [];
  const url = urlOf(op, validParams(op), validQuery(op));
  for (const param of op.pathParams)
    for (const text of hostileTexts(param.schema ?? {}))
      cases.push({
        what: `path ${param.name}=${JSON.stringify(text).slice(0, 40)}`,
        url: urlOf(op, { ...validParams(op), [param.name]: text }, validQuery(op)),
        mustRefuse: text !== '' && violates(param.schema ?? {}, text),
      });
  for (const param of op.query) {
    const others = validQuery(op).filter(([k]) => k !== param.name);
    for (const text of hostileTexts(param.schema ?? {}))
      cases.push({
        what: `query ${param.name}=${JSON.stringify(text).slice(0, 40)}`,
        url: urlOf(op, validParams(op), [...others, [param.name, text]]),
        mustRefuse: violates(param.schema ?? {}, text, true),
      });
    cases.push({
      what: `query ${param.name} twice`,
      url: urlOf(op, validParams(op), [...others, [param.name, 'a'], [param.name, 'b']]),
      mustRefuse: violates(param.schema ?? {}, ['a', 'b'], true),
    });
  }
  if (op.query.length)
    cases.push({
      what: 'unknown query key',
      url: urlOf(op, validParams(op), [...validQuery(op), ['__proto__', 'x']]),
      mustRefuse: false,
    });
  if (!op.body) return cases;
  const body = op.body;
  const base = validBody(body);
  const json = (value: unknown, what: string): Case => ({
    what,
    url,
    payload: JSON.stringify(value),
    mustRefuse: violates(body, value),
  });
  for (const top of [42, 'text', true, [], [base]]) cases.push(json(top, 'body of the wrong type'));
  if (typeof base === 'object' && base !== null && !Array.isArray(base)) {
    for (const key of body.required ?? []) {
      const { [key]: _dropped, ...rest } = base as Record<string, unknown>;
      cases.push(json(rest, `without required ${key}`));
    }
    cases.push(json({ ...base, unknownKey: 1 }, 'an unknown key'));
    cases.push({
      what: '__proto__ key',
      url,
      payload: `{"__proto__":{"isAdmin":true},${JSON.stringify(base).slice(1)}`,
      mustRefuse: false,
    });
  }
  cases.push({ what: 'malformed JSON', url, payload: '{"a":', mustRefuse: true });
  cases.push({ what: 'NUL in JSON', url, payload: '{"a":"\u0000"', mustRefuse: true });
  for (const type of ['application/xml', 'text/html', 'application/octet-stream'])
    cases.push({
      what: `content type ${type}`,
      url,
      payload: '<a/>',
      contentType: type,
      mustRefuse: true,
    });
  cases.push({
    what: '1 MB string',
    url,
    payload: JSON.stringify({ ...(base as object), huge: 'x'.repeat(1 << 20) }),
    mustRefuse: true,
  });
  return cases;
}

/** Every field of the body (one level of nesting deep), with its schema. */
function fieldsOf(schema: Schema): { path: string[]; schema: Schema }[] {
  const fields: { path: string[]; schema: Schema }[] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    fields.push({ path: [key], schema: property });
    for (const [inner, innerSchema] of Object.entries(property.properties ?? {}))
      fields.push({ path: [key, inner], schema: innerSchema });
  }
  return fields;
}

function withField(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path.at(-1) as string] = value;
  return copy;
}

describe('the fuzz suite covers the contract', () => {
  it('every operation is fuzzed, or named in NO_INPUT with a reason', () => {
    expect(operations.length).toBeGreaterThan(50);
    const uncovered = operations.filter((op) => !hasInput(op) && !(op.key in NO_INPUT));
    expect(uncovered.map((op) => op.key)).toEqual([]);
    const stale = Object.keys(NO_INPUT).filter(
      (key) => !operations.some((op) => op.key === key && !hasInput(op)),
    );
    expect(stale, 'NO_INPUT entries that are gone or now take input').toEqual([]);
  });
});

describe('hostile requests on every operation of the document', () => {
  it.each(fuzzed.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const cases = casesOf(op);
    const refused = cases.filter((c) => c.mustRefuse);
    // Every operation with input must be probed with at least one request it has to refuse.
    expect(refused.length, op.key).toBeGreaterThan(0);
    const before = await rowCounts();
    for (const c of refused) check(op, c, await send(op, c));
    expect(await rowCounts(), `rows written by refused requests to ${op.key}`).toEqual(before);
    for (const c of cases.filter((c) => !c.mustRefuse)) check(op, c, await send(op, c));

    const fields = op.body ? fieldsOf(op.body) : [];
    if (!op.body || fields.length === 0) return;
    const body = op.body;
    const base = validBody(body);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...fields)
          .chain((field) =>
            fc.constantFrom(...hostileValues(field.schema)).map((value) => ({ field, value })),
          ),
        async ({ field, value }) => {
          const payload = withField(base, field.path, value);
          const c: Case = {
            what: `${field.path.join('.')} = ${JSON.stringify(value)?.slice(0, 60)}`,
            url: urlOf(op, validParams(op), validQuery(op)),
            payload: JSON.stringify(payload),
            mustRefuse: violates(body, payload),
          };
          const counts = c.mustRefuse ? await rowCounts() : undefined;
          check(op, c, await send(op, c));
          if (counts)
            expect(await rowCounts(), `rows written by ${op.key} ${c.what}`).toEqual(counts);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
