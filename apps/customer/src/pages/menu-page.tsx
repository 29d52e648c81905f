import { addonCodes, proteinCodes } from '@teppan/core';
import { ErrorBox, Loading } from '@teppan/web-ui';
import { money } from '../format.ts';
import { useSettings } from '../settings.ts';

export function MenuPage() {
  const settings = useSettings();
  if (settings.isPending) return <Loading label="Loading the menu…" />;
  if (settings.error)
    return <ErrorBox error={settings.error} title="The menu could not be loaded" />;
  const { core, published } = settings.data;
  const { pricing, policies, travel } = core;
  const base = proteinCodes.filter((c) => pricing.proteins[c].premiumCents === 0);
  const premium = proteinCodes.filter((c) => pricing.proteins[c].premiumCents > 0);
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">Menu, prices and policies</h1>
      <section aria-labelledby="prices" className="mb-6">
        <h2 id="prices" className="mb-2 text-xl font-semibold">
          Per guest
        </h2>
        <ul className="list-disc pl-6">
          <li>Adults (13+): {money(pricing.adultCents)}</li>
          <li>Children (6–12): {money(pricing.childCents)}</li>
          <li>
            Children 5 and under:{' '}
            {pricing.toddlerCents === 0 ? 'free' : money(pricing.toddlerCents)}
          </li>
          <li>Party minimum (food): {money(pricing.partyMinimumCents)}</li>
          <li>
            Each guest aged 6 and up chooses {pricing.proteinsPerGuest} proteins; fried rice,
            vegetables, salad, sauces and the show are included.
          </li>
        </ul>
      </section>
      <section aria-labelledby="proteins" className="mb-6">
        <h2 id="proteins" className="mb-2 text-xl font-semibold">
          Proteins
        </h2>
        <p>Included: {base.map((c) => pricing.proteins[c].label).join(', ')}.</p>
        <h3 className="mt-2 font-semibold">Premium (replaces one pick)</h3>
        <ul className="list-disc pl-6">
          {premium.map((c) => (
            <li key={c}>
              {pricing.proteins[c].label}: +{money(pricing.proteins[c].premiumCents)}
            </li>
          ))}
        </ul>
        <p className="mt-2">
          Extra protein beyond {pricing.proteinsPerGuest} per guest:{' '}
          {money(pricing.extraProteinCents)} each (plus the premium price for premium proteins).
        </p>
      </section>
      <section aria-labelledby="addons" className="mb-6">
        <h2 id="addons" className="mb-2 text-xl font-semibold">
          Add-ons
        </h2>
        <ul className="list-disc pl-6">
          {addonCodes.map((c) => (
            <li key={c}>
              {pricing.addons[c].label}: {money(pricing.addons[c].cents)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="area" className="mb-6">
        <h2 id="area" className="mb-2 text-xl font-semibold">
          Service area and travel
        </h2>
        <p>
          {core.serviceArea.description}, from our {published.station.name} station. The first{' '}
          {travel.freeMiles} miles are free, then {money(travel.perMileCents)} per mile (one-way).
          Beyond {travel.serviceRadiusMiles} miles our team plans the event with you.
        </p>
      </section>
      <section aria-labelledby="policies" className="mb-6">
        <h2 id="policies" className="mb-2 text-xl font-semibold">
          Policies
        </h2>
        <ul className="list-disc pl-6">
          <li>
            Deposit {money(pricing.depositCents)}, deducted from the total; refunded when you cancel
            at least {policies.depositRefundMinDaysBefore} days before the event, kept after that.
          </li>
          <li>
            {policies.freeReschedules} free reschedule when asked at least{' '}
            {policies.freeRescheduleMinHoursBefore} hours before; otherwise{' '}
            {money(policies.rescheduleFeeCents)}.
          </li>
          <li>Final guest count {policies.guestCountFinalHoursBefore} hours before the event.</li>
          <li>Menu changes until {policies.menuChangeMinHoursBefore} hours before the event.</li>
          <li>
            Book at least {core.notice.minHours} hours and at most {core.notice.maxDays} days ahead.
          </li>
          <li>
            Sales tax {pricing.taxRateBasisPoints / 100}% on food, upgrades and add-ons; never on
            travel or gratuity.
          </li>
        </ul>
      </section>
    </>
  );
}
