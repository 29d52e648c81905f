// Before any schema is built: no eval probe under the browser's CSP (strict-csp.ts).
import '../strict-csp.ts';
import type { z } from 'zod';
import type { Permission } from '../permissions.ts';

/**
 * The HTTP contract (issue F6): one entry per route with its method, path, inputs, every
 * response and its access rule. The server registers routes from these entries
 * (apps/server/src/lib/contract-route.ts), the OpenAPI document is generated from them, and
 * clients infer their types from the same schemas.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. The server checks an entry against its own tables when the route
 * registers: an `admin` rule must equal the admin access table's, a `staffAction` rule the
 * staff action table's, so the contract and the checks cannot disagree.
 */
export type RouteAccess =
  /** Anyone (rate-limited). */
  | { readonly kind: 'public' }
  /** The customer's one-time manage token (`x-booking-token` header or `?token=`). */
  | { readonly kind: 'bookingToken' }
  /** A payment or SMS provider, proven by the signature of the request. */
  | { readonly kind: 'webhook'; readonly provider: 'stripe' | 'ringcentral' }
  /** A bearer secret from configuration (metrics scrape) or a development-only route. */
  | { readonly kind: 'operator'; readonly detail: string }
  /** Any signed-in staff member, whatever the role. */
  | { readonly kind: 'signedIn' }
  /** The staff API under /api/v1/staff/: a session with this permission. */
  | { readonly kind: 'staff'; readonly permission: Permission }
  /** The admin API under /api/v1/admin/ (the admin access table). */
  | { readonly kind: 'admin'; readonly permission: Permission; readonly isStationScoped: boolean }
  /** A staff action outside the admin API: session, scoped API key or the operator key. */
  | { readonly kind: 'staffAction'; readonly permission: Permission };

export const access = {
  public: { kind: 'public' },
  bookingToken: { kind: 'bookingToken' },
  signedIn: { kind: 'signedIn' },
  webhook: (provider: 'stripe' | 'ringcentral') => ({ kind: 'webhook', provider }) as const,
  operator: (detail: string) => ({ kind: 'operator', detail }) as const,
  staff: (permission: Permission) => ({ kind: 'staff', permission }) as const,
  admin: (permission: Permission, options: { isStationScoped: boolean }) =>
    ({ kind: 'admin', permission, isStationScoped: options.isStationScoped }) as const,
  staffAction: (permission: Permission) => ({ kind: 'staffAction', permission }) as const,
} as const satisfies Record<string, RouteAccess | ((...args: never[]) => RouteAccess)>;

/** A body that is not JSON (a file, HTML, a webhook acknowledgement): its content type. */
export interface RawResponse {
  readonly description: string;
  readonly content: Readonly<Record<string, { readonly schema: z.ZodType }>>;
}

export type ResponseSchema = z.ZodType | RawResponse;

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: `/${string}`;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly headers?: z.ZodType;
  readonly body?: z.ZodType;
  /** Every success status the route answers with; errors use the shared envelope. */
  readonly responses: Readonly<Record<number, ResponseSchema>>;
  readonly access: RouteAccess;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Left out of the OpenAPI document (the web apps' HTML pages). */
  readonly hide?: boolean;
}

export type RouteKey<E extends RouteDefinition = RouteDefinition> = `${E['method']} ${E['path']}`;

export function routeKey<E extends RouteDefinition>(entry: E): RouteKey<E> {
  return `${entry.method} ${entry.path}` as RouteKey<E>;
}

/** Declares one route; the literal types are kept, so handlers and clients infer from it. */
export function defineRoute<const E extends RouteDefinition>(entry: E): E {
  return entry;
}

export function isRawResponse(schema: ResponseSchema): schema is RawResponse {
  return typeof schema === 'object' && schema !== null && 'content' in schema;
}

/** A non-JSON body of one content type (`text/calendar`, `application/pdf`, `text/html`…). */
export function rawResponse<const T extends string>(
  contentType: T,
  schema: z.ZodType,
  description: string,
): RawResponse & { readonly content: Readonly<Record<T, { readonly schema: z.ZodType }>> } {
  return {
    description,
    content: { [contentType]: { schema } } as Record<T, { schema: z.ZodType }>,
  };
}

/** Inputs and outputs of an entry, for clients. */
export type RouteBody<E extends RouteDefinition> = E['body'] extends z.ZodType
  ? z.input<E['body']>
  : undefined;
export type RouteQuery<E extends RouteDefinition> = E['query'] extends z.ZodType
  ? z.input<E['query']>
  : undefined;
export type RouteParams<E extends RouteDefinition> = E['params'] extends z.ZodType
  ? z.input<E['params']>
  : undefined;
export type RouteResponse<
  E extends RouteDefinition,
  Status extends keyof E['responses'] = keyof E['responses'],
> = E['responses'][Status] extends z.ZodType ? z.output<E['responses'][Status]> : unknown;
