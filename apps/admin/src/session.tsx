import { routes } from '@teppan/web-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorBox, Loading } from '@teppan/web-ui';
import { createContext, useContext, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { can, type Permission } from '@teppan/core';
import { ApiError, call, setCsrfToken } from './api.ts';
import { type Me } from './api-staff.ts';

export const meQueryKey = ['me'] as const;

const SessionContext = createContext<Me | null>(null);

export function useMeQuery() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async () => {
      try {
        const me = await call(routes.staff.me);
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        // Signed out (or a session that still owes a TOTP code): no session, not an error.
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    retry: false,
    staleTime: 60_000,
  });
}

export const TWO_FACTOR_PATH = '/two-factor';

/**
 * Renders its children only with a session; otherwise sends the visitor to sign in. A
 * session that owes two-factor enrolment (the server refuses it everything else) goes
 * straight to the enrolment screen, wherever it was headed.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  const location = useLocation();
  if (me.isPending) return <Loading label="Checking your session…" />;
  if (me.isError) return <ErrorBox error={me.error} title="We could not check your session." />;
  if (!me.data)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (me.data.twoFactorEnrolmentRequired && location.pathname !== TWO_FACTOR_PATH)
    return <Navigate to={TWO_FACTOR_PATH} replace />;
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside RequireSession');
  return me;
}

/** The same matrix the server enforces decides what the panel shows. */
export function useCan(): (permission: Permission) => boolean {
  const me = useSession();
  return (permission) => can(me.role, permission);
}

export function useSignOutCleanup(): () => void {
  const client = useQueryClient();
  return () => {
    setCsrfToken(null);
    client.clear();
    client.setQueryData(meQueryKey, null);
  };
}
