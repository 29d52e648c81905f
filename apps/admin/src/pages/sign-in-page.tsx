import { routes } from '@teppan/web-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { buttonClass, ErrorBox, inputClass, Loading, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, call, setCsrfToken } from '../api.ts';
import { meQueryKey, TWO_FACTOR_PATH, useMeQuery } from '../session.tsx';

function lockoutMessage(error: ApiError): string {
  const until = (error.details as { lockedUntil?: string } | undefined)?.lockedUntil;
  const when = until
    ? ` until ${new Date(until).toLocaleTimeString('en-US', { timeStyle: 'medium' })}`
    : ' for a while';
  // The pause applies to this address only; each further failure doubles it (up to an hour).
  return `Too many failed attempts from this connection: signing in from here is paused${when}. Each further failure makes the pause longer. Reset your password if you have forgotten it.`;
}

export function SignInPage() {
  const id = useId();
  const me = useMeQuery();
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/bookings';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useBackup, setUseBackup] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);

  const login = useMutation({
    mutationFn: () =>
      call(routes.staff.login, {
        body: {
          email,
          password,
          ...(needsCode && code ? (useBackup ? { backupCode: code } : { totpCode: code }) : {}),
        },
      }),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      await client.invalidateQueries({ queryKey: meQueryKey });
      await navigate(result.twoFactorEnrolmentRequired ? TWO_FACTOR_PATH : from, { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'TWO_FACTOR_REQUIRED') setNeedsCode(true);
    },
  });

  if (me.isPending) return <Loading label="Checking your session…" />;
  if (me.data && !login.isPending && !login.isSuccess) return <Navigate to={from} replace />;

  const error = login.error;
  const isTwoFactorPrompt = error instanceof ApiError && error.code === 'TWO_FACTOR_REQUIRED';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="mb-6 text-2xl font-bold">Sign in to Teppan admin</h1>
      <form onSubmit={onSubmit} className="rounded border border-stone-300 bg-white p-6" noValidate>
        <TextField
          id={`${id}-email`}
          label="Email"
          className="mb-4"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          id={`${id}-password`}
          label="Password"
          className="mb-4"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {needsCode ? (
          <div className="mb-4">
            <label htmlFor={`${id}-code`} className="block font-medium">
              {useBackup ? 'Backup code' : 'Authenticator code'}
            </label>
            <p id={`${id}-code-hint`} className="text-sm text-stone-600">
              {useBackup
                ? 'One of the backup codes you saved; each works once.'
                : 'The 6-digit code from your authenticator app.'}
            </p>
            <input
              id={`${id}-code`}
              autoComplete="one-time-code"
              inputMode={useBackup ? 'text' : 'numeric'}
              required
              autoFocus
              aria-describedby={`${id}-code-hint`}
              value={code}
              onChange={(event) => setCode(event.target.value.trim())}
              className={inputClass}
            />
            <button
              type="button"
              className="mt-2 text-sm text-amber-900 underline"
              onClick={() => {
                setUseBackup(!useBackup);
                setCode('');
              }}
            >
              {useBackup ? 'Use an authenticator code instead' : 'Use a backup code instead'}
            </button>
          </div>
        ) : null}
        {error && !(isTwoFactorPrompt && !code) ? (
          <div
            role="alert"
            className="mb-4 rounded border border-red-300 bg-red-50 p-3 text-red-900"
          >
            {error instanceof ApiError && error.status === 423
              ? lockoutMessage(error)
              : error.message}
          </div>
        ) : null}
        {isTwoFactorPrompt && !code ? (
          <p role="status" className="mb-4 text-stone-700">
            Enter the code from your authenticator app to finish signing in.
          </p>
        ) : null}
        <button type="submit" className={buttonClass} disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : needsCode ? 'Verify and sign in' : 'Sign in'}
        </button>
      </form>
      <p className="mt-4">
        <Link to="/reset-password" className="text-amber-900 underline">
          Forgot your password?
        </Link>
      </p>
      {me.isError ? <ErrorBox error={me.error} /> : null}
    </main>
  );
}
