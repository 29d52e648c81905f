// First: the page's CSP allows no eval, so zod must not probe for it (ADR 0020).
import '@teppan/core/strict-csp';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { mountApp } from '@teppan/web-ui';
import { ApiError, setCsrfToken } from './api.ts';
import { router } from './router.tsx';
import { meQueryKey } from './session.tsx';
import '@teppan/web-ui/styles.css';

// Staff keep the panel open all day: data is cached, refetched when the tab regains focus,
// and every list and detail view also has a manual Refresh button.
// A session that ended elsewhere (sign-out everywhere, expiry, deactivation) answers
// UNAUTHORIZED: forget it, and RequireSession sends the visitor back to sign in.
const onSessionError = (error: unknown) => {
  if (error instanceof ApiError && error.code === 'UNAUTHORIZED') {
    setCsrfToken(null);
    queryClient.setQueryData(meQueryKey, null);
  }
};
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionError }),
  mutationCache: new MutationCache({ onError: onSessionError }),
  defaultOptions: {
    queries: {
      // Never retry what a retry cannot fix: no session, no permission, no such booking.
      retry: (failures, error) =>
        failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: true,
      staleTime: 15_000,
    },
  },
});

mountApp({ queryClient, router });
