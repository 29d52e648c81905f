// First: the page's CSP allows no eval, so zod must not probe for it (ADR 0020).
import '@teppan/core/strict-csp';
import { QueryClient } from '@tanstack/react-query';
import { mountApp } from '@teppan/web-ui';
import { router } from './router.tsx';
import '@teppan/web-ui/styles.css';

// Guests visit once: one retry for a flaky connection, no refetch on tab focus.
mountApp({
  queryClient: new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
  }),
  router,
});
