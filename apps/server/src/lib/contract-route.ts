import {
  contractEntries,
  routeKey,
  type RouteAccess,
  type RouteDefinition,
} from '@teppan/core/contract';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteShorthandOptions,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The Fastify instance every routes plugin receives (Zod type provider). */
export type ContractApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

type Field<E, K extends string> = E extends { readonly [P in K]: infer S } ? S : undefined;

/** The Fastify route schema an entry becomes; handlers are typed from it. */
export interface SchemaOf<E extends RouteDefinition> {
  params: Field<E, 'params'>;
  querystring: Field<E, 'query'>;
  headers: Field<E, 'headers'>;
  body: Field<E, 'body'>;
  response: E['responses'];
}

export type ContractHandler<E extends RouteDefinition> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  unknown,
  SchemaOf<E>,
  ZodTypeProvider
>;

/** Hooks and limits a route may add to its entry (never a schema: that is the contract's). */
export type ContractRouteOptions = Pick<
  RouteShorthandOptions,
  'bodyLimit' | 'onRequest' | 'preHandler' | 'preSerialization' | 'logLevel'
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract entry a route was registered from (`POST /api/v1/quotes`). */
    contract?: string;
  }
}

/**
 * Registers a route from its contract entry: method, path, params, query, headers, body
 * and every response become the Fastify schema (validated on the way in, serialized and
 * checked on the way out), so the handler's input and return types are the contract's.
 */
export function registerRoute<const E extends RouteDefinition>(
  app: ContractApp,
  entry: E,
  handler: ContractHandler<E>,
  options: ContractRouteOptions = {},
): void {
  const schema = {
    tags: [...entry.tags],
    summary: entry.summary,
    ...(entry.description === undefined ? {} : { description: entry.description }),
    ...(entry.hide ? { hide: true } : {}),
    ...(entry.params ? { params: entry.params } : {}),
    ...(entry.query ? { querystring: entry.query } : {}),
    ...(entry.headers ? { headers: entry.headers } : {}),
    ...(entry.body ? { body: entry.body } : {}),
    response: entry.responses,
  };
  app.route({
    ...options,
    method: entry.method,
    url: entry.path,
    schema,
    config: { contract: routeKey(entry) },
    handler: handler as RouteHandlerMethod,
  });
}

/**
 * A value as the route's schema for `status` sends it: encoded by the same zod schema, then
 * JSON, exactly what Fastify's serializer would answer. For routes that keep an answer's text
 * and send it again (`reply.type('application/json…').send(text)` is not serialized twice).
 */
export function serializeResponse<const E extends RouteDefinition>(
  entry: E,
  status: keyof E['responses'] & number,
  value: unknown,
): string {
  const schema = entry.responses[status] as z.ZodType | undefined;
  if (!schema) throw new Error(`${routeKey(entry)} declares no ${status} response`);
  return JSON.stringify(z.encode(schema, value));
}

interface AccessTables {
  /** The admin access table (`adminRouteAccess`). */
  readonly admin: Readonly<Record<string, { permission: string; isStationScoped: boolean }>>;
  /** The staff actions outside the admin API (`staffActionAccess`). */
  readonly staffAction: Readonly<Record<string, { permission: string }>>;
}

function accessMismatch(key: string, rule: RouteAccess, tables: AccessTables): string | null {
  const adminRule = tables.admin[key];
  const actionRule = tables.staffAction[key];
  if (rule.kind === 'admin') {
    if (!adminRule) return 'is not in the admin access table';
    if (
      adminRule.permission !== rule.permission ||
      adminRule.isStationScoped !== rule.isStationScoped
    )
      return 'has another rule in the admin access table';
    return null;
  }
  if (adminRule) return `is in the admin access table but the contract says ${rule.kind}`;
  if (rule.kind === 'staffAction') {
    if (!actionRule) return 'is not in the staff action table';
    if (actionRule.permission !== rule.permission)
      return 'has another rule in the staff action table';
    return null;
  }
  if (actionRule) return `is in the staff action table but the contract says ${rule.kind}`;
  return null;
}

const registeredKeys = new WeakMap<FastifyInstance, string[]>();

/**
 * Installed on the root instance before any route: a route under /api/v1/ that does not
 * come from an entry of the contract registry fails start-up, and so does an entry whose
 * access rule disagrees with the server's access tables.
 */
export function guardContractRegistration(
  app: FastifyInstance,
  tables: AccessTables,
  registry: ReadonlyMap<string, RouteDefinition> = contractEntries(),
): void {
  const keys: string[] = [];
  registeredKeys.set(app, keys);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      const key = `${method} ${route.url}`;
      const declared = route.config?.contract;
      if (declared === undefined) {
        if (!route.url.startsWith('/api/v1/')) continue;
        throw new Error(`${key} has no contract entry (packages/core/src/contract)`);
      }
      const entry = registry.get(declared);
      if (declared !== key || !entry)
        throw new Error(`${key} is registered from ${declared}, which is not in the contract`);
      const mismatch = accessMismatch(key, entry.access, tables);
      if (mismatch) throw new Error(`${key} ${mismatch}`);
      keys.push(key);
    }
  });
}

/** The routes the app registered from the contract (for the completeness test). */
export function contractRoutesOf(app: FastifyInstance): readonly string[] {
  return registeredKeys.get(app) ?? [];
}
