import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/layout.tsx';
import { HomePage } from './pages/home-page.tsx';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'menu',
        lazy: async () => ({ Component: (await import('./pages/menu-page.tsx')).MenuPage }),
      },
      {
        path: 'quote',
        lazy: async () => ({ Component: (await import('./pages/quote-page.tsx')).QuotePage }),
      },
      { path: 'book', element: <Navigate to="/book/venue" replace /> },
      {
        // The link the assistant, the hold emails and staff send to finish a hold.
        path: 'book/hold/:id',
        lazy: async () => ({
          Component: (await import('./pages/hold-resume-page.tsx')).HoldResumePage,
        }),
      },
      {
        path: 'book/:step',
        lazy: async () => ({ Component: (await import('./pages/book-page.tsx')).BookPage }),
      },
      {
        path: 'manage/:id',
        lazy: async () => ({ Component: (await import('./pages/manage-page.tsx')).ManagePage }),
      },
      {
        path: '*',
        lazy: async () => ({
          Component: (await import('./pages/not-found-page.tsx')).NotFoundPage,
        }),
      },
    ],
  },
]);
