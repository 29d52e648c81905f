// The lead pipeline is a pure rule of @teppan/core (F6); this path stays for existing imports.
export {
  canMoveLead,
  isFollowUpOverdue,
  isLeadStatus,
  isOpenLead,
  leadSources,
  leadStatuses,
  leadTransitions,
  openLeadStatuses,
} from '@teppan/core';
export type { LeadStatus } from '@teppan/core';
