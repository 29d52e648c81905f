import type { Database } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Config } from '../../config.ts';
import { RingCentralSmsProvider } from './ringcentral.provider.ts';
import type { SmsProvider } from './sms-provider.ts';
import { SmsRelay, type SmsRelayOptions } from './sms-relay.service.ts';

/** What the API and the logs say when no SMS provider is configured. */
export const OFFLINE_SMS_DELIVERY_LABEL = 'outbox (offline): texts recorded, not sent';

export interface SmsModuleDeps {
  db: Database;
  config: Config;
  fieldCrypto: FieldCrypto;
  logger: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  /** Tests pass their own; left out, the RINGCENTRAL_* settings decide (none → offline). */
  provider?: SmsProvider | null;
  relay?: Pick<
    SmsRelayOptions,
    'maxAttempts' | 'baseDelaySeconds' | 'maxDelaySeconds' | 'firstStatusCheckSeconds'
  >;
}

/** Outbound SMS from the outbox (issue F7): RingCentral when configured, else offline. */
export function createSmsModule(deps: SmsModuleDeps) {
  const { db, config, logger, fieldCrypto } = deps;
  const ringCentral = config.sms.ringCentral;
  const provider =
    deps.provider !== undefined
      ? deps.provider
      : ringCentral
        ? new RingCentralSmsProvider(ringCentral)
        : null;
  const relay = new SmsRelay(db, { provider, fieldCrypto, logger, ...deps.relay });
  return {
    relay,
    isDelivering: relay.isDelivering,
    deliveryLabel: provider ? provider.name : OFFLINE_SMS_DELIVERY_LABEL,
    /** Worker hook: sends due texts, then reads the status of texts in flight. */
    relayOnce: (limit = 50) => relay.relayOnce(limit),
    checkStatusesOnce: (limit = 50) => relay.checkStatusesOnce(limit),
  };
}

export type SmsModule = ReturnType<typeof createSmsModule>;
