import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { buttonClass, ErrorBox, inputClass, PageHeader, Section } from '../components/ui.tsx';
import { meQueryKey, useSession } from '../session.tsx';

type Enrolment = { secret: string; otpauthUrl: string; qrCodeDataUrl: string };

export function TwoFactorPage() {
  const id = useId();
  const me = useSession();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const enroll = useMutation({
    mutationFn: () => api<Enrolment>('/api/v1/staff/auth/2fa/enroll', { method: 'POST' }),
  });
  const confirm = useMutation({
    mutationFn: () =>
      api<{ backupCodes: string[] }>('/api/v1/staff/auth/2fa/confirm', { body: { code } }),
    // The backup codes live only in this mutation's result: shown once, never refetched.
    onSuccess: () => client.invalidateQueries({ queryKey: meQueryKey }),
  });

  if (confirm.data)
    return (
      <>
        <PageHeader title="Two-factor sign-in" />
        <Section title="Two-factor sign-in is on">
          <p className="mb-3">
            Save these backup codes somewhere safe now. Each works once, and they will not be shown
            again.
          </p>
          <ul aria-label="Backup codes" className="grid grid-cols-2 gap-2 font-mono sm:grid-cols-5">
            {confirm.data.backupCodes.map((backupCode) => (
              <li key={backupCode} className="rounded bg-stone-100 p-2 text-center">
                {backupCode}
              </li>
            ))}
          </ul>
        </Section>
      </>
    );

  if (me.staff.isTwoFactorEnabled)
    return (
      <>
        <PageHeader title="Two-factor sign-in" />
        <Section title="Status">
          <p data-testid="two-factor-status">Two-factor sign-in is on for your account.</p>
        </Section>
      </>
    );

  const onConfirm = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };

  return (
    <>
      <PageHeader title="Two-factor sign-in" />
      <Section title="Set up an authenticator app">
        <p className="mb-3" data-testid="two-factor-status">
          Two-factor sign-in is off. Staff who handle bookings and payments should turn it on.
        </p>
        {!enroll.data ? (
          <button
            type="button"
            className={buttonClass}
            onClick={() => enroll.mutate()}
            disabled={enroll.isPending}
          >
            {enroll.isPending ? 'Starting…' : 'Start set-up'}
          </button>
        ) : (
          <div className="grid gap-4 sm:grid-cols-[auto_1fr]">
            <img
              src={enroll.data.qrCodeDataUrl}
              alt="QR code to scan with your authenticator app"
              width={200}
              height={200}
              className="rounded border border-stone-300"
            />
            <form onSubmit={onConfirm}>
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
                value={code}
                onChange={(event) => setCode(event.target.value.trim())}
                className={`${inputClass} max-w-xs`}
              />
              <button type="submit" className={`${buttonClass} mt-3`} disabled={confirm.isPending}>
                {confirm.isPending ? 'Checking…' : 'Turn on two-factor sign-in'}
              </button>
              {confirm.isError ? <ErrorBox error={confirm.error} /> : null}
            </form>
          </div>
        )}
        {enroll.isError ? <ErrorBox error={enroll.error} /> : null}
      </Section>
    </>
  );
}
