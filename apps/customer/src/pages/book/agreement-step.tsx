import { routes } from '@teppan/web-client';
import { useQuery } from '@tanstack/react-query';
import { ErrorBox, Loading, ValueTextField } from '@teppan/web-ui';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ApiError, call } from '../../api.ts';
import { HoldTimer } from '../../components/hold-timer.tsx';
import { useDraft } from '../../draft.ts';
import type { LoadedSettings } from '../../settings.ts';
import { StepForm } from './step-form.tsx';

export function AgreementStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [accept, setAccept] = useState({ terms: false, waiver: false, allergen: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const stationId = settings.published.station.id;
  // The text comes from the versioned templates; its hash goes back with the signature so
  // the server refuses a signature over text that changed while the page was open.
  const agreement = useQuery({
    queryKey: ['agreement', stationId],
    queryFn: () => call(routes.agreements.current, { query: { stationId } }),
    staleTime: 60_000,
  });
  if (!draft.hold) return <Navigate to="/book/contact" replace />;
  if (draft.signed) return <Navigate to="/book/deposit" replace />;
  const hold = draft.hold;
  const onExpired = () => {
    update({ hold: null, holdSignature: null, signed: false });
    void navigate('/book/date');
  };
  return (
    <StepForm
      title="Review and sign the agreement"
      back="contact"
      submitLabel="Sign the agreement"
      busy={busy || !agreement.data}
      onSubmit={async () => {
        const next: Record<string, string> = {};
        if (!accept.terms) next.terms = 'Accept the terms to continue.';
        if (!accept.waiver) next.waiver = 'Accept the liability waiver to continue.';
        if (!accept.allergen) next.allergen = 'Accept the allergen disclosure to continue.';
        if (!draft.signerName.trim()) next.signerName = 'Type your full name to sign.';
        setErrors(next);
        if (Object.keys(next).length > 0 || !agreement.data) return;
        setBusy(true);
        setFailure(null);
        try {
          const signed = await call(routes.bookings.sign, {
            params: { id: hold.id },
            body: {
              signerName: draft.signerName.trim(),
              acceptTerms: true,
              acceptLiabilityWaiver: true,
              acceptAllergenDisclosure: true,
              contentHash: agreement.data.contentHash,
            },
          });
          update({ hold: signed, signed: true });
          void navigate('/book/deposit');
        } catch (error) {
          if (error instanceof ApiError && error.code === 'AGREEMENT_CHANGED') {
            // Show the new text and make the signer tick the boxes again.
            setAccept({ terms: false, waiver: false, allergen: false });
            void agreement.refetch();
          }
          setFailure(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <HoldTimer hold={hold} signed={false} onExpired={onExpired} />
      {agreement.isPending ? <Loading label="Loading the agreement…" /> : null}
      {agreement.error ? (
        <ErrorBox error={agreement.error} title="The agreement could not be loaded" />
      ) : null}
      {agreement.data ? (
        <section
          aria-labelledby="terms-title"
          className="mb-3 max-h-64 overflow-y-auto rounded border border-stone-300 bg-white p-3 text-sm"
          tabIndex={0}
          data-agreement-version={agreement.data.version}
        >
          {agreement.data.documents.map((doc, i) => (
            <div key={doc.kind}>
              <h2
                id={i === 0 ? 'terms-title' : undefined}
                className={i === 0 ? 'font-semibold' : 'mt-2 font-semibold'}
              >
                {doc.title}
              </h2>
              {doc.paragraphs.map((paragraph, j) => (
                <p key={j} className="mb-1">
                  {paragraph}
                </p>
              ))}
            </div>
          ))}
        </section>
      ) : null}
      {(
        [
          ['terms', 'I accept the terms of service.'],
          ['waiver', 'I accept the liability waiver.'],
          ['allergen', 'I have read the allergen disclosure.'],
        ] as const
      ).map(([key, label]) => (
        <div key={key} className="mb-2">
          <div className="flex items-start gap-2">
            <input
              id={`accept-${key}`}
              type="checkbox"
              checked={accept[key]}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={errors[key] ? `accept-${key}-error` : undefined}
              onChange={(e) => setAccept({ ...accept, [key]: e.target.checked })}
              className="mt-1"
            />
            <label htmlFor={`accept-${key}`}>{label}</label>
          </div>
          {errors[key] ? (
            <p id={`accept-${key}-error`} className="text-sm text-red-800">
              {errors[key]}
            </p>
          ) : null}
        </div>
      ))}
      <ValueTextField
        label="Type your full name to sign"
        name="signerName"
        required
        autoComplete="name"
        value={draft.signerName}
        error={errors.signerName}
        onChange={(signerName) => update({ signerName })}
      />
      {failure ? <ErrorBox error={failure} title="The agreement could not be signed" /> : null}
    </StepForm>
  );
}
