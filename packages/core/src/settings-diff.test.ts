import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settings.ts';
import { diffSettings, isApprovalPath, pathsNeedingApproval } from './settings-diff.ts';

describe('diffSettings', () => {
  it('finds nothing between equal settings, even rebuilt ones', () => {
    expect(diffSettings(defaultSettings, structuredClone(defaultSettings))).toEqual([]);
  });

  it('lists changed leaves with before and after, sorted by path', () => {
    const next = structuredClone(defaultSettings);
    next.travel.perMileCents = 250;
    next.pricing.proteins.salmon.premiumCents = 700;
    next.notice.minHours = 72;
    expect(diffSettings(defaultSettings, next)).toEqual([
      { path: 'notice.minHours', before: 48, after: 72 },
      { path: 'pricing.proteins.salmon.premiumCents', before: 500, after: 700 },
      { path: 'travel.perMileCents', before: 200, after: 250 },
    ]);
  });

  it('treats an array as one value and notices added and removed keys', () => {
    const next = structuredClone(defaultSettings);
    next.pricing.gratuityPercents = [18, 20, 25];
    next.brand = { name: 'Sakura' };
    expect(diffSettings(defaultSettings, next)).toEqual([
      { path: 'brand.name', before: undefined, after: 'Sakura' },
      { path: 'pricing.gratuityPercents', before: [20, 25, 30, 35], after: [18, 20, 25] },
    ]);
  });
});

describe('approval paths', () => {
  it('covers prices, deposit, minimum and per-mile rate, including nested menu prices', () => {
    expect(isApprovalPath('pricing.adultCents')).toBe(true);
    expect(isApprovalPath('pricing.depositCents')).toBe(true);
    expect(isApprovalPath('pricing.partyMinimumCents')).toBe(true);
    expect(isApprovalPath('travel.perMileCents')).toBe(true);
    expect(isApprovalPath('pricing.proteins.lobster_tail.premiumCents')).toBe(true);
    expect(isApprovalPath('pricing.addons.gyoza.cents')).toBe(true);
  });

  it('leaves operational settings to one admin', () => {
    expect(
      pathsNeedingApproval(['notice.minHours', 'policies.freeReschedules', 'pricing.adult']),
    ).toEqual([]);
    expect(isApprovalPath('pricing.adultCentsX')).toBe(false);
  });
});
