// Golden quotes for travel fees and the edge of the service area.
import { describe, it } from 'vitest';
import { adults12, expectGolden, type Golden } from './golden-quotes.test-helper.ts';

const cases: Golden[] = [
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
];

describe('golden quotes', () => {
  it.each(cases)('$name', (c) => {
    expectGolden(c);
  });
});
