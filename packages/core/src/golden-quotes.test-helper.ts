import { expect } from 'vitest';
import { computeQuote } from './pricing.ts';
import type { QuoteInput } from './pricing.ts';
import { defaultSettings } from './settings.ts';

// Every expected figure below is worked out by hand from the default settings (spec §2):
// adult 5500, child 3000, toddler 0, minimum 55000, premium salmon/scallops/filet 500,
// lobster 1500, extra protein 1000 (+premium), add-ons 500 (gyoza 1000), tax 8.25 % half-up,
// travel 200 per mile beyond 30 (rounded up), deposit 10000.
export type Golden = {
  name: string;
  input: QuoteInput;
  miles?: number;
  food: number;
  minimumApplied: boolean;
  billableMiles: number;
  travelFee: number;
  tax: number;
  total: number;
  deposit: number;
  balance: number;
  status: 'complete' | 'pending' | 'mismatch';
  withinServiceArea?: boolean;
};

export const adults12: QuoteInput = {
  adults: 12,
  children: 0,
  toddlers: 0,
  proteins: { chicken: 24 },
};

/** Prices one golden case with the default settings and checks every figure. */
export function expectGolden(c: Golden): void {
  const quote = computeQuote({
    input: c.input,
    settings: defaultSettings,
    travel: { miles: c.miles ?? 0, source: 'estimate' },
  });
  expect(quote.foodSubtotalCents).toBe(c.food);
  expect(quote.taxableCents).toBe(c.food);
  expect(quote.minimumApplied).toBe(c.minimumApplied);
  expect(quote.travel.billableMiles).toBe(c.billableMiles);
  expect(quote.travel.feeCents).toBe(c.travelFee);
  expect(quote.taxCents).toBe(c.tax);
  expect(quote.totalCents).toBe(c.total);
  expect(quote.depositCents).toBe(c.deposit);
  expect(quote.balanceCents).toBe(c.balance);
  expect(quote.proteinSelection.status).toBe(c.status);
  if (c.withinServiceArea !== undefined) {
    expect(quote.travel.withinServiceArea).toBe(c.withinServiceArea);
  }
  expect(quote.lines.reduce((sum, l) => sum + l.totalCents, 0)).toBe(c.food);
}
