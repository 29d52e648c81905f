import type { Settings } from '@teppan/core';
import { ErrorBox, Notice } from '@teppan/web-ui';
import type { LiveQuote } from '../quote.ts';
import { money } from '../format.ts';

/** The live breakdown: the shared engine's lines, with the server's stored quote as the truth. */
export function QuoteSummary({ live, settings }: { live: LiveQuote; settings: Settings }) {
  const { local, serverQuote, isServerCurrent } = live;
  const shown = isServerCurrent && serverQuote ? serverQuote : null;
  const lines = shown ? shown.lines : local.lines;
  const outOfArea = isServerCurrent && serverQuote && !serverQuote.travel.withinServiceArea;
  return (
    <section
      aria-labelledby="quote-heading"
      className="rounded border border-stone-300 bg-white p-4"
    >
      <h2 id="quote-heading" className="mb-2 text-lg font-semibold">
        Your quote
      </h2>
      <div aria-live="polite">
        {local.issues.map((issue) => (
          <p key={issue.code} className="mb-2 text-sm text-amber-900">
            {issue.message}
          </p>
        ))}
        <table className="w-full text-sm">
          <caption className="sr-only">Quote lines</caption>
          <thead>
            <tr className="text-left text-stone-600">
              <th scope="col">Item</th>
              <th scope="col" className="text-right">
                Qty
              </th>
              <th scope="col" className="text-right">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.code}>
                <td>{l.label}</td>
                <td className="text-right">{l.quantity}</td>
                <td className="text-right">{money(l.totalCents)}</td>
              </tr>
            ))}
            <tr className="border-t border-stone-200">
              <td colSpan={2}>
                Food subtotal{local.minimumApplied ? ' (party minimum applies)' : ''}
              </td>
              <td className="text-right">{money(local.foodSubtotalCents)}</td>
            </tr>
            <tr>
              <td colSpan={2}>
                Travel fee
                {live.travelKnown ? (
                  <>
                    {' '}
                    ({local.travel.miles} mi
                    {serverQuote?.travel.isEstimate ? ', estimated' : ''})
                  </>
                ) : null}
              </td>
              <td className="text-right" data-testid="travel-fee">
                {live.travelKnown ? money(local.travel.feeCents) : 'enter ZIP'}
              </td>
            </tr>
            <tr>
              <td colSpan={2}>Sales tax ({settings.pricing.taxRateBasisPoints / 100}%)</td>
              <td className="text-right">{money(local.taxCents)}</td>
            </tr>
            <tr className="border-t border-stone-300 text-base font-semibold">
              <td colSpan={2}>Total</td>
              <td className="text-right" data-testid="quote-total">
                {live.travelKnown ? money(shown ? shown.totalCents : local.totalCents) : '—'}
              </td>
            </tr>
            <tr>
              <td colSpan={2}>Deposit today</td>
              <td className="text-right">
                {money(shown ? shown.depositCents : local.depositCents)}
              </td>
            </tr>
            <tr>
              <td colSpan={2}>Balance due at the event</td>
              <td className="text-right">
                {live.travelKnown ? money(shown ? shown.balanceCents : local.balanceCents) : '—'}
              </td>
            </tr>
          </tbody>
        </table>
        {serverQuote?.travel.isEstimate && live.travelKnown ? (
          <p className="mt-2 text-sm text-stone-600">
            The distance is estimated from the ZIP code; our team confirms it before the event.
          </p>
        ) : null}
        <p className="mt-2 text-sm text-stone-600">
          Gratuity is not included; suggested:{' '}
          {local.gratuitySuggestions.map((g) => `${g.percent}% ${money(g.cents)}`).join(' · ')}
        </p>
        <p className="mt-2 text-sm" data-testid="quote-status">
          {live.isServerPending
            ? 'Checking with our server…'
            : isServerCurrent && serverQuote
              ? live.agrees
                ? `Confirmed by our server: quote ${serverQuote.number}.`
                : `Our server priced this at ${money(serverQuote.totalCents)} (quote ${serverQuote.number}); that amount applies.`
              : live.validity.ok
                ? ''
                : live.validity.message}
        </p>
      </div>
      {live.serverError ? (
        <ErrorBox error={live.serverError} title="We could not check this quote" />
      ) : null}
      {outOfArea ? (
        <Notice tone="warn">
          <p className="font-semibold">This address is outside our self-serve service area.</p>
          <p>
            It is about {serverQuote.travel.miles} miles from our station; we book up to{' '}
            {settings.travel.serviceRadiusMiles} miles online. Our team handles farther events
            personally: contact us and mention quote {serverQuote.number}.
          </p>
        </Notice>
      ) : null}
    </section>
  );
}
