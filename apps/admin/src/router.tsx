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

/** The separately loaded chunks, one a page module (a list and its detail share one). */
const chunk = {
  accountLinks: () => import('./pages/account-link-pages.tsx'),
  apiKeys: () => import('./pages/api-keys-page.tsx'),
  audit: () => import('./pages/audit-page.tsx'),
  calendar: () => import('./pages/calendar-page.tsx'),
  chefs: () => import('./pages/chefs-page.tsx'),
  customers: () => import('./pages/customers-page.tsx'),
  inbox: () => import('./pages/inbox-page.tsx'),
  leads: () => import('./pages/leads-page.tsx'),
  settings: () => import('./pages/settings-page.tsx'),
  staff: () => import('./pages/staff-page.tsx'),
  stations: () => import('./pages/stations-page.tsx'),
  twoFactor: () => import('./pages/two-factor-page.tsx'),
};

// Served under /admin by the API process (apps/server/src/modules/web-admin).
export const router = createBrowserRouter(
  [
    { path: 'sign-in', element: <SignInPage /> },
    // Opened from staff emails, without a session.
    {
      path: 'accept-invitation',
      lazy: later(chunk.accountLinks, 'AcceptInvitationPage'),
      hydrateFallbackElement: <Loading label="Loading…" />,
    },
    {
      path: 'reset-password',
      lazy: later(chunk.accountLinks, 'ResetPasswordPage'),
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
        { path: 'staff', lazy: later(chunk.staff, 'StaffPage') },
        { path: 'api-keys', lazy: later(chunk.apiKeys, 'ApiKeysPage') },
        { path: 'calendar', lazy: later(chunk.calendar, 'CalendarPage') },
        { path: 'chefs', lazy: later(chunk.chefs, 'ChefsPage') },
        { path: 'chefs/:id', lazy: later(chunk.chefs, 'ChefDetailPage') },
        { path: 'customers', lazy: later(chunk.customers, 'CustomersPage') },
        { path: 'customers/:id', lazy: later(chunk.customers, 'CustomerDetailPage') },
        { path: 'leads', lazy: later(chunk.leads, 'LeadsPage') },
        { path: 'inbox', lazy: later(chunk.inbox, 'InboxPage') },
        { path: 'inbox/:id', lazy: later(chunk.inbox, 'InboxDetailPage') },
        { path: 'audit', lazy: later(chunk.audit, 'AuditPage') },
        { path: 'settings', lazy: later(chunk.settings, 'SettingsPage') },
        { path: 'settings/stations', lazy: later(chunk.stations, 'StationsPage') },
        { path: 'two-factor', lazy: later(chunk.twoFactor, 'TwoFactorPage') },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);
