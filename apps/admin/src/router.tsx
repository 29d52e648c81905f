import { createBrowserRouter } from 'react-router';
import { Layout } from './components/layout.tsx';
import { ApiKeysPage } from './pages/api-keys-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { BookingDetailPage } from './pages/booking-detail-page.tsx';
import { BookingsPage } from './pages/bookings-page.tsx';
import { CalendarPage } from './pages/calendar-page.tsx';
import { ChefDetailPage, ChefsPage } from './pages/chefs-page.tsx';
import { CustomerDetailPage, CustomersPage } from './pages/customers-page.tsx';
import { LeadsPage } from './pages/leads-page.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { InboxDetailPage, InboxPage } from './pages/inbox-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { StaffPage } from './pages/staff-page.tsx';
import { StationsPage } from './pages/stations-page.tsx';
import { TwoFactorPage } from './pages/two-factor-page.tsx';
import { RequireSession } from './session.tsx';

// Served under /admin by the API process (apps/server/src/modules/web-admin).
export const router = createBrowserRouter(
  [
    { path: 'sign-in', element: <SignInPage /> },
    {
      element: (
        <RequireSession>
          <Layout />
        </RequireSession>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'staff', element: <StaffPage /> },
        { path: 'api-keys', element: <ApiKeysPage /> },
        { path: 'bookings', element: <BookingsPage /> },
        { path: 'bookings/:id', element: <BookingDetailPage /> },
        { path: 'calendar', element: <CalendarPage /> },
        { path: 'chefs', element: <ChefsPage /> },
        { path: 'chefs/:id', element: <ChefDetailPage /> },
        { path: 'customers', element: <CustomersPage /> },
        { path: 'customers/:id', element: <CustomerDetailPage /> },
        { path: 'leads', element: <LeadsPage /> },
        { path: 'inbox', element: <InboxPage /> },
        { path: 'inbox/:id', element: <InboxDetailPage /> },
        { path: 'audit', element: <AuditPage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: 'settings/stations', element: <StationsPage /> },
        { path: 'two-factor', element: <TwoFactorPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);
