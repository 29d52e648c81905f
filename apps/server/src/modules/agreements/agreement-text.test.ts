import { defaultSettings } from '@teppan/core';
import { describe, expect, it } from 'vitest';
import { fillTemplate, renderAgreement } from './agreement-text.ts';

const templates = [
  { kind: 'allergen_disclosure', version: 1, title: 'Allergens', body: 'A.\n\nB.' },
  { kind: 'terms', version: 2, title: 'Terms', body: 'Deposit {{depositAmount}}.' },
  { kind: 'liability_waiver', version: 1, title: 'Waiver', body: 'Flame.' },
] as const;

describe('agreement text', () => {
  it('fills placeholders from the settings and refuses unknown ones', () => {
    expect(
      fillTemplate('{{rescheduleFee}} / {{depositRefundMinDaysBefore}}', defaultSettings),
    ).toBe('$100.00 / 4');
    expect(() => fillTemplate('{{nope}}', defaultSettings)).toThrow(/nope/);
  });

  it('orders documents, splits paragraphs and hashes the text', () => {
    const a = renderAgreement({ templates: [...templates], settings: defaultSettings });
    expect(a.version).toBe('terms@2+liability_waiver@1+allergen_disclosure@1');
    expect(a.documents[2]?.paragraphs).toEqual(['A.', 'B.']);
    const changed = renderAgreement({
      templates: [...templates],
      settings: {
        ...defaultSettings,
        pricing: { ...defaultSettings.pricing, depositCents: 15000 },
      },
    });
    expect(changed.contentHash).not.toBe(a.contentHash);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
