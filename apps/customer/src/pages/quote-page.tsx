import { buttonClass, ErrorBox, Loading, ValueTextField } from '@teppan/web-ui';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MenuCounts } from '../api.ts';
import { GuestFields, MenuPicker } from '../components/menu-picker.tsx';
import { QuoteSummary } from '../components/quote-summary.tsx';
import { useDraft } from '../draft.ts';
import { useLiveQuote, type QuoteInputs } from '../quote.ts';
import { useSettings, type LoadedSettings } from '../settings.ts';

export function QuotePage() {
  const settings = useSettings();
  if (settings.isPending) return <Loading label="Loading prices…" />;
  if (settings.error) return <ErrorBox error={settings.error} title="Prices could not be loaded" />;
  return <QuoteCalculator settings={settings.data} />;
}

function QuoteCalculator({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const [inputs, setInputs] = useState<QuoteInputs>({
    adults: draft.adults,
    children: draft.children,
    toddlers: draft.toddlers,
    proteins: draft.proteins,
    extraProteins: draft.extraProteins,
    addons: draft.addons,
    zip: draft.venue.zip,
    address: draft.venue.address,
  });
  const live = useLiveQuote({ inputs, settings: settings.core });
  const menu: Required<MenuCounts> = {
    proteins: inputs.proteins ?? {},
    extraProteins: inputs.extraProteins ?? {},
    addons: inputs.addons ?? {},
  };
  const zipError =
    inputs.zip !== '' && !/^\d{5}(-\d{4})?$/.test(inputs.zip.trim())
      ? 'Enter a 5-digit US ZIP code.'
      : undefined;
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">Instant quote</h1>
      <div className="grid gap-6 md:grid-cols-2">
        <form aria-label="Quote details" onSubmit={(e) => e.preventDefault()}>
          <fieldset className="mb-4 rounded border border-stone-300 bg-white p-4">
            <legend className="px-1 font-semibold">Where is the party?</legend>
            <ValueTextField
              label="ZIP code"
              name="zip"
              value={inputs.zip}
              inputMode="numeric"
              autoComplete="postal-code"
              required
              error={zipError}
              onChange={(zip) => setInputs({ ...inputs, zip })}
            />
            <ValueTextField
              label="Street address (optional, for a more exact travel fee)"
              name="address"
              value={inputs.address}
              autoComplete="street-address"
              onChange={(address) => setInputs({ ...inputs, address })}
            />
          </fieldset>
          <GuestFields
            settings={settings.core}
            adults={inputs.adults}
            children={inputs.children}
            toddlers={inputs.toddlers}
            onChange={(patch) => setInputs({ ...inputs, ...patch })}
          />
          <MenuPicker
            settings={settings.core}
            menu={menu}
            selection={live.local.proteinSelection}
            onChange={(next) => setInputs({ ...inputs, ...next })}
          />
        </form>
        <div className="md:sticky md:top-4 md:self-start">
          <QuoteSummary live={live} settings={settings.core} />
          <p className="mt-4">
            <Link
              to="/book/venue"
              className={buttonClass}
              onClick={() =>
                update({
                  adults: inputs.adults,
                  children: inputs.children,
                  toddlers: inputs.toddlers,
                  proteins: menu.proteins,
                  extraProteins: menu.extraProteins,
                  addons: menu.addons,
                  venue: { zip: inputs.zip, address: inputs.address },
                })
              }
            >
              Book with these details
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
