import { describe, expect, it } from 'vitest';
import { computeQuote } from './pricing.ts';
import type { QuoteInput } from './pricing.ts';
import { defaultSettings } from './settings.ts';

// Every expected figure below is worked out by hand from the default settings (spec §2):
// adult 5500, child 3000, toddler 0, minimum 55000, premium salmon/scallops/filet 500,
// lobster 1500, extra protein 1000 (+premium), add-ons 500 (gyoza 1000), tax 8.25 % half-up,
// travel 200 per mile beyond 30 (rounded up), deposit 10000.
type Golden = {
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

const adults12: QuoteInput = { adults: 12, children: 0, toddlers: 0, proteins: { chicken: 24 } };

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
    name: 'salmon upgrade',
    input: { adults: 12, children: 0, toddlers: 0, proteins: { chicken: 20, salmon: 4 } },
    // 12×5500 = 66000 + 4×500 = 68000; tax 68000×0.0825 = 5610 exactly; total 73610
    food: 68000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5610,
    total: 73610,
    deposit: 10000,
    balance: 63610,
    status: 'complete',
  },
  {
    name: 'scallops upgrade, tax rounds .75 up',
    input: { adults: 12, children: 0, toddlers: 0, proteins: { chicken: 21, scallops: 3 } },
    // 66000 + 3×500 = 67500; tax 67500×0.0825 = 5568.75 → 5569; total 73069
    food: 67500,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5569,
    total: 73069,
    deposit: 10000,
    balance: 63069,
    status: 'complete',
  },
  {
    name: 'filet mignon upgrade',
    input: { adults: 12, children: 0, toddlers: 0, proteins: { filet_mignon: 12, ny_strip: 12 } },
    // 66000 + 12×500 = 72000; tax 72000×0.0825 = 5940; total 77940
    food: 72000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5940,
    total: 77940,
    deposit: 10000,
    balance: 67940,
    status: 'complete',
  },
  {
    name: 'lobster tail upgrade',
    input: { adults: 12, children: 0, toddlers: 0, proteins: { chicken: 22, lobster_tail: 2 } },
    // 66000 + 2×1500 = 69000; tax 69000×0.0825 = 5692.5 → 5693; total 74693
    food: 69000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5693,
    total: 74693,
    deposit: 10000,
    balance: 64693,
    status: 'complete',
  },
  {
    name: 'upgrades do not lift a small party over the minimum',
    input: { adults: 4, children: 0, toddlers: 0, proteins: { lobster_tail: 8 } },
    // 22000 + 8×1500 = 34000 → +21000 = 55000; tax 4538; total 59538
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
    name: 'one extra shrimp',
    input: { ...adults12, extraProteins: { shrimp: 1 } },
    // 66000 + 1×1000 = 67000; tax 67000×0.0825 = 5527.5 → 5528; total 72528
    food: 67000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5528,
    total: 72528,
    deposit: 10000,
    balance: 62528,
    status: 'complete',
  },
  {
    name: 'premium extra lobster tail',
    input: { ...adults12, extraProteins: { lobster_tail: 2 } },
    // 66000 + 2×(1000+1500) = 71000; tax 71000×0.0825 = 5857.5 → 5858; total 76858
    food: 71000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5858,
    total: 76858,
    deposit: 10000,
    balance: 66858,
    status: 'complete',
  },
  {
    name: 'extra filet and extra chicken, tax rounds .25 down',
    input: { ...adults12, extraProteins: { filet_mignon: 1, chicken: 1 } },
    // 66000 + (1000+500) + 1000 = 68500; tax 68500×0.0825 = 5651.25 → 5651; total 74151
    food: 68500,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5651,
    total: 74151,
    deposit: 10000,
    balance: 64151,
    status: 'complete',
  },
  {
    name: 'yakisoba and edamame',
    input: { ...adults12, addons: { yakisoba: 12, edamame: 2 } },
    // 66000 + 12×500 + 2×500 = 73000; tax 73000×0.0825 = 6022.5 → 6023; total 79023
    food: 73000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 6023,
    total: 79023,
    deposit: 10000,
    balance: 69023,
    status: 'complete',
  },
  {
    name: 'gyoza, fried rice and vegetables',
    input: { ...adults12, addons: { gyoza: 3, extra_fried_rice: 1, extra_vegetables: 1 } },
    // 66000 + 3×1000 + 500 + 500 = 70000; tax 70000×0.0825 = 5775; total 75775
    food: 70000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5775,
    total: 75775,
    deposit: 10000,
    balance: 65775,
    status: 'complete',
  },
  {
    name: 'add-ons count toward the minimum',
    input: { adults: 4, children: 0, toddlers: 0, proteins: { chicken: 8 }, addons: { gyoza: 2 } },
    // 22000 + 2×1000 = 24000 → +31000 = 55000; tax 4538; total 59538
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
    name: 'travel 29.9 miles is free',
    input: adults12,
    miles: 29.9,
    // 66000; tax 66000×0.0825 = 5445; 29.9 ≤ 30 → 0; total 71445
    food: 66000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5445,
    total: 71445,
    deposit: 10000,
    balance: 61445,
    status: 'complete',
    withinServiceArea: true,
  },
  {
    name: 'travel exactly 30 miles is free',
    input: adults12,
    miles: 30,
    // 30 − 30 = 0 → 0; total 66000 + 5445 = 71445
    food: 66000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5445,
    total: 71445,
    deposit: 10000,
    balance: 61445,
    status: 'complete',
    withinServiceArea: true,
  },
  {
    name: 'travel 30.1 miles bills one mile',
    input: adults12,
    miles: 30.1,
    // ceil(0.1) = 1 → 200, never taxed; total 66000 + 200 + 5445 = 71645
    food: 66000,
    minimumApplied: false,
    billableMiles: 1,
    travelFee: 200,
    tax: 5445,
    total: 71645,
    deposit: 10000,
    balance: 61645,
    status: 'complete',
    withinServiceArea: true,
  },
  {
    name: 'travel 30.05 miles rounds to 30.1 and bills one mile',
    input: adults12,
    miles: 30.05,
    // 30.05 → 30.1 (half-up on tenths) → ceil(0.1) = 1 → 200; total 71645
    food: 66000,
    minimumApplied: false,
    billableMiles: 1,
    travelFee: 200,
    tax: 5445,
    total: 71645,
    deposit: 10000,
    balance: 61645,
    status: 'complete',
    withinServiceArea: true,
  },
  {
    name: 'travel 31 miles',
    input: adults12,
    miles: 31,
    // 31 − 30 = 1 → 200; total 71645
    food: 66000,
    minimumApplied: false,
    billableMiles: 1,
    travelFee: 200,
    tax: 5445,
    total: 71645,
    deposit: 10000,
    balance: 61645,
    status: 'complete',
    withinServiceArea: true,
  },
  {
    name: 'travel 35 miles (spec example $10)',
    input: adults12,
    miles: 35,
    // 5 × 200 = 1000; total 66000 + 1000 + 5445 = 72445
    food: 66000,
    minimumApplied: false,
    billableMiles: 5,
    travelFee: 1000,
    tax: 5445,
    total: 72445,
    deposit: 10000,
    balance: 62445,
    status: 'complete',
    withinServiceArea: true,
  },
  {
    name: 'travel 150 miles is the edge of the service area',
    input: adults12,
    miles: 150,
    // 120 × 200 = 24000; total 66000 + 24000 + 5445 = 95445
    food: 66000,
    minimumApplied: false,
    billableMiles: 120,
    travelFee: 24000,
    tax: 5445,
    total: 95445,
    deposit: 10000,
    balance: 85445,
    status: 'complete',
    withinServiceArea: true,
  },
  {
    name: 'travel 151 miles is outside the service area',
    input: adults12,
    miles: 151,
    // 121 × 200 = 24200; total 66000 + 24200 + 5445 = 95645
    food: 66000,
    minimumApplied: false,
    billableMiles: 121,
    travelFee: 24200,
    tax: 5445,
    total: 95645,
    deposit: 10000,
    balance: 85645,
    status: 'complete',
    withinServiceArea: false,
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
    name: 'protein picks mismatch is explained, chosen upgrades still priced',
    input: { adults: 12, children: 2, toddlers: 0, proteins: { chicken: 20, salmon: 6 } },
    // 66000 + 6000 + 6×500 = 75000; tax 75000×0.0825 = 6187.5 → 6188; total 81188
    food: 75000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 6188,
    total: 81188,
    deposit: 10000,
    balance: 71188,
    status: 'mismatch',
  },
  {
    name: 'protein picks pending',
    input: { adults: 12, children: 0, toddlers: 0 },
    // 66000, no upgrades yet; tax 5445; total 71445
    food: 66000,
    minimumApplied: false,
    billableMiles: 0,
    travelFee: 0,
    tax: 5445,
    total: 71445,
    deposit: 10000,
    balance: 61445,
    status: 'pending',
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
