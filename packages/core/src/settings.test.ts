import { describe, expect, it } from 'vitest';
import {
  addonCodes,
  defaultSettings,
  proteinCodes,
  settingKeysNeedingApproval,
  settingsSchema,
  slotTimes,
} from './settings.ts';

describe('settings', () => {
  it('defaults satisfy the schema', () => {
    expect(settingsSchema.parse(defaultSettings)).toEqual(defaultSettings);
  });

  it('prices every protein and add-on code', () => {
    expect(Object.keys(defaultSettings.pricing.proteins)).toEqual([...proteinCodes]);
    expect(Object.keys(defaultSettings.pricing.addons)).toEqual([...addonCodes]);
    expect(defaultSettings.slots.map((s) => s.time)).toEqual([...slotTimes]);
  });

  it('rejects a missing protein price', () => {
    const { lobster_tail: _dropped, ...proteins } = defaultSettings.pricing.proteins;
    const result = settingsSchema.safeParse({
      ...defaultSettings,
      pricing: { ...defaultSettings.pricing, proteins },
    });
    expect(result.success).toBe(false);
  });

  it('rejects fractional cents and unknown slot times', () => {
    expect(
      settingsSchema.safeParse({
        ...defaultSettings,
        pricing: { ...defaultSettings.pricing, adultCents: 55.5 },
      }).success,
    ).toBe(false);
    expect(
      settingsSchema.safeParse({ ...defaultSettings, slots: [{ time: '13:00', label: 'x' }] })
        .success,
    ).toBe(false);
  });

  it('rejects unsorted duration tiers', () => {
    const tiers = [...defaultSettings.eventDuration.tiers].reverse();
    expect(
      settingsSchema.safeParse({
        ...defaultSettings,
        eventDuration: { ...defaultSettings.eventDuration, tiers },
      }).success,
    ).toBe(false);
  });

  it('reads the deposit-confirmation deadline and the hold caps as defaults from older versions', () => {
    const {
      staffConfirmWithinMinutesAfterSign: _a,
      maxOpenPerContact: _b,
      maxOpenPerIpPerDay: _c,
      ...before
    } = defaultSettings.holds;
    const parsed = settingsSchema.parse({ ...defaultSettings, holds: before });
    expect(parsed.holds).toEqual({
      ...before,
      staffConfirmWithinMinutesAfterSign: 1440,
      maxOpenPerContact: 2,
      maxOpenPerIpPerDay: 5,
    });
    expect(
      settingsSchema.safeParse({
        ...defaultSettings,
        holds: { ...defaultSettings.holds, maxOpenPerContact: 0 },
      }).success,
    ).toBe(false);
  });

  it('flags the price, deposit, minimum and per-mile keys for approval', () => {
    expect(settingKeysNeedingApproval).toEqual(
      expect.arrayContaining([
        'pricing.adultCents',
        'pricing.childCents',
        'pricing.depositCents',
        'pricing.partyMinimumCents',
        'travel.perMileCents',
      ]),
    );
  });

  it('accepts a Zelle email or US phone and a Venmo @handle; refuses anything else', () => {
    const withPayees = (payees: unknown) =>
      settingsSchema.safeParse({ ...defaultSettings, payees });
    const zelle = (recipient: string) => ({ zelle: { recipient, accountName: 'Teppan LLC' } });
    expect(withPayees(zelle('pay@teppan.test')).success).toBe(true);
    expect(withPayees(zelle('(510) 555-0100')).success).toBe(true);
    expect(withPayees(zelle('+1 510-555-0100')).success).toBe(true);
    expect(withPayees(zelle('555-0100')).success).toBe(false);
    expect(withPayees(zelle('teppan')).success).toBe(false);
    expect(withPayees({ venmo: { handle: '@Teppan-Fremont' } }).success).toBe(true);
    expect(withPayees({ venmo: { handle: 'Teppan-Fremont' } }).success).toBe(false);
    expect(withPayees({ zelle: { recipient: 'pay@teppan.test', accountName: '' } }).success).toBe(
      false,
    );
    // Settings stored before payees existed read as "none set".
    const { payees: _omitted, ...before } = defaultSettings;
    expect(settingsSchema.parse(before).payees).toEqual({});
    expect(settingKeysNeedingApproval).toContain('payees');
  });
});
