import { routes } from '@teppan/web-client';
import { useQuery } from '@tanstack/react-query';
import { defaultSettings, settingsSchema, type Settings } from '@teppan/core';
import { call, type PublicSettings } from './api.ts';

/**
 * The pricing engine takes the full settings type; the public API publishes every field the
 * quote depends on (pricing, travel fee, slots, notice, policies). Internal fields the
 * browser never uses (chef-assignment weights, cache days) keep their defaults.
 */
export function toCoreSettings(published: PublicSettings): Settings {
  return settingsSchema.parse({
    ...defaultSettings,
    pricing: published.pricing,
    travel: { ...defaultSettings.travel, ...published.travel },
    slots: published.slots,
    requestedTimeWindowMinutes: published.requestedTimeWindowMinutes,
    notice: published.notice,
    holds: published.holds,
    policies: published.policies,
    eventDuration: published.eventDuration,
    serviceArea: published.serviceArea,
    largePartyHandoffGuests: published.largePartyHandoffGuests,
  });
}

export type LoadedSettings = { published: PublicSettings; core: Settings };

export function useSettings() {
  return useQuery({
    queryKey: ['settings'],
    queryFn: async (): Promise<LoadedSettings> => {
      const published = await call(routes.settings.get);
      return { published, core: toCoreSettings(published) };
    },
    staleTime: 5 * 60_000,
  });
}
