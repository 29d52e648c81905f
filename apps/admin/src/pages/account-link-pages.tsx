import { routes } from '@teppan/web-client';
import { useMutation } from '@tanstack/react-query';
import { buttonClass, ErrorBox, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, call } from '../api.ts';
import { MutationError } from '../components/page-parts.tsx';

// The pages the links in staff emails open (invitation, password reset): no session needed.

const MIN_PASSWORD = 12;

function Page(props: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="mb-6 text-2xl font-bold">{props.title}</h1>
      <div className="rounded border border-stone-300 bg-white p-6">{props.children}</div>
    </main>
  );
}

const signInLink = (
  <Link to="/sign-in" className="font-semibold text-amber-900 underline">
    Go to sign-in
  </Link>
);

/** Errors that end the page's purpose: the link itself is no good any more. */
const DEAD_LINK_CODES = ['TOKEN_INVALID', 'INVITATION_REVOKED', 'RESET_LINK_SUPERSEDED'];
const isDeadLink = (error: unknown) =>
  error instanceof ApiError && DEAD_LINK_CODES.includes(error.code);

/** Choose a password twice; `onSubmit` runs once both agree and are long enough. */
function NewPasswordForm(props: {
  label: string;
  submitLabel: string;
  isPending: boolean;
  onSubmit: (password: string) => void;
}) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (password.length < MIN_PASSWORD) next.password = `Use at least ${MIN_PASSWORD} characters.`;
    else if (repeat !== password) next.repeat = 'The two passwords differ.';
    setErrors(next);
    if (Object.keys(next).length === 0) props.onSubmit(password);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={props.label} className="grid gap-3">
      <TextField
        id={`${id}-password`}
        label="New password"
        type="password"
        autoComplete="new-password"
        error={errors.password ?? ''}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <TextField
        id={`${id}-repeat`}
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        error={errors.repeat ?? ''}
        value={repeat}
        onChange={(event) => setRepeat(event.target.value)}
      />
      <div>
        <button type="submit" className={buttonClass} disabled={props.isPending}>
          {props.isPending ? 'Saving…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const accept = useMutation({
    mutationFn: (password: string) =>
      call(routes.staff.acceptInvitation, { body: { token, password } }),
  });
  if (!token)
    return (
      <Page title="Join the Teppan team">
        <p>Open this page from the link in your invitation email.</p>
      </Page>
    );
  if (accept.data)
    return (
      <Page title="Your account is ready">
        <p className="mb-3" role="status">
          Sign in as {accept.data.staff.email}. Managers and admins set up two-factor sign-in with
          an authenticator app right after the first sign-in.
        </p>
        {signInLink}
      </Page>
    );
  return (
    <Page title="Join the Teppan team">
      {isDeadLink(accept.error) ? (
        <>
          <ErrorBox error={accept.error} title="This invitation link cannot be used." />
          <p>An admin can send you a new invitation.</p>
        </>
      ) : (
        <>
          <p className="mb-3">Choose the password for your staff account.</p>
          <NewPasswordForm
            label="Accept the invitation"
            submitLabel="Create my account"
            isPending={accept.isPending}
            onSubmit={(password) => accept.mutate(password)}
          />
          <MutationError mutation={accept} title="Your account was not created." />
        </>
      )}
    </Page>
  );
}

function RequestResetForm() {
  const id = useId();
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const request = useMutation({
    mutationFn: () => call(routes.staff.requestPasswordReset, { body: { email: email.trim() } }),
  });
  if (request.isSuccess)
    return (
      <>
        <p className="mb-3" role="status">
          If {email.trim()} belongs to a staff account, a reset link is on its way. It works for an
          hour, and only the newest link you asked for works.
        </p>
        {signInLink}
      </>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const isValid = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
    setError(isValid ? '' : 'Enter a valid email address.');
    if (isValid) request.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Ask for a reset link" className="grid gap-3">
      <TextField
        id={`${id}-email`}
        label="Email"
        type="email"
        autoComplete="username"
        error={error}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <div>
        <button type="submit" className={buttonClass} disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Email me a reset link'}
        </button>
      </div>
      <MutationError mutation={request} title="No link was sent." />
    </form>
  );
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useMutation({
    mutationFn: (newPassword: string) =>
      call(routes.staff.confirmPasswordReset, { body: { token, newPassword } }),
  });
  if (!token)
    return (
      <Page title="Reset your password">
        <RequestResetForm />
      </Page>
    );
  if (reset.isSuccess)
    return (
      <Page title="Password changed">
        <p className="mb-3" role="status">
          Your new password works now; every session of your account was signed out.
        </p>
        {signInLink}
      </Page>
    );
  return (
    <Page title="Choose a new password">
      {isDeadLink(reset.error) ? (
        <>
          <ErrorBox error={reset.error} title="This reset link cannot be used." />
          <Link to="/reset-password" className="font-semibold text-amber-900 underline">
            Ask for a new link
          </Link>
        </>
      ) : (
        <>
          <NewPasswordForm
            label="Choose a new password"
            submitLabel="Save the new password"
            isPending={reset.isPending}
            onSubmit={(password) => reset.mutate(password)}
          />
          <MutationError mutation={reset} title="The password was not changed." />
        </>
      )}
    </Page>
  );
}
