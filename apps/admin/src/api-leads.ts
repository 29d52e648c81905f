import type { LeadStatus } from '@teppan/core';
import { api, queryString } from './api.ts';

export { leadSources, leadStatuses, leadTransitions, type LeadStatus } from '@teppan/core';

export type Lead = {
  id: string;
  stationId: string | null;
  customerId: string | null;
  source: string;
  status: LeadStatus;
  score: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  details: { eventDate?: string; guests?: number; zip?: string; [key: string]: unknown };
  notes: string | null;
  nextFollowUpAt: string | null;
  isOverdue: boolean;
  owner: { id: string; name: string | null } | null;
  lostReason: string | null;
  booking: { id: string; number: string | null; status: string | null } | null;
  holdId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type LeadActivity = {
  id: number;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  actorName: string | null;
  at: string;
};

export type LeadDetail = Lead & {
  allowedMoves: LeadStatus[];
  hold: {
    id: string;
    status: string;
    bookingId: string | null;
    expiresAt: string;
    link: string;
  } | null;
  activity: LeadActivity[];
};

export type LeadPage = {
  items: Lead[];
  counts: Record<LeadStatus, number>;
  nextCursor: string | null;
};

export type LeadOwner = { id: string; name: string; role: string };

export type LeadFilters = { q: string; source: string; owner: string; stationId: string };

export function listLeads(
  params: LeadFilters & { status: LeadStatus; cursor?: string | undefined; limit: number },
) {
  return api<LeadPage>(`/api/v1/admin/leads${queryString(params)}`);
}

export function listLeadOwners() {
  return api<{ items: LeadOwner[] }>('/api/v1/admin/leads/owners');
}

export function getLead(id: string) {
  return api<LeadDetail>(`/api/v1/admin/leads/${id}`);
}

export type LeadCreateBody = {
  stationId: string;
  source: string;
  name?: string;
  email?: string;
  phone?: string;
  score?: number;
  details?: { eventDate?: string; guests?: number; zip?: string };
  notes?: string;
  nextFollowUpAt?: string | null;
  ownerStaffId?: string | null;
};

export function createLead(body: LeadCreateBody) {
  return api<LeadDetail>('/api/v1/admin/leads', { body });
}

export type LeadUpdateBody = {
  version: number;
  status?: LeadStatus;
  lostReason?: string;
  score?: number;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  details?: { eventDate?: string | null; guests?: number | null; zip?: string | null };
  notes?: string | null;
  nextFollowUpAt?: string | null;
  ownerStaffId?: string | null;
};

export function updateLead(id: string, body: LeadUpdateBody) {
  return api<LeadDetail>(`/api/v1/admin/leads/${id}`, { method: 'PATCH', body });
}

export function addLeadNote(id: string, text: string) {
  return api<LeadDetail>(`/api/v1/admin/leads/${id}/notes`, { body: { text } });
}

export type LeadConvertBody =
  | { mode: 'link'; version: number; bookingNumber: string; confirmCustomerMismatch?: boolean }
  | {
      mode: 'hold';
      version: number;
      date: string;
      slot: string;
      requestedTime?: string;
      party: {
        adults: number;
        children: number;
        toddlers: number;
        venue: { zip: string; address?: string };
      };
      customer?: { name?: string; email?: string; phone?: string };
    };

export type LeadConvertResult = {
  lead: LeadDetail;
  hold: {
    id: string;
    status: string;
    quoteNumber: string;
    date: string;
    slot: string;
    totalCents: number;
    depositCents: number;
    expiresAt: string;
    link: string;
  } | null;
};

export function convertLead(id: string, body: LeadConvertBody) {
  return api<LeadConvertResult>(`/api/v1/admin/leads/${id}/convert`, { body });
}

const statusNames: Record<LeadStatus, string> = {
  new: 'New',
  working: 'Working',
  qualified: 'Qualified',
  converted: 'Converted',
  lost: 'Lost',
};

export function leadStatusLabel(status: string): string {
  return statusNames[status as LeadStatus] ?? status;
}

export function leadSourceLabel(source: string): string {
  return source === 'slot_full'
    ? 'Slot full'
    : source.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
