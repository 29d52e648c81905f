import { SDK } from '@ringcentral/sdk';
import { z } from 'zod';
import type { RingCentralConfig } from '../../config.ts';
import {
  smsDeliveryStatuses,
  SmsProviderError,
  type SentSms,
  type SmsDeliveryStatus,
  type SmsProvider,
} from './sms-provider.ts';

const SMS_PATH = '/restapi/v1.0/account/~/extension/~/sms';
const MESSAGE_STORE_PATH = '/restapi/v1.0/account/~/extension/~/message-store';

// RingCentral's message resource: only what the relay keeps is read, the rest is ignored.
const messageSchema = z.object({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  messageStatus: z.enum(smsDeliveryStatuses),
});

/** Seconds from a Retry-After header: delta-seconds or an HTTP date; null when absent or bad. */
export function retryAfterSecondsOf(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The SDK's ApiError carries the Response; a network failure has none. */
function toProviderError(error: unknown, stage: 'sign-in' | 'request'): SmsProviderError {
  const response = (error as { response?: Response } | null)?.response;
  const message = error instanceof Error ? error.message : String(error);
  if (!response)
    return new SmsProviderError(`RingCentral ${stage} failed: ${message}`, {
      isRetryable: true,
      httpStatus: null,
      retryAfterSeconds: null,
    });
  const status = response.status;
  return new SmsProviderError(`RingCentral ${stage} answered ${status}: ${message}`, {
    // A refused sign-in is about our credentials, not the message: it is kept and retried.
    isRetryable: stage === 'sign-in' || status === 429 || status >= 500,
    httpStatus: status,
    retryAfterSeconds: retryAfterSecondsOf(response.headers.get('retry-after'), Date.now()),
  });
}

/**
 * Outbound SMS through the official SDK with JWT auth (SPEC §11). The SDK keeps the access
 * token in memory and refreshes it; when it can no longer, the JWT signs in again. Rate
 * limits are not waited out inside the SDK (`handleRateLimit` off): the 429 comes back to
 * the relay, which reschedules the row after Retry-After instead of holding a worker.
 */
export class RingCentralSmsProvider implements SmsProvider {
  readonly name = 'ringcentral';
  private readonly sdk: SDK;
  private signingIn: Promise<void> | null = null;

  constructor(private readonly config: RingCentralConfig) {
    this.sdk = new SDK({
      server: config.serverUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      appName: 'teppan',
      handleRateLimit: false,
    });
  }

  private async ensureSignedIn(): Promise<void> {
    const platform = this.sdk.platform();
    if (await platform.loggedIn()) return;
    // One sign-in for every caller waiting at the same time.
    this.signingIn ??= platform
      .login({ jwt: this.config.jwt })
      .then(() => undefined)
      .finally(() => {
        this.signingIn = null;
      });
    try {
      await this.signingIn;
    } catch (error) {
      throw toProviderError(error, 'sign-in');
    }
  }

  private async request(call: (platform: ReturnType<SDK['platform']>) => Promise<Response>) {
    await this.ensureSignedIn();
    let response: Response;
    try {
      response = await call(this.sdk.platform());
    } catch (error) {
      throw toProviderError(error, 'request');
    }
    const parsed = messageSchema.safeParse(await response.json());
    if (!parsed.success)
      throw new SmsProviderError('RingCentral answered without a message id and status', {
        isRetryable: false,
        httpStatus: response.status,
        retryAfterSeconds: null,
      });
    return parsed.data;
  }

  async send(message: { to: string; text: string }): Promise<SentSms> {
    const sent = await this.request((platform) =>
      platform.post(SMS_PATH, {
        from: { phoneNumber: this.config.fromNumber },
        to: [{ phoneNumber: message.to }],
        text: message.text,
      }),
    );
    return { messageId: sent.id, status: sent.messageStatus };
  }

  async readStatus(messageId: string): Promise<SmsDeliveryStatus> {
    const read = await this.request((platform) =>
      platform.get(`${MESSAGE_STORE_PATH}/${encodeURIComponent(messageId)}`),
    );
    return read.messageStatus;
  }
}
