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
 * call); every error is an `ApiError`. `call(routes.area.name, { params, query, body })`
 * takes a reference from `@teppan/web-client`'s `routes` and answers the contract's response
 * type: the admin app declares no response types of its own (its `api-*.ts` name them).
 */
export const { call } = createClient({
  credentials: 'same-origin',
  headers: (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {}),
});

/** A query string for links inside the admin app (empty values left out). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
