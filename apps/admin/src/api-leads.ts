import { isLeadStatus, leadTransitions, type LeadStatus } from '@teppan/core';
import type { contract, RouteBody, RouteQuery, RouteResponse } from '@teppan/core/contract';

export { leadSources, leadStatuses, type LeadStatus } from '@teppan/core';

export type LeadPage = RouteResponse<typeof contract.leads.list>;
export type Lead = LeadPage['items'][number];
export type LeadDetail = RouteResponse<typeof contract.leads.detail>;
export type LeadActivity = LeadDetail['activity'][number];
export type LeadCreateBody = RouteBody<typeof contract.leads.create>;
export type LeadUpdateBody = RouteBody<typeof contract.leads.update>;
export type LeadConvertBody = RouteBody<typeof contract.leads.convert>;
export type LeadConvertResult = RouteResponse<typeof contract.leads.convert>;

/** The board's filters as the URL keeps them ('' = no filter), named as the list query's. */
export type LeadFilters = Record<
  keyof Pick<RouteQuery<typeof contract.leads.list>, 'q' | 'source' | 'owner' | 'stationId'>,
  string
>;

/** The board's filters as the list route's query: a blank filter is no filter. */
export function leadListQuery(filters: LeadFilters) {
  return {
    q: filters.q || undefined,
    source: filters.source || undefined,
    owner: filters.owner || undefined,
    stationId: filters.stationId || undefined,
  };
}

/** The moves a staff member may make from a lead's status (none from one the board does not know). */
export function leadMoves(status: string): readonly LeadStatus[] {
  return isLeadStatus(status) ? leadTransitions[status] : [];
}

/** A JSON object as a record of unknown values (anything else: an empty one). */
export function jsonRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}

/** The details the panel shows and edits; the contract keeps them as free JSON. */
export function leadDetails(lead: Pick<Lead, 'details'>): {
  eventDate?: string;
  guests?: number;
  zip?: string;
} {
  const { eventDate, guests, zip } = lead.details;
  return {
    ...(typeof eventDate === 'string' ? { eventDate } : {}),
    ...(typeof guests === 'number' ? { guests } : {}),
    ...(typeof zip === 'string' ? { zip } : {}),
  };
}

const statusNames: Record<LeadStatus, string> = {
  new: 'New',
  working: 'Working',
  qualified: 'Qualified',
  converted: 'Converted',
  lost: 'Lost',
};

export function leadStatusLabel(status: string): string {
  return isLeadStatus(status) ? statusNames[status] : status;
}

export function leadSourceLabel(source: string): string {
  return source === 'slot_full'
    ? 'Slot full'
    : source.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
