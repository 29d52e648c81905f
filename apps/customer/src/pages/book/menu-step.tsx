import type { Settings } from '@teppan/core';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { GuestFields, MenuPicker } from '../../components/menu-picker.tsx';
import { QuoteSummary } from '../../components/quote-summary.tsx';
import { useDraft } from '../../draft.ts';
import { useLiveQuote } from '../../quote.ts';
import type { LoadedSettings } from '../../settings.ts';
import { StepForm } from './step-form.tsx';

function useDraftQuote(settings: Settings) {
  const [draft] = useDraft();
  return useLiveQuote({
    settings,
    inputs: {
      adults: draft.adults,
      children: draft.children,
      toddlers: draft.toddlers,
      proteins: draft.proteins,
      extraProteins: draft.extraProteins,
      addons: draft.addons,
      zip: draft.venue.zip,
      address: draft.venue.address,
      eventDate: draft.date,
    },
  });
}

export function MenuStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const live = useDraftQuote(settings.core);
  const [error, setError] = useState<string>();
  if (!draft.date || !draft.slot) return <Navigate to="/book/date" replace />;
  const guests = draft.adults + draft.children + draft.toddlers;
  return (
    <StepForm
      title="Guests and menu"
      back="date"
      onSubmit={() => {
        if (guests === 0) return setError('Add at least one guest.');
        if (guests >= settings.core.largePartyHandoffGuests)
          return setError(
            `Parties of ${settings.core.largePartyHandoffGuests} or more are planned with our team; please contact us.`,
          );
        if (live.local.proteinSelection.status !== 'complete')
          return setError(
            live.local.proteinSelection.message ?? 'Choose the protein picks for every guest.',
          );
        if (!live.validity.ok) return setError(live.validity.message);
        if (live.serverQuote && live.isServerCurrent && !live.serverQuote.travel.withinServiceArea)
          return setError(
            'This address is outside our self-serve service area; please contact our team.',
          );
        void navigate('/book/allergens');
      }}
    >
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <GuestFields
            settings={settings.core}
            adults={draft.adults}
            children={draft.children}
            toddlers={draft.toddlers}
            onChange={(patch) => {
              setError(undefined);
              update(patch);
            }}
          />
          <MenuPicker
            settings={settings.core}
            menu={{
              proteins: draft.proteins,
              extraProteins: draft.extraProteins,
              addons: draft.addons,
            }}
            selection={live.local.proteinSelection}
            onChange={(menu) => {
              setError(undefined);
              update(menu);
            }}
          />
        </div>
        <div>
          <QuoteSummary live={live} settings={settings.core} />
        </div>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      ) : null}
    </StepForm>
  );
}
