import { buttonClass, ErrorBox, Loading, secondaryButtonClass } from '@teppan/web-ui';
import { Link } from 'react-router';
import { money } from '../format.ts';
import { useSettings } from '../settings.ts';

export function HomePage() {
  const settings = useSettings();
  return (
    <>
      <h1 className="mb-3 text-3xl font-bold">A hibachi chef at your party</h1>
      <p className="mb-4 text-lg">
        Our chef brings the grill, the food and the show to your backyard. Get a price in seconds
        and book online.
      </p>
      <div className="mb-6 flex flex-wrap gap-3">
        <Link to="/quote" className={buttonClass}>
          Get an instant quote
        </Link>
        <Link to="/book/venue" className={secondaryButtonClass}>
          Book a date
        </Link>
      </div>
      {settings.isPending ? <Loading label="Loading prices…" /> : null}
      {settings.error ? (
        <ErrorBox error={settings.error} title="Prices could not be loaded" />
      ) : null}
      {settings.data ? (
        <section
          aria-labelledby="included"
          className="rounded border border-stone-300 bg-white p-4"
        >
          <h2 id="included" className="mb-2 text-xl font-semibold">
            What is included
          </h2>
          <ul className="list-disc pl-6">
            <li>
              {settings.data.core.pricing.proteinsPerGuest} protein choices per guest, hibachi fried
              rice, hibachi vegetables, side salad and house sauces
            </li>
            <li>The live teppanyaki show, grill, propane, tools and safety gear</li>
          </ul>
          <p className="mt-3">
            Adults {money(settings.data.core.pricing.adultCents)}, children 6–12{' '}
            {money(settings.data.core.pricing.childCents)}, party minimum{' '}
            {money(settings.data.core.pricing.partyMinimumCents)}.
          </p>
          <p className="mt-1">Serving {settings.data.core.serviceArea.description}.</p>
          <p className="mt-3">
            <Link to="/menu" className="text-amber-900 underline">
              See the full menu and policies
            </Link>
          </p>
        </section>
      ) : null}
    </>
  );
}
