import { routes } from '@teppan/web-client';
import { useMutation } from '@tanstack/react-query';
import { ErrorBox } from '@teppan/web-ui';
import { NavLink, Outlet, useNavigate, useNavigation } from 'react-router';
import { call } from '../api.ts';
import { useCan, useSession, useSignOutCleanup } from '../session.tsx';
import { SecondaryButton } from './shared-buttons.tsx';

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-3 py-2 font-medium ${isActive ? 'bg-amber-800 text-white' : 'text-stone-900 hover:bg-stone-200'}`;

export function Layout() {
  const me = useSession();
  const can = useCan();
  const navigate = useNavigate();
  // A screen's code loads on first visit; say so while it does.
  const isLoadingScreen = useNavigation().state === 'loading';
  const cleanup = useSignOutCleanup();
  const signOut = useMutation({
    mutationFn: () => call(routes.staff.logout),
    onSuccess: async () => {
      cleanup();
      await navigate('/sign-in', { replace: true });
    },
  });
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only">
        Skip to content
      </a>
      <header className="border-b border-stone-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
          <span className="text-lg font-bold">Teppan admin</span>
          {/* Until two-factor is on, the server opens nothing else: no links to dead ends. */}
          {me.twoFactorEnrolmentRequired ? null : (
            <nav aria-label="Main" className="flex flex-wrap gap-1">
              <NavLink to="/" end className={linkClass}>
                Dashboard
              </NavLink>
              <NavLink to="/bookings" className={linkClass}>
                Bookings
              </NavLink>
              <NavLink to="/calendar" className={linkClass}>
                Calendar
              </NavLink>
              {can('customers.read') ? (
                <NavLink to="/customers" className={linkClass}>
                  Customers
                </NavLink>
              ) : null}
              {can('leads.read') ? (
                <NavLink to="/leads" className={linkClass}>
                  Leads
                </NavLink>
              ) : null}
              {can('chefs.read') ? (
                <NavLink to="/chefs" className={linkClass}>
                  Chefs
                </NavLink>
              ) : null}
              {can('conversations.read') ? (
                <NavLink to="/inbox" className={linkClass}>
                  Inbox
                </NavLink>
              ) : null}
              {can('audit.read') ? (
                <NavLink to="/audit" className={linkClass}>
                  Audit log
                </NavLink>
              ) : null}
              {can('settings.read') ? (
                <NavLink to="/settings" className={linkClass}>
                  Settings
                </NavLink>
              ) : null}
              {can('staff.manage') ? (
                <NavLink to="/staff" className={linkClass}>
                  Staff
                </NavLink>
              ) : null}
              {can('apiKeys.manage') ? (
                <NavLink to="/api-keys" className={linkClass}>
                  API keys
                </NavLink>
              ) : null}
              <NavLink to="/two-factor" className={linkClass}>
                Two-factor
              </NavLink>
            </nav>
          )}
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-stone-700" data-testid="signed-in-as">
              {me.staff.name} · {me.role.replace(/_/g, ' ')}
            </span>
            <SecondaryButton disabled={signOut.isPending} onClick={() => signOut.mutate()}>
              Sign out
            </SecondaryButton>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6" aria-busy={isLoadingScreen}>
        {isLoadingScreen ? (
          <p role="status" className="mb-3 text-sm text-stone-600">
            Opening…
          </p>
        ) : null}
        {signOut.isError ? <ErrorBox error={signOut.error} title="Sign-out failed." /> : null}
        <Outlet />
      </main>
    </div>
  );
}
