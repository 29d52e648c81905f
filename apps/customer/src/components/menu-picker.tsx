import { addonCodes, proteinCodes, type QuoteComputation, type Settings } from '@teppan/core';
import { CountField } from '@teppan/web-ui';
import type { MenuCounts } from '../api.ts';
import { money } from '../format.ts';

export function GuestFields(props: {
  settings: Settings;
  adults: number;
  children: number;
  toddlers: number;
  onChange: (patch: { adults?: number; children?: number; toddlers?: number }) => void;
}) {
  const { pricing } = props.settings;
  return (
    <fieldset className="mb-4 rounded border border-stone-300 bg-white p-4">
      <legend className="px-1 font-semibold">Guests</legend>
      <CountField
        label="Adults (13+)"
        hint={`${money(pricing.adultCents)} each`}
        value={props.adults}
        onChange={(adults) => props.onChange({ adults })}
        name="adults"
      />
      <CountField
        label="Children (6–12)"
        hint={`${money(pricing.childCents)} each`}
        value={props.children}
        onChange={(children) => props.onChange({ children })}
        name="children"
      />
      <CountField
        label="Children 5 and under"
        hint={pricing.toddlerCents === 0 ? 'Free' : `${money(pricing.toddlerCents)} each`}
        value={props.toddlers}
        onChange={(toddlers) => props.onChange({ toddlers })}
        name="toddlers"
      />
    </fieldset>
  );
}

export function MenuPicker(props: {
  settings: Settings;
  menu: Required<MenuCounts>;
  selection: QuoteComputation['proteinSelection'];
  onChange: (menu: Required<MenuCounts>) => void;
}) {
  const { pricing } = props.settings;
  const { menu, selection } = props;
  const statusId = 'protein-pick-status';
  return (
    <>
      <fieldset
        className="mb-4 rounded border border-stone-300 bg-white p-4"
        aria-describedby={statusId}
      >
        <legend className="px-1 font-semibold">
          Proteins ({pricing.proteinsPerGuest} per guest aged 6 and up)
        </legend>
        <p
          id={statusId}
          role="status"
          className={`mb-3 text-sm ${selection.status === 'complete' ? 'text-green-800' : 'text-amber-900'}`}
        >
          {selection.selected} of {selection.required} picks chosen.
          {selection.status === 'complete'
            ? ' All set.'
            : selection.message
              ? ` ${selection.message}`
              : ''}
        </p>
        {proteinCodes.map((code) => {
          const protein = pricing.proteins[code];
          return (
            <CountField
              key={code}
              name={`protein-${code}`}
              label={protein.label}
              hint={
                protein.premiumCents > 0
                  ? `Premium: +${money(protein.premiumCents)} per pick`
                  : 'Included'
              }
              value={menu.proteins[code] ?? 0}
              onChange={(n) =>
                props.onChange({ ...menu, proteins: { ...menu.proteins, [code]: n } })
              }
            />
          );
        })}
      </fieldset>
      <fieldset className="mb-4 rounded border border-stone-300 bg-white p-4">
        <legend className="px-1 font-semibold">
          Extra proteins (beyond {pricing.proteinsPerGuest} per guest)
        </legend>
        <p className="mb-3 text-sm text-stone-600">
          {money(pricing.extraProteinCents)} each, plus the premium price for premium proteins.
        </p>
        {proteinCodes.map((code) => {
          const protein = pricing.proteins[code];
          return (
            <CountField
              key={code}
              name={`extra-${code}`}
              label={`Extra ${protein.label}`}
              hint={money(pricing.extraProteinCents + protein.premiumCents)}
              value={menu.extraProteins[code] ?? 0}
              onChange={(n) =>
                props.onChange({ ...menu, extraProteins: { ...menu.extraProteins, [code]: n } })
              }
            />
          );
        })}
      </fieldset>
      <fieldset className="mb-4 rounded border border-stone-300 bg-white p-4">
        <legend className="px-1 font-semibold">Add-ons</legend>
        {addonCodes.map((code) => {
          const addon = pricing.addons[code];
          return (
            <CountField
              key={code}
              name={`addon-${code}`}
              label={addon.label}
              hint={money(addon.cents)}
              value={menu.addons[code] ?? 0}
              onChange={(n) => props.onChange({ ...menu, addons: { ...menu.addons, [code]: n } })}
            />
          );
        })}
      </fieldset>
    </>
  );
}
