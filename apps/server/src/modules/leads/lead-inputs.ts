import type { LeadStatus, QuoteRequest, SlotTime } from '@teppan/core';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { HoldsService } from '../bookings/holds.service.ts';
import type { QuotesService } from '../quotes/quotes.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/** What the leads use cases take in (parsed by leads.routes.ts) and what they depend on. */

export interface LeadDetailsInput {
  eventDate?: string | null | undefined;
  guests?: number | null | undefined;
  zip?: string | null | undefined;
}

export interface LeadListQuery {
  status?: string[] | undefined;
  source?: string | undefined;
  owner?: string | undefined;
  q?: string | undefined;
  stationId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface LeadCreateInput {
  stationId: string;
  source: string;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  score?: number | undefined;
  details?: LeadDetailsInput | undefined;
  notes?: string | undefined;
  nextFollowUpAt?: string | null | undefined;
  ownerStaffId?: string | null | undefined;
}

export interface LeadUpdateInput {
  version: number;
  status?: LeadStatus | undefined;
  lostReason?: string | undefined;
  score?: number | undefined;
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  details?: LeadDetailsInput | undefined;
  notes?: string | null | undefined;
  nextFollowUpAt?: string | null | undefined;
  ownerStaffId?: string | null | undefined;
}

export type LeadConvertInput =
  | {
      mode: 'link';
      version: number;
      bookingNumber: string;
      confirmCustomerMismatch?: boolean | undefined;
    }
  | {
      mode: 'hold';
      version: number;
      date: string;
      slot: SlotTime;
      requestedTime?: string | undefined;
      party: Omit<QuoteRequest, 'stationId' | 'eventDate'>;
      customer?:
        | { name?: string | undefined; email?: string | undefined; phone?: string | undefined }
        | undefined;
    };

export interface LeadsDeps {
  now: () => Date;
  settings: SettingsService;
  quotes: QuotesService;
  holds: HoldsService;
  publicBaseUrl: string;
  /** Lead contact details are stored encrypted (ADR 0016). */
  fieldCrypto: FieldCrypto;
}
