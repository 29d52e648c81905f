// Golden quotes for protein upgrades, extra proteins and add-ons.
import { describe, it } from 'vitest';
import { adults12, expectGolden, type Golden } from './golden-quotes.test-helper.ts';

const cases: Golden[] = [
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
];

describe('golden quotes', () => {
  it.each(cases)('$name', (c) => {
    expectGolden(c);
  });
});
