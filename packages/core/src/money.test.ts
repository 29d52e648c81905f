import { describe, expect, it } from 'vitest';
import { formatCents, percentOfCents, roundHalfUpDiv } from './money.ts';

describe('roundHalfUpDiv', () => {
  it('rounds exact halves up and below-half down', () => {
    expect(roundHalfUpDiv(5, 2)).toBe(3);
    expect(roundHalfUpDiv(7, 4)).toBe(2);
    expect(roundHalfUpDiv(5, 4)).toBe(1);
    expect(roundHalfUpDiv(0, 7)).toBe(0);
    expect(roundHalfUpDiv(10, 5)).toBe(2);
  });

  it('stays exact near the safe-integer limit', () => {
    // 2^53 − 1 = 9007199254740991; /2 = 4503599627370495.5 → 4503599627370496
    expect(roundHalfUpDiv(Number.MAX_SAFE_INTEGER, 2)).toBe(4503599627370496);
    // 9007199254740991 / 10 = 900719925474099.1 → 900719925474099
    expect(roundHalfUpDiv(Number.MAX_SAFE_INTEGER, 10)).toBe(900719925474099);
  });

  it('rejects negative, fractional and zero-denominator input', () => {
    expect(() => roundHalfUpDiv(-1, 2)).toThrow(RangeError);
    expect(() => roundHalfUpDiv(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfUpDiv(1, 0)).toThrow(RangeError);
  });
});

describe('percentOfCents', () => {
  it('applies basis points half-up', () => {
    // 55000 × 825 / 10000 = 4537.5 → 4538
    expect(percentOfCents(55000, 825)).toBe(4538);
    // 68500 × 825 / 10000 = 5651.25 → 5651
    expect(percentOfCents(68500, 825)).toBe(5651);
    // 1 × 5000 / 10000 = 0.5 → 1
    expect(percentOfCents(1, 5000)).toBe(1);
    // 333 × 2000 / 10000 = 66.6 → 67
    expect(percentOfCents(333, 2000)).toBe(67);
  });
});

describe('formatCents', () => {
  it.each([
    [0, '$0.00'],
    [5, '$0.05'],
    [123456, '$1,234.56'],
    [10000, '$100.00'],
    [123456789, '$1,234,567.89'],
    [-500, '-$5.00'],
  ])('%i → %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
});
