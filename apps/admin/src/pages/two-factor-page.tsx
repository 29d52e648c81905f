import { routes } from '@teppan/web-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  dangerButtonClass,
  inputClass,
  PageHeader,
  Section,
  TextField,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { requiresTwoFactor } from '@teppan/core';
import { ApiError, call } from '../api.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { MutationError } from '../components/page-parts.tsx';
import { meQueryKey, useSession } from '../session.tsx';

/** The server's answer to a wrong password says what to do; other errors keep their own. */
function passwordError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'PASSWORD_INCORRECT')
    return 'That password is not correct.';
  return '';
}

/** Shown once, right after enrolment: the codes exist nowhere else in readable form. */
function BackupCodes(props: { codes: string[]; mustContinue: boolean }) {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Two-factor sign-in" />
      <Section title="Two-factor sign-in is on">
        <p className="mb-3" role="status">
          Save these backup codes somewhere safe now (a password manager, or printed). Each works
          once if you lose your phone, and they will not be shown again.
        </p>
        <ul aria-label="Backup codes" className="grid grid-cols-2 gap-2 font-mono sm:grid-cols-5">
          {props.codes.map((backupCode) => (
            <li key={backupCode} className="rounded bg-stone-100 p-2 text-center">
              {backupCode}
            </li>
          ))}
        </ul>
        {props.mustContinue ? (
          <button
            type="button"
            className={`${buttonClass} mt-4`}
            onClick={() => void navigate('/', { replace: true })}
          >
            I have saved the codes, continue
          </button>
        ) : null}
      </Section>
    </>
  );
}

function TurnOff(props: { isRequired: boolean }) {
  const id = useId();
  const client = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [isConfirming, setIsConfirming] = useState(false);
  const disable = useMutation({
    mutationFn: () => call(routes.staff.disableTotp, { body: { password, code: code.trim() } }),
    onSuccess: async () => {
      setIsConfirming(false);
      setPassword('');
      setCode('');
      await client.invalidateQueries({ queryKey: meQueryKey });
    },
    onError: () => setIsConfirming(false),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!password) next.password = 'Enter your password.';
    if (code.trim().length < 6) next.code = 'Enter a code from the app or a backup code.';
    setErrors(next);
    if (Object.keys(next).length === 0) setIsConfirming(true);
  };
  const label = props.isRequired ? 'Reset two-factor sign-in' : 'Turn off two-factor sign-in';
  return (
    <Section title={props.isRequired ? 'New phone? Reset it' : 'Turn it off'}>
      <p className="mb-3">
        {props.isRequired
          ? 'Your role requires two-factor sign-in, so this is a reset: right after it you set up the new authenticator before anything else.'
          : 'You can sign in with your password alone afterwards.'}
      </p>
      <form onSubmit={onSubmit} noValidate aria-label={label} className="grid max-w-sm gap-3">
        <TextField
          id={`${id}-password`}
          label="Your password"
          type="password"
          autoComplete="current-password"
          error={errors.password || passwordError(disable.error)}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <TextField
          id={`${id}-code`}
          label="Code from the app, or a backup code"
          autoComplete="one-time-code"
          error={errors.code ?? ''}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <div>
          <button type="submit" className={dangerButtonClass} disabled={disable.isPending}>
            {label}
          </button>
        </div>
        {passwordError(disable.error) ? null : (
          <MutationError mutation={disable} title="Two-factor sign-in was not changed." />
        )}
      </form>
      <ConfirmDialog
        isOpen={isConfirming}
        title={`${label}?`}
        confirmLabel={props.isRequired ? 'Reset' : 'Turn off'}
        isDanger
        isPending={disable.isPending}
        onCancel={() => setIsConfirming(false)}
        onConfirm={() => disable.mutate()}
      >
        <p>
          Your authenticator app and every backup code stop working.
          {props.isRequired ? ' You then set up a new authenticator before anything else.' : ''}
        </p>
      </ConfirmDialog>
    </Section>
  );
}

