import { addonCodes, computeQuote, proteinCodes, type ProteinCode } from '@teppan/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateAhead, newStation } from '../../server/src/test/factories.ts';
import { createTestApp, type TestApp } from '../../server/src/test/harness.ts';
import type { PublicSettings, ServerQuote } from './api.ts';
import { toQuoteRequest, type QuoteInputs } from './quote.ts';
import { toCoreSettings } from './settings.ts';

// The site prices in the browser with @teppan/core and the server must agree to the cent
// (issue F2). This runs the site's own steps: settings from GET /api/v1/settings through
// toCoreSettings, the request through toQuoteRequest, and the server's travel distance.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db);
});
afterAll(async () => t.close());

// Inside, at the edge of and beyond the service radius of the Fremont station.
const ZIPS = ['94539', '94538', '95112', '95035', '94043', '94103', '95014', '95123', '93101'];

/** Picks summing to exactly `total`, spread over random proteins. */
const picksFor = (total: number) =>
  fc
    .array(fc.constantFrom(...proteinCodes), { minLength: total, maxLength: total })
    .map((codes) => {
      const picks: Partial<Record<ProteinCode, number>> = {};
      for (const code of codes) picks[code] = (picks[code] ?? 0) + 1;
      return picks;
    });

const counts = <K extends string>(codes: readonly K[]) =>
  fc.dictionary(fc.constantFrom(...codes), fc.integer({ min: 0, max: 6 }), { maxKeys: 4 });

const inputs: fc.Arbitrary<QuoteInputs> = fc
  .record({
    adults: fc.integer({ min: 0, max: 40 }),
    children: fc.integer({ min: 0, max: 15 }),
    toddlers: fc.integer({ min: 0, max: 6 }),
  })
  .filter((g) => g.adults + g.children > 0)
  .chain((guests) =>
    fc.record({
      adults: fc.constant(guests.adults),
      children: fc.constant(guests.children),
      toddlers: fc.constant(guests.toddlers),
      proteins: picksFor((guests.adults + guests.children) * 2),
      extraProteins: counts(proteinCodes),
      addons: counts(addonCodes),
      zip: fc.constantFrom(...ZIPS),
      address: fc.constant(''),
      eventDate: fc.option(
        fc.integer({ min: 3, max: 300 }).map((d) => dateAhead(d)),
        {
          nil: null,
        },
      ),
    }),
  );

describe('browser quote = server quote', () => {
  it('agrees on every line and amount for 300 random inputs', async () => {
    const published = (
      await t.app.inject({ method: 'GET', url: '/api/v1/settings' })
    ).json<PublicSettings>();
    const settings = toCoreSettings(published);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const request = toQuoteRequest(input);
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: request });
        expect(res.statusCode, res.body).toBe(201);
        const server = res.json<ServerQuote>();
        const local = computeQuote({
          input: request,
          settings,
          travel: { miles: server.travel.miles, source: server.travel.source },
        });
        expect(server.lines).toEqual(local.lines);
        expect({
          food: server.foodSubtotalCents,
          minimum: server.minimumApplied,
          travel: server.travel.feeCents,
          inArea: server.travel.withinServiceArea,
          tax: server.taxCents,
          total: server.totalCents,
          deposit: server.depositCents,
          balance: server.balanceCents,
          gratuity: server.gratuitySuggestions,
          picks: server.proteinSelection.status,
        }).toEqual({
          food: local.foodSubtotalCents,
          minimum: local.minimumApplied,
          travel: local.travel.feeCents,
          inArea: local.travel.withinServiceArea,
          tax: local.taxCents,
          total: local.totalCents,
          deposit: local.depositCents,
          balance: local.balanceCents,
          gratuity: local.gratuitySuggestions,
          picks: local.proteinSelection.status,
        });
        compared += 1;
      }),
      { numRuns: 300 },
    );
    expect(compared).toBe(300);
  });
});
