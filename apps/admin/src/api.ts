import { createClient } from '@teppan/web-client';

export { ApiError, errorMessage } from '@teppan/web-client';

// The session lives in an HttpOnly cookie; the CSRF token that goes with it is kept in memory
// only and re-read from /auth/me after a reload.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * The admin app's one client (same origin, cookie session; the CSRF token rides on every
 * call); every error is an `ApiError`. `call(routes.x, { params, query, body })` takes a
 * contract reference (`route<typeof contract.area.op>(method, path)`, kept beside the area's
 * screens in `api-<area>.ts`) and answers the contract's response type: the admin app declares
 * no response types of its own.
 */
export const client = createClient({
  credentials: 'same-origin',
  headers: (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {}),
});

export const { call } = client;

/** A query string for links inside the admin app (empty values left out). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