export function TwoFactorPage() {
  const id = useId();
  const me = useSession();
  const client = useQueryClient();
  const [password, setPassword] = useState('');
  const [passwordMissing, setPasswordMissing] = useState('');
  const [code, setCode] = useState('');
  const [codeMissing, setCodeMissing] = useState('');
  // Whether this visit began with enrolment owed: the codes screen then leads on to the panel.
  const [wasRequired] = useState(me.twoFactorEnrolmentRequired);
  const isRequiredForRole = requiresTwoFactor(me.role);
  const enroll = useMutation({
    mutationFn: () => call(routes.staff.enrollTotp, { body: { password } }),
    onSuccess: () => setPassword(''),
  });
  const confirm = useMutation({
    mutationFn: () => call(routes.staff.confirmTotp, { body: { code } }),
    // The backup codes live only in this mutation's result: shown once, never refetched.
    onSuccess: () => client.invalidateQueries({ queryKey: meQueryKey }),
  });

  if (confirm.data)
    return <BackupCodes codes={confirm.data.backupCodes} mustContinue={wasRequired} />;

  if (me.staff.isTwoFactorEnabled)
    return (
      <>
        <PageHeader title="Two-factor sign-in" />
        <Section title="Status">
          <p data-testid="two-factor-status">Two-factor sign-in is on for your account.</p>
        </Section>
        <TurnOff isRequired={isRequiredForRole} />
      </>
    );

  const onStart = (event: FormEvent) => {
    event.preventDefault();
    setPasswordMissing(password ? '' : 'Enter your password.');
    if (password) enroll.mutate();
  };
  const onConfirm = (event: FormEvent) => {
    event.preventDefault();
    setCodeMissing(/^\d{6}$/.test(code) ? '' : 'Enter the 6-digit code the app shows.');
    if (/^\d{6}$/.test(code)) confirm.mutate();
  };

  return (
    <>
      <PageHeader
        title={me.twoFactorEnrolmentRequired ? 'Set up two-factor sign-in' : 'Two-factor sign-in'}
      />
      <Section title="Set up an authenticator app">
        <p className="mb-3" data-testid="two-factor-status">
          {me.twoFactorEnrolmentRequired
            ? `Your role (${me.role.replace(/_/g, ' ')}) requires two-factor sign-in. Set it up now: the rest of the panel opens once it is on.`
            : 'Two-factor sign-in is off. Staff who handle bookings and payments should turn it on.'}
        </p>
        {!enroll.data ? (
          <form
            onSubmit={onStart}
            noValidate
            aria-label="Start two-factor set-up"
            className="grid max-w-sm gap-3"
          >
            <p>
              You need an authenticator app on your phone (Google Authenticator, Microsoft
              Authenticator, 1Password…). Confirm your password to begin.
            </p>
            <TextField
              id={`${id}-password`}
              label="Your password"
              type="password"
              autoComplete="current-password"
              error={passwordMissing || passwordError(enroll.error)}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <div>
              <button type="submit" className={buttonClass} disabled={enroll.isPending}>
                {enroll.isPending ? 'Starting…' : 'Start set-up'}
              </button>
            </div>
            {passwordError(enroll.error) ? null : (
              <MutationError mutation={enroll} title="Set-up did not start." />
            )}
          </form>
        ) : (
          <div className="grid gap-4 sm:grid-cols-[auto_1fr]">
            <img
              src={enroll.data.qrCodeDataUrl}
              alt="QR code to scan with your authenticator app"
              width={200}
              height={200}
              className="rounded border border-stone-300"
            />
            <form onSubmit={onConfirm} noValidate aria-label="Confirm the authenticator">
              <p className="mb-2">
                Scan the code, or type this key into the app:{' '}
                <code className="break-all rounded bg-stone-100 px-1" data-testid="totp-secret">
                  {enroll.data.secret}
                </code>
              </p>
              <label htmlFor={`${id}-code`} className="block font-medium">
                Code from the app
              </label>
              <input
                id={`${id}-code`}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                aria-invalid={codeMissing ? true : undefined}
                aria-describedby={`${id}-code-error`}
                value={code}
                onChange={(event) => setCode(event.target.value.trim())}
                className={`${inputClass} max-w-xs`}
              />
              <p id={`${id}-code-error`} className="text-sm text-red-800">
                {codeMissing}
              </p>
              <button type="submit" className={`${buttonClass} mt-3`} disabled={confirm.isPending}>
                {confirm.isPending ? 'Checking…' : 'Turn on two-factor sign-in'}
              </button>
              <MutationError mutation={confirm} title="Two-factor sign-in is not on yet." />
            </form>
          </div>
        )}
      </Section>
    </>
  );
}
