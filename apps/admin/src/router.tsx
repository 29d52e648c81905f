import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/layout.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { BookingDetailPage } from './pages/booking-detail-page.tsx';
import { BookingsPage } from './pages/bookings-page.tsx';
import { CalendarPage } from './pages/calendar-page.tsx';
import { InboxDetailPage, InboxPage } from './pages/inbox-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
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
        { index: true, element: <Navigate to="/bookings" replace /> },
        { path: 'bookings', element: <BookingsPage /> },
        { path: 'bookings/:id', element: <BookingDetailPage /> },
        { path: 'calendar', element: <CalendarPage /> },
        { path: 'inbox', element: <InboxPage /> },
        { path: 'inbox/:id', element: <InboxDetailPage /> },
        { path: 'audit', element: <AuditPage /> },
        { path: 'two-factor', element: <TwoFactorPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);
