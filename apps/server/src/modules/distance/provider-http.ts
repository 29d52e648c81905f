import { DistanceError } from './distance.error.ts';

export type FetchImpl = typeof fetch;

export const DEFAULT_PROVIDER_TIMEOUT_MS = 5000;

export interface HttpProviderOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  fetchImpl?: FetchImpl;
}

export interface ProviderResponse {
  status: number;
  ok: boolean;
  /** Parsed JSON, or undefined when the body was not JSON (e.g. a proxy's HTML error page). */
  body: unknown;
}

export interface ProviderRequest {
  /** Human name used in error messages, e.g. 'Google Distance Matrix'. */
  providerName: string;
  fetchImpl: FetchImpl;
  url: URL;
  init?: RequestInit;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export function trimTrailingSlash(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Removes the key from text that came from upstream, in case a provider echoes it. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

/**
 * Sends one request with a hard timeout and reads the body as JSON. Transport failures
 * become PROVIDER_FAILED without the URL or the fetch error's text, because the URL can
 * carry the API key (Google takes it in the query string).
 */
export async function requestProvider(req: ProviderRequest): Promise<ProviderResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  try {
    const response = await req.fetchImpl(req.url, { ...req.init, signal });
    const text = await response.text();
    return { status: response.status, ok: response.ok, body: parseJsonOrUndefined(text) };
  } catch (error) {
    if (timeout.aborted) {
      throw new DistanceError(
        'PROVIDER_FAILED',
        `${req.providerName} did not answer within ${req.timeoutMs} ms.`,
      );
    }
    if (req.signal?.aborted) {
      throw new DistanceError('PROVIDER_FAILED', `${req.providerName} request was cancelled.`);
    }
    throw new DistanceError(
      'PROVIDER_FAILED',
      `${req.providerName} request failed (${networkErrorCode(error)}).`,
    );
  }
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A stable, secret-free label such as ECONNREFUSED. */
function networkErrorCode(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return error instanceof Error ? error.name : 'unknown error';
}
