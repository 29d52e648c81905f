import { computeQuote, defaultSettings } from '@teppan/core';
import type { QuoteResponse } from '@teppan/core/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation, quoteBody } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db);
});
afterAll(async () => t.close());

describe('POST /api/v1/quotes', () => {
  it('stores a numbered quote that agrees with the engine to the cent', async () => {
    const body = quoteBody({
      adults: 15,
      children: 2,
      proteins: { chicken: 17, filet_mignon: 17 },
      addons: { gyoza: 2 },
    });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const quote = res.json<QuoteResponse>();
    expect(quote.number).toMatch(/^Q-\d{7}$/);
    // Fremont station → ZIP 95112 centroid: 14.96 mi great-circle × 1.25 = 18.7 mi, free.
    expect(quote.travel).toEqual({
      miles: 18.7,
      feeCents: 0,
      source: 'estimate',
      withinServiceArea: true,
      isEstimate: true,
    });
    const engine = computeQuote({
      input: body,
      settings: defaultSettings,
      travel: { miles: 18.7, source: 'estimate' },
    });
    expect(quote.totalCents).toBe(engine.totalCents);
    // 15×5500 + 2×3000 + 17×500 + 2×1000 = 99000; tax 8167.5 → 8168.
    expect(quote.foodSubtotalCents).toBe(99000);
    expect(quote.taxCents).toBe(8168);
    expect(quote.totalCents).toBe(107168);
    const again = await t.app.inject({ method: 'GET', url: `/api/v1/quotes/${quote.id}` });
    expect(again.json<QuoteResponse>().totalCents).toBe(107168);
  });

  it('charges travel beyond 30 miles and flags the service radius', async () => {
    // Sacramento 95814 is ~90 road miles from Fremont by the estimate.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody({ venue: { zip: '95814' } }),
    });
    const quote = res.json<QuoteResponse>();
    expect(quote.travel.miles).toBeGreaterThan(30);
    expect(quote.travel.feeCents).toBe(Math.ceil(quote.travel.miles - 30) * 200);
    // Los Angeles is far beyond 150 miles: quoted, but not self-serve bookable.
    const far = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody({ venue: { zip: '90012' } }),
    });
    expect(far.json<QuoteResponse>().travel.withinServiceArea).toBe(false);
  });

  it('explains a protein mismatch instead of guessing, and rejects unknown ZIPs', async () => {
    const mismatch = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody({ proteins: { chicken: 3 } }),
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'PROTEIN_PICKS_MISMATCH',
      message: expect.stringContaining('24 protein picks') as string,
    });
    const unknownZip = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody({ venue: { zip: '00000' } }),
    });
    expect(unknownZip.statusCode).toBe(422);
    expect(unknownZip.json<{ error: { code: string } }>().error.code).toBe('ZIP_NOT_FOUND');
  });

  it('never takes an amount from the client', async () => {
    for (const tamper of [
      { totalCents: 1 },
      { adultCents: 1 },
      { lines: [] },
      { depositCents: 0 },
      { settings: { pricing: {} } },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/quotes',
        payload: { ...quoteBody(), ...tamper },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    const honest = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody(),
    });
    // 10×5500 + 2×3000 = 61000; tax 5032.5 → 5033; 18.7 mi → no fee.
    expect(honest.json<QuoteResponse>().totalCents).toBe(66033);
  });
});
