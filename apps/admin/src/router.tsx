import { Loading } from '@teppan/web-ui';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Layout } from './components/layout.tsx';
import { BookingDetailPage } from './pages/booking-detail-page.tsx';
import { BookingsPage } from './pages/bookings-page.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { RequireSession } from './session.tsx';

/**
 * A screen loaded on first visit: the dashboard and bookings (where staff spend the day)
 * are in the first bundle; the rest come as separate chunks, so sign-in stays quick.
 */
function later(load: () => Promise<Record<string, unknown>>, name: string): RouteObject['lazy'] {
  return async () => {
    const module = await load();
    return { Component: module[name] as React.ComponentType };
  };
}

// Served under /admin by the API process (apps/server/src/modules/web-admin).
export const router = createBrowserRouter(
  [
    { path: 'sign-in', element: <SignInPage /> },
    // Opened from staff emails, without a session.
    {
      path: 'accept-invitation',
      lazy: later(() => import('./pages/account-link-pages.tsx'), 'AcceptInvitationPage'),
      hydrateFallbackElement: <Loading label="Loading…" />,
    },
    {
      path: 'reset-password',
      lazy: later(() => import('./pages/account-link-pages.tsx'), 'ResetPasswordPage'),
      hydrateFallbackElement: <Loading label="Loading…" />,
    },
    {
      element: (
        <RequireSession>
          <Layout />
        </RequireSession>
      ),
      hydrateFallbackElement: <Loading label="Loading the panel…" />,
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'bookings', element: <BookingsPage /> },
        { path: 'bookings/:id', element: <BookingDetailPage /> },
        { path: 'staff', lazy: later(() => import('./pages/staff-page.tsx'), 'StaffPage') },
        { path: 'api-keys', lazy: later(() => import('./pages/api-keys-page.tsx'), 'ApiKeysPage') },
        {
          path: 'calendar',
          lazy: later(() => import('./pages/calendar-page.tsx'), 'CalendarPage'),
        },
        { path: 'chefs', lazy: later(() => import('./pages/chefs-page.tsx'), 'ChefsPage') },
        {
          path: 'chefs/:id',
          lazy: later(() => import('./pages/chefs-page.tsx'), 'ChefDetailPage'),
        },
        {
          path: 'customers',
          lazy: later(() => import('./pages/customers-page.tsx'), 'CustomersPage'),
        },
        {
          path: 'customers/:id',
          lazy: later(() => import('./pages/customers-page.tsx'), 'CustomerDetailPage'),
        },
        { path: 'leads', lazy: later(() => import('./pages/leads-page.tsx'), 'LeadsPage') },
        { path: 'inbox', lazy: later(() => import('./pages/inbox-page.tsx'), 'InboxPage') },
        {
          path: 'inbox/:id',
          lazy: later(() => import('./pages/inbox-page.tsx'), 'InboxDetailPage'),
        },
        { path: 'audit', lazy: later(() => import('./pages/audit-page.tsx'), 'AuditPage') },
        {
          path: 'settings',
          lazy: later(() => import('./pages/settings-page.tsx'), 'SettingsPage'),
        },
        {
          path: 'settings/stations',
          lazy: later(() => import('./pages/stations-page.tsx'), 'StationsPage'),
        },
        {
          path: 'two-factor',
          lazy: later(() => import('./pages/two-factor-page.tsx'), 'TwoFactorPage'),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);
