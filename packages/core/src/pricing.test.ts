import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeQuote } from './pricing.ts';
import type { QuoteInput } from './pricing.ts';
import { addonCodes, defaultSettings, proteinCodes } from './settings.ts';

function quote(input: QuoteInput, miles = 0) {
  return computeQuote({ input, settings: defaultSettings, travel: { miles, source: 'estimate' } });
}

describe('computeQuote protein selection', () => {
  it('explains a mismatch without guessing', () => {
    const q = quote({ adults: 12, children: 2, toddlers: 3, proteins: { chicken: 26 } });
    expect(q.proteinSelection).toEqual({
      required: 28,
      selected: 26,
      status: 'mismatch',
      message: '14 guests need 28 protein picks (2 each); 26 were chosen.',
    });
    expect(q.issues).toEqual([
      {
        code: 'PROTEIN_PICKS_MISMATCH',
        message: '14 guests need 28 protein picks (2 each); 26 were chosen.',
      },
    ]);
  });

  it('flags too many picks too', () => {
    const q = quote({ adults: 1, children: 0, toddlers: 0, proteins: { chicken: 3 } });
    expect(q.proteinSelection.status).toBe('mismatch');
    expect(q.proteinSelection.message).toBe(
      '1 guest needs 2 protein picks (2 each); 3 were chosen.',
    );
  });

  it('is pending when no picks are given, and excludes upgrades', () => {
    for (const proteins of [undefined, {}, { salmon: 0 }]) {
      const q = quote({ adults: 12, children: 0, toddlers: 0, proteins });
      expect(q.proteinSelection.status).toBe('pending');
      expect(q.proteinSelection.message).toMatch(/12 guests need 24 protein picks/);
      expect(q.issues).toEqual([]);
      expect(q.lines.map((l) => l.code)).toEqual(['adult']);
    }
  });

  it('does not count extras toward the base picks', () => {
    const q = quote({
      adults: 2,
      children: 0,
      toddlers: 0,
      proteins: { chicken: 4 },
      extraProteins: { chicken: 2 },
    });
    expect(q.proteinSelection).toEqual({ required: 4, selected: 4, status: 'complete' });
  });

  it('complains about picks when only toddlers come', () => {
    const q = quote({ adults: 0, children: 0, toddlers: 2, proteins: { chicken: 2 } });
    expect(q.proteinSelection.status).toBe('mismatch');
    expect(q.issues.map((i) => i.code)).toEqual(['PROTEIN_PICKS_MISMATCH']);
  });
});

describe('computeQuote guests', () => {
  it('reports NO_GUESTS and applies no minimum', () => {
    const q = quote({ adults: 0, children: 0, toddlers: 0 });
    expect(q.issues.map((i) => i.code)).toEqual(['NO_GUESTS']);
    expect(q.lines).toEqual([]);
    expect(q.minimumApplied).toBe(false);
  });

  it('treats missing counts as zero', () => {
    // Only the API validates; a browser calculator may pass a half-filled form.
    const partial = { adults: 10 } as unknown as QuoteInput;
    const q = quote(partial);
    expect(q.lines.map((l) => l.code)).toEqual(['adult']);
    expect(q.foodSubtotalCents).toBe(55000);
  });

  it('omits guest lines with zero quantity', () => {
    const q = quote({ adults: 0, children: 3, toddlers: 0, proteins: { tofu: 6 } });
    expect(q.lines.map((l) => l.code)).toEqual(['child', 'minimum_adjustment']);
  });

  it('uses the settings passed in', () => {
    const settings = {
      ...defaultSettings,
      pricing: { ...defaultSettings.pricing, adultCents: 6000, partyMinimumCents: 0 },
    };
    const q = computeQuote({
      input: { adults: 2, children: 0, toddlers: 0, proteins: { chicken: 4 } },
      settings,
      travel: { miles: 0, source: 'osrm' },
    });
    // 2 × 6000 = 12000; no minimum; tax 12000 × 0.0825 = 990
    expect(q.foodSubtotalCents).toBe(12000);
    expect(q.taxCents).toBe(990);
    expect(q.travel.source).toBe('osrm');
  });
});

describe('computeQuote invariants', () => {
  const counts = fc.integer({ min: 0, max: 60 });
  const picks = <K extends string>(codes: readonly K[]) =>
    fc.dictionary(fc.constantFrom(...codes), fc.integer({ min: 0, max: 30 })) as fc.Arbitrary<
      Partial<Record<K, number>>
    >;

  it('lines sum to the food subtotal and totals reconcile', () => {
    fc.assert(
      fc.property(
        fc.record({
          adults: counts,
          children: counts,
          toddlers: counts,
          proteins: picks(proteinCodes),
          extraProteins: picks(proteinCodes),
          addons: picks(addonCodes),
        }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        (input, miles) => {
          const q = quote(input, miles);
          expect(q.lines.reduce((s, l) => s + l.totalCents, 0)).toBe(q.foodSubtotalCents);
          for (const l of q.lines) expect(l.totalCents).toBe(l.quantity * l.unitCents);
          if (input.adults + input.children + input.toddlers > 0) {
            expect(q.foodSubtotalCents).toBeGreaterThanOrEqual(55000);
          }
          expect(q.totalCents).toBe(q.foodSubtotalCents + q.travel.feeCents + q.taxCents);
          expect(q.depositCents + q.balanceCents).toBe(q.totalCents);
          expect(q.balanceCents).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(q.taxCents)).toBe(true);
        },
      ),
    );
  });
});
