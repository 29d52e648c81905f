import type {
  RouteBody,
  RouteDefinition,
  RouteParams,
  RouteQuery,
  RouteResponse,
} from '@teppan/core/contract';

/**
 * The one typed client for the web apps (issue #10): `call(route, input)` takes a contract
 * entry (or a `route<typeof contract.x.y>(method, path)` reference, which keeps the entry's
 * zod schemas out of the bundle), builds the URL, sends the JSON body and answers the parsed
 * 2xx body typed from the entry's response schema. Every failure is one `ApiError`.
 */

declare const entryType: unique symbol;

/** The method and path of a contract entry; the entry itself rides along as a type only. */
export interface RouteRef<E extends RouteDefinition = RouteDefinition> {
  readonly method: E['method'];
  readonly path: E['path'];
  readonly [entryType]?: E;
}

/**
 * A reference to a contract entry without importing its schemas:
 * `route<typeof contract.quotes.create>('POST', '/api/v1/quotes')`. The method and path must
 * be the entry's own (a typo does not compile).
 */
export function route<E extends RouteDefinition>(
  method: E['method'],
  path: E['path'],
): RouteRef<E> {
  return { method, path };
}

/** The entry a reference or an entry stands for. */
export type EntryOf<R> = R extends RouteDefinition ? R : R extends RouteRef<infer E> ? E : never;

type Field<K extends string, T> = [T] extends [undefined]
  ? { readonly [P in K]?: undefined }
  : undefined extends T
    ? { readonly [P in K]?: T }
    : Record<string, never> extends T
      ? { readonly [P in K]?: T }
      : { readonly [P in K]: T };

/** What a call sends: params, query and body typed from the entry, required when it has them. */
export type CallInput<E extends RouteDefinition> = Field<'params', RouteParams<E>> &
  Field<'query', RouteQuery<E>> &
  Field<'body', RouteBody<E>> & {
    readonly headers?: Readonly<Record<string, string>>;
    readonly signal?: AbortSignal;
  };

/** The success body of an entry. */
export type CallResult<R> = RouteResponse<EntryOf<R>>;

type InputArgs<E extends RouteDefinition> =
  Record<string, never> extends CallInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];

/** The envelope every API error uses: `{ error: { code, message, details? }, requestId }`. */
export type ErrorEnvelope = {
  error?: { code?: string; message?: string; details?: unknown };
  requestId?: string;
};

/** The one error type: an HTTP error from the envelope, or `NETWORK_ERROR` (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_ERROR = 'NETWORK_ERROR';

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The message to show for anything a call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

type QueryValue =
  string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/** `/api/v1/bookings/:id` with `{ id }` → `/api/v1/bookings/<encoded id>`. */
export function buildPath(path: string, params?: Readonly<Record<string, unknown>>): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params?.[name] as string | number | undefined;
    if (value === undefined || value === null || value === '')
      throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** A query string (with its `?`, or empty); arrays repeat their key, as the server accepts. */
export function buildQuery(query?: Readonly<Record<string, unknown>>): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, raw] of Object.entries(query)) {
    const value = raw as QueryValue;
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export type ClientOptions = {
  /** Prefix for every path (default: same origin). */
  readonly baseUrl?: string;
  readonly credentials?: RequestInit['credentials'];
  /** Headers on every call (a call's own headers win). */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** Defaults to the global fetch (tests pass a fake). */
  readonly fetch?: typeof fetch;
  /** Sees every ApiError before it is thrown (the admin app's 401 handling). */
  readonly onError?: (error: ApiError) => void;
};

export type Client = {
  readonly call: <R extends RouteRef>(
    entry: R,
    ...args: InputArgs<EntryOf<R>>
  ) => Promise<CallResult<R>>;
};

/** What a request sends besides its method and URL. */
type RequestInput = {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
};

const networkMessage = 'We could not reach the server. Check your connection.';

export function createClient(options: ClientOptions = {}): Client {
  const fail = (error: ApiError): never => {
    options.onError?.(error);
    throw error;
  };
  async function call(entry: RouteRef, input: CallInput<RouteDefinition> = {}): Promise<unknown> {
    const params = input.params as Readonly<Record<string, unknown>> | undefined;
    const query = input.query as Readonly<Record<string, unknown>> | undefined;
    return request(entry.method, buildPath(entry.path, params) + buildQuery(query), input);
  }
  async function request(method: string, path: string, input: RequestInput = {}): Promise<unknown> {
    const url = (options.baseUrl ?? '') + path;
    const common =
      typeof options.headers === 'function' ? options.headers() : (options.headers ?? {});
    const headers: Record<string, string> = { accept: 'application/json', ...common };
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, input.headers);
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      return fail(new ApiError(0, NETWORK_ERROR, networkMessage, error));
    }
    const text = await response.text().catch(() => '');
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      const envelope = (data ?? {}) as ErrorEnvelope;
      return fail(
        new ApiError(
          response.status,
          envelope.error?.code ?? `HTTP_${response.status}`,
          envelope.error?.message ?? `The server answered ${response.status}.`,
          envelope.error?.details,
          envelope.requestId,
        ),
      );
    }
    return data;
  }
  return { call: call as Client['call'] };
}

/** A TanStack Query key for a call: the route key, then the params, query and body. */
export function queryKey<R extends RouteRef>(
  entry: R,
  ...args: InputArgs<EntryOf<R>>
): readonly [string, ...unknown[]] {
  const input = (args[0] ?? {}) as CallInput<RouteDefinition>;
  const key: [string, ...unknown[]] = [`${entry.method} ${entry.path}`];
  if (input.params !== undefined) key.push(input.params);
  if (input.query !== undefined) key.push(input.query);
  if (input.body !== undefined) key.push(input.body);
  return key;
}

export { routes, type ContractRoutes } from './routes.ts';
