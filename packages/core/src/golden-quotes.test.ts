// Golden quotes for guests and the party minimum; figures are worked out by hand in
// golden-quotes.test-helper.ts.
import { describe, expect, it } from 'vitest';
import { computeQuote } from './pricing.ts';
import { defaultSettings } from './settings.ts';
import { expectGolden, type Golden } from './golden-quotes.test-helper.ts';

const cases: Golden[] = [
  {
    name: 'exactly the minimum, tax ends in .5',
    input: { adults: 10, children: 0, toddlers: 0, proteins: { chicken: 10, ny_strip: 10 } },
    // 10×5500 = 55000 (not below 55000); tax 55000×0.0825 = 4537.5 → 4538; 55000+4538 = 59538
    food: 55000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 4538,
    total: 59538,
    deposit: 10000,
    balance: 49538,
    status: 'complete',
  },
  {
    name: 'small party gets the minimum',
    input: { adults: 4, children: 0, toddlers: 0, proteins: { chicken: 8 } },
    // 4×5500 = 22000 < 55000 → +33000 = 55000; tax 4537.5 → 4538; total 59538
    food: 55000,
    minimumApplied: true,
    billableMiles: 0,
    travelFee: 0,
    tax: 4538,
    total: 59538,
    deposit: 10000,
    balance: 49538,
    status: 'complete',
  },
  {
    name: 'adults and children',
    input: { adults: 10, children: 2, toddlers: 0, proteins: { chicken: 12, shrimp: 12 } },
    // 10×5500 + 2×3000 = 61000; tax 61000×0.0825 = 5032.5 → 5033; total 66033
    food: 61000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5033,
    total: 66033,
    deposit: 10000,
    balance: 56033,
    status: 'complete',
  },
  {
    name: 'toddlers are free and need no picks',
    input: { adults: 10, children: 0, toddlers: 3, proteins: { tofu: 20 } },
    // 10×5500 + 3×0 = 55000; tax 4538; total 59538; picks 2×10 = 20
    food: 55000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 4538,
    total: 59538,
    deposit: 10000,
    balance: 49538,
    status: 'complete',
  },
  {
    name: 'children only, minimum applied',
    input: { adults: 0, children: 5, toddlers: 0, proteins: { calamari: 10 } },
    // 5×3000 = 15000 → +40000 = 55000; tax 4538; total 59538
    food: 55000,
    minimumApplied: true,
    billableMiles: 0,
    travelFee: 0,
    tax: 4538,
    total: 59538,
    deposit: 10000,
    balance: 49538,
    status: 'complete',
  },
  {
    name: 'thirteen adults, tax rounds .75 up',
    input: { adults: 13, children: 0, toddlers: 0, proteins: { shrimp: 26 } },
    // 13×5500 = 71500; tax 71500×0.0825 = 5898.75 → 5899; total 77399
    food: 71500,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5899,
    total: 77399,
    deposit: 10000,
    balance: 67399,
    status: 'complete',
  },
  {
    name: 'no guests: no minimum, nothing due',
    input: { adults: 0, children: 0, toddlers: 0 },
    // 0 lines; tax 0; deposit min(10000, 0) = 0
    food: 0,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 0,
    total: 0,
    deposit: 0,
    balance: 0,
    status: 'complete',
  },
  {
    name: 'deposit capped at a total below it',
    input: { adults: 0, children: 0, toddlers: 0, addons: { gyoza: 1 } },
    // 1000 (no guests → no minimum); tax 82.5 → 83; total 1083; deposit min(10000, 1083)
    food: 1000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 83,
    total: 1083,
    deposit: 1083,
    balance: 0,
    status: 'complete',
  },
  {
    name: 'toddlers only pay the minimum',
    input: { adults: 0, children: 0, toddlers: 2 },
    // 2×0 = 0 → +55000; tax 4538; total 59538; no picks required
    food: 55000,
    minimumApplied: true,
    billableMiles: 0,
    travelFee: 0,
    tax: 4538,
    total: 59538,
    deposit: 10000,
    balance: 49538,
    status: 'complete',
  },
  {
    name: 'large party with travel',
    input: { adults: 40, children: 10, toddlers: 0, proteins: { chicken: 50, ny_strip: 50 } },
    miles: 45,
    // 40×5500 + 10×3000 = 250000; tax 20625; 15 mi × 200 = 3000; total 273625
    food: 250000,
    minimumApplied: false,
    billableMiles: 15,
    travelFee: 3000,
    tax: 20625,
    total: 273625,
    deposit: 10000,
    balance: 263625,
    status: 'complete',
  },
];

