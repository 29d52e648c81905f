/**
 * The leads pipeline (SPEC §12): new → working → qualified → converted, any open lead → lost
 * (with a reason), lost → working to reopen. Pure: the service and the admin panel read the
 * same graph, so a button the panel offers is a move the API accepts.
 */

import { leadSources, leadStatuses } from '@teppan/core/contract';

// The statuses and sources live in the contract (the API's enums); re-exported for the callers here.
export { leadSources, leadStatuses };
export type LeadStatus = (typeof leadStatuses)[number];

export const openLeadStatuses = ['new', 'working', 'qualified'] as const satisfies LeadStatus[];

/**
 * Moves a staff member may make by editing the status. `converted` is absent on purpose:
 * a lead becomes converted only with a booking (the convert route, or its hold turning into
 * a booking). qualified → working is allowed because a hold can expire unpaid.
 */
export const leadTransitions: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['working', 'lost'],
  working: ['qualified', 'lost'],
  qualified: ['working', 'lost'],
  converted: [],
  lost: ['working'],
};

export function isLeadStatus(value: string): value is LeadStatus {
  return (leadStatuses as readonly string[]).includes(value);
}

export function isOpenLead(status: string): boolean {
  return (openLeadStatuses as readonly string[]).includes(status);
}

export function canMoveLead(from: string, to: LeadStatus): boolean {
  if (!isLeadStatus(from)) return false;
  return leadTransitions[from].includes(to);
}

/** A follow-up is overdue once its time has passed on an open lead. */
export function isFollowUpOverdue(lead: {
  status: string;
  nextFollowUpAt: Date | null;
  now: Date;
}): boolean {
  return (
    lead.nextFollowUpAt !== null &&
    isOpenLead(lead.status) &&
    lead.nextFollowUpAt.getTime() < lead.now.getTime()
  );
}
