import type { contract, RouteResponse } from '@teppan/core/contract';

// GET /api/v1/admin/dashboard (contract.dashboard; apps/server/src/modules/dashboard).

/** The caller's view: a staff member's, or a chef's (their own events only, no other block). */
export type Dashboard = RouteResponse<typeof contract.dashboard.overview>;

/** A staff member's view: the blocks below are null for a role that may not see them. */
type StaffDashboard = Extract<Dashboard, { depositsDue: unknown }>;

export type DashboardEvent = Dashboard['today']['items'][number];

export type StaffBlocks = Pick<
  StaffDashboard,
  'depositsDue' | 'unassigned' | 'newLeads' | 'messagesWaiting' | 'money'
>;

const noStaffBlocks: StaffBlocks = {
  depositsDue: null,
  unassigned: null,
  newLeads: null,
  messagesWaiting: null,
  money: null,
};

/** The staff-only blocks of a dashboard; all null in a chef's view, which has none of them. */
export function staffBlocks(data: Dashboard): StaffBlocks {
  return 'depositsDue' in data ? data : noStaffBlocks;
}

export const dashboardQueryKey = (stationId: string) => ['dashboard', stationId] as const;