describe('golden quotes', () => {
  it.each(cases)('$name', (c) => {
    expectGolden(c);
  });

  it('lists every line in order with hand-computed totals', () => {
    const quote = computeQuote({
      input: {
        adults: 10,
        children: 2,
        toddlers: 1,
        proteins: { chicken: 20, filet_mignon: 2, lobster_tail: 2 },
        extraProteins: { shrimp: 1, scallops: 1 },
        addons: { yakisoba: 2, gyoza: 1 },
      },
      settings: defaultSettings,
      travel: { miles: 42.3, source: 'google' },
    });
    expect(quote.lines).toEqual([
      { code: 'adult', label: 'Adult (13+)', quantity: 10, unitCents: 5500, totalCents: 55000 },
      { code: 'child', label: 'Child (6–12)', quantity: 2, unitCents: 3000, totalCents: 6000 },
      { code: 'toddler', label: 'Child 5 and under', quantity: 1, unitCents: 0, totalCents: 0 },
      {
        code: 'upgrade:filet_mignon',
        label: 'Filet Mignon upgrade',
        quantity: 2,
        unitCents: 500,
        totalCents: 1000,
      },
      {
        code: 'upgrade:lobster_tail',
        label: 'Lobster Tail upgrade',
        quantity: 2,
        unitCents: 1500,
        totalCents: 3000,
      },
      {
        code: 'extra:shrimp',
        label: 'Extra Shrimp',
        quantity: 1,
        unitCents: 1000,
        totalCents: 1000,
      },
      {
        code: 'extra:scallops',
        label: 'Extra Scallops',
        quantity: 1,
        unitCents: 1500,
        totalCents: 1500,
      },
      {
        code: 'yakisoba',
        label: 'Yakisoba noodles',
        quantity: 2,
        unitCents: 500,
        totalCents: 1000,
      },
      { code: 'gyoza', label: 'Gyoza', quantity: 1, unitCents: 1000, totalCents: 1000 },
    ]);
    // 55000+6000+0+1000+3000+1000+1500+1000+1000 = 69500
    expect(quote.foodSubtotalCents).toBe(69500);
    // 69500×0.0825 = 5733.75 → 5734
    expect(quote.taxCents).toBe(5734);
    // 42.3 − 30 = 12.3 → 13 miles × 200 = 2600
    expect(quote.travel).toEqual({
      miles: 42.3,
      billableMiles: 13,
      feeCents: 2600,
      source: 'google',
      withinServiceArea: true,
    });
    // 69500 + 2600 + 5734 = 77834; − 10000 = 67834
    expect(quote.totalCents).toBe(77834);
    expect(quote.balanceCents).toBe(67834);
    // 20/25/30/35 % of 69500 = 13900 / 17375 / 20850 / 24325
    expect(quote.gratuitySuggestions).toEqual([
      { percent: 20, cents: 13900 },
      { percent: 25, cents: 17375 },
      { percent: 30, cents: 20850 },
      { percent: 35, cents: 24325 },
    ]);
    expect(quote.issues).toEqual([]);
  });

  it('shows the minimum as its own line', () => {
    const quote = computeQuote({
      input: { adults: 4, children: 0, toddlers: 0, proteins: { chicken: 8 } },
      settings: defaultSettings,
      travel: { miles: 0, source: 'estimate' },
    });
    expect(quote.lines.at(-1)).toEqual({
      code: 'minimum_adjustment',
      label: 'Party minimum adjustment',
      quantity: 1,
      // 55000 − 4×5500 = 33000
      unitCents: 33000,
      totalCents: 33000,
    });
    // 20/25/30/35 % of 55000 = 11000 / 13750 / 16500 / 19250
    expect(quote.gratuitySuggestions.map((g) => g.cents)).toEqual([11000, 13750, 16500, 19250]);
  });
});
