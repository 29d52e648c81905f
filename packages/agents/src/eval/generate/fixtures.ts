import { computeQuote, defaultSettings, formatCents } from '@teppan/core';
import { demoDistanceTable } from '../../tools/in-memory-tools.ts';
import type { EvalSetBuilder } from './eval-set-builder.ts';

export const IN_AREA = [
  '94539',
  '94536',
  '95035',
  '95112',
  '95123',
  '95050',
  '94301',
  '94043',
  '94550',
  '94566',
  '94102',
  '94596',
  '95060',
  '94558',
  '95204',
  '95616',
  '95814',
];
export const OUT_OF_AREA = ['93721', '96150', '95926'];

export const CONTACTS = [
  'my number is 408-555-0177',
  'you can email me at sam@example.com',
  'call me at (650) 555-0123',
  'sam.lee@example.org',
];

export type Party = { adults: number; children: number; toddlers: number; text: string };

/** A random party and one of the ways a customer writes it. */
export function party(b: EvalSetBuilder): Party {
  const adults = b.int(4, 30);
  const children = b.rand() < 0.5 ? b.int(1, 6) : 0;
  const toddlers = b.rand() < 0.2 ? b.int(1, 2) : 0;
  const forms: string[] = [];
  if (children === 0 && toddlers === 0) {
    forms.push(
      `${adults} adults`,
      `${adults} grown-ups`,
      `${adults} people`,
      `a group of ${adults}`,
    );
  } else if (toddlers === 0) {
    forms.push(
      `${adults} adults and ${children} kids`,
      `${adults} adults plus ${children} children`,
      `${adults} grown-ups and ${children} kids`,
    );
  } else {
    forms.push(`${adults} adults, ${children} kids and ${toddlers} toddlers`);
  }
  return { adults, children, toddlers, text: b.pick(forms) };
}

/** Total, tax and travel fee as @teppan/core computes them, not as the tools under test do. */
export function facts(
  p: Party,
  zip: string,
  addons?: Partial<Record<'yakisoba' | 'gyoza' | 'edamame', number>>,
): string[] {
  const miles = demoDistanceTable[zip] ?? 0;
  const q = computeQuote({
    input: {
      adults: p.adults,
      children: p.children,
      toddlers: p.toddlers,
      ...(addons ? { addons } : {}),
    },
    settings: defaultSettings,
    travel: { miles, source: 'estimate' },
  });
  return [formatCents(q.totalCents), formatCents(q.taxCents), formatCents(q.travel.feeCents)];
}
