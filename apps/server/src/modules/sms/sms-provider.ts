/**
 * What the SMS relay needs from a provider (ARCHITECTURE: providers are adapters behind
 * interfaces). RingCentral is the production one; without it the outbox is the offline default.
 */

/** RingCentral's messageStatus values for outbound texts. */
export const smsDeliveryStatuses = [
  'Queued',
  'Sent',
  'Delivered',
  'DeliveryFailed',
  'SendingFailed',
] as const;
export type SmsDeliveryStatus = (typeof smsDeliveryStatuses)[number];

export function isFinalDeliveryStatus(status: SmsDeliveryStatus): boolean {
  switch (status) {
    case 'Queued':
    case 'Sent':
      return false;
    case 'Delivered':
    case 'DeliveryFailed':
    case 'SendingFailed':
      return true;
  }
}

export function isFailedDeliveryStatus(status: SmsDeliveryStatus): boolean {
  return status === 'DeliveryFailed' || status === 'SendingFailed';
}

export interface SentSms {
  messageId: string;
  status: SmsDeliveryStatus;
}

export interface SmsProvider {
  /** Kept on the outbox row (`provider`). */
  readonly name: string;
  send(message: { to: string; text: string }): Promise<SentSms>;
  readStatus(messageId: string): Promise<SmsDeliveryStatus>;
}

/**
 * A provider call that failed. `isRetryable`: rate limited (429), a server error (5xx), the
 * network, or our sign-in; anything else (a 4xx about the message itself) will not get better.
 * `retryAfterSeconds`: what the provider asked for (Retry-After), when it said.
 */
export class SmsProviderError extends Error {
  constructor(
    message: string,
    readonly details: {
      isRetryable: boolean;
      httpStatus: number | null;
      retryAfterSeconds: number | null;
    },
  ) {
    super(message);
    this.name = 'SmsProviderError';
  }
}
