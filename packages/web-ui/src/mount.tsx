import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, type createBrowserRouter } from 'react-router';

/**
 * Renders an app into the page's `#root`: strict mode, its query client (each app sets its
 * own retry and refresh policy) and its router. Both web apps start this way.
 */
export function mountApp(input: {
  queryClient: QueryClient;
  router: ReturnType<typeof createBrowserRouter>;
}): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={input.queryClient}>
        <RouterProvider router={input.router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
