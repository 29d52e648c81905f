import { dateAhead } from './factories.ts';

/**
 * The operations of the OpenAPI document, and hostile requests derived from each operation's
 * own schemas. The document is the oracle: a request its schema refuses must be refused.
 */

/** The subset of JSON Schema the route schemas use. */
export interface Schema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  /** `POST /api/v1/holds/{id}/sign`, as in the document. */
  key: string;
  method: string;
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  body?: Schema;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(document: unknown): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries((document as OpenApiDocument).paths))
    for (const [method, op] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      const parameters = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        ...(body ? { body } : {}),
      });
    }
  return operations;
}

// ───────────────────────────── the oracle ─────────────────────────────

const typeOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value;

/**
 * True when the schema refuses the value. `asQuery` reads numbers and booleans the way a
 * query string carries them (as text), since the routes coerce query values.
 */
export function violates(schema: Schema, value: unknown, asQuery = false): boolean {
  if (value === null && schema.nullable) return false;
  if (schema.anyOf) return schema.anyOf.every((s) => violates(s, value, asQuery));
  if (schema.oneOf) return schema.oneOf.every((s) => violates(s, value, asQuery));
  if (schema.allOf?.some((s) => violates(s, value, asQuery))) return true;
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (asQuery && typeof value === 'string' && types.some((t) => t !== 'string')) {
    if (types.includes('integer') || types.includes('number')) {
      if (value.trim() === '' || !Number.isFinite(Number(value))) return true;
      return violates({ ...schema, type: types }, Number(value));
    }
    if (types.includes('boolean')) return value !== 'true' && value !== 'false';
  }
  if (types.length) {
    const actual = typeOf(value);
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return true;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) return true;
  if ('const' in schema && schema.const !== value) return true;
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return true;
    if (schema.maxLength !== undefined && length > schema.maxLength) return true;
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return true;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return true;
    if (schema.maximum !== undefined && value > schema.maximum) return true;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return true;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return true;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return true;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return true;
    if (schema.items) return value.some((item) => violates(schema.items as Schema, item, asQuery));
  }
  if (typeOf(value) === 'object' && (schema.properties || schema.additionalProperties === false)) {
    const record = value as Record<string, unknown>;
    if (schema.required?.some((key) => !Object.hasOwn(record, key))) return true;
    for (const [key, item] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) {
        if (violates(property, item, asQuery)) return true;
      } else if (schema.additionalProperties === false) return true;
    }
  }
  return false;
}

// ───────────────────────────── valid-looking values ─────────────────────────────

const STRING_CANDIDATES = () => [
  '3f2b8c4e-9d7a-4c1e-8b2f-6a5d4c3b2a10',
  dateAhead(40),
  '18:00',
  'pat.host@example.com',
  '(510) 555-0100',
  '95112',
  'faq',
  'Fuzz value',
];

/** A value the schema accepts as far as the document says (refinements may still refuse it). */
export function sample(schema: Schema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return sample(variant);
  const type = [schema.type ?? 'string'].flat().find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value)]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1) <= (schema.maximum ?? Infinity)
        ? Math.max(schema.minimum ?? 1, 1)
        : (schema.minimum ?? 0);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      const fits = STRING_CANDIDATES().find((s) => !violates({ ...schema, type: 'string' }, s));
      return fits ?? 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    }
  }
}

/** An object nested `depth` levels deep. */
export const deeplyNested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { nested: value };
  return value;
};

/** Hostile replacements for one field of the given schema: wrong types, limits, NUL, dates. */
export function hostileValues(schema: Schema): unknown[] {
  const values: unknown[] = [
    null,
    true,
    42,
    'text',
    [],
    {},
    [sample(schema)],
    deeplyNested(40),
    'NUL\u0000inside',
    '🍤'.repeat(300),
    "'; drop table core.bookings; --",
    -1,
    -1e308,
    1e308,
    2.5,
    Number.MAX_SAFE_INTEGER + 2,
    '2027-02-30',
    '0000-01-01',
    '2027-13-01',
    'not-a-uuid',
    '',
    ' ',
  ];
  if (schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength + 1));
  if (schema.minimum !== undefined) values.push(schema.minimum - 1);
  if (schema.maximum !== undefined) values.push(schema.maximum + 1);
  if (schema.maxItems !== undefined)
    values.push(Array.from({ length: schema.maxItems + 1 }, () => sample(schema.items ?? {})));
  return values;
}

/** Hostile query or path values (always text on the wire). */
export function hostileTexts(schema: Schema): string[] {
  const texts = [
    '',
    ' ',
    'abc',
    '-1',
    '2.5',
    '1e400',
    'NaN',
    '2027-02-30',
    '0000-01-01',
    'not-a-uuid',
    'NUL\u0000',
    "' or '1'='1",
    '🍤'.repeat(60),
    '../../etc/passwd',
  ];
  if (schema.maxLength !== undefined) texts.push('x'.repeat(schema.maxLength + 1));
  if (schema.minimum !== undefined) texts.push(String(schema.minimum - 1));
  if (schema.maximum !== undefined) texts.push(String(schema.maximum + 1));
  return texts;
}
