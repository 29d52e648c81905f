import { api, queryString } from './api.ts';

/** GET /api/v1/admin/dashboard (apps/server/src/modules/dashboard). */
export type DashboardEvent = {
  id: string;
  number: string;
  date: string;
  slot: string;
  time: string;
  startsAt: string;
  status: string;
  guests: number;
  customerName: string;
  chefs: { id: string; name: string }[];
};

export type DashboardBooking = Omit<DashboardEvent, 'chefs'>;

export type Dashboard = {
  station: { id: string; name: string; timeZone: string };
  generatedAt: string;
  // The blocks below are null for a role that may not see them, and absent altogether from
  // a chef's view (their own events only; the API declares nothing else for them).
  scope: { isOwnEventsOnly: boolean; canSeeMoney?: boolean };
  today: { date: string; count: number; items: DashboardEvent[] };
  week: { from: string; to: string; count: number; items: DashboardEvent[] };
  depositsDue?: {
    bookings: {
      count: number;
      /** How many of them the customer says are paid (staff to confirm). */
      reportedCount: number;
      items: (DashboardBooking & {
        depositCents: number;
        /** Pay by it, or, once the customer says they paid, confirm by it. */
        deadline: string | null;
        reported: { at: string; reference: string; method: string } | null;
      })[];
    };
    holds: {
      count: number;
      items: {
        id: string;
        date: string;
        slot: string;
        status: string;
        customerName: string;
        deadline: string;
        expiresAt: string;
      }[];
    };
  } | null;
  unassigned?: { from: string; to: string; count: number; items: DashboardBooking[] } | null;
  newLeads?: {
    since: string;
    count: number;
    items: {
      id: string;
      name: string | null;
      source: string;
      score: number;
      createdAt: string;
      nextFollowUpAt: string | null;
    }[];
  } | null;
  messagesWaiting?: {
    count: number;
    items: {
      id: string;
      channel: string;
      handoffReason: string | null;
      handoffSummary: string | null;
      updatedAt: string;
    }[];
  } | null;
  money?: {
    weekFrom: string;
    weekTo: string;
    depositsReceivedCents: number;
    balanceOutstandingCents: number;
  } | null;
};

export const dashboardQueryKey = (stationId: string) => ['dashboard', stationId] as const;

export function fetchDashboard(stationId: string): Promise<Dashboard> {
  return api<Dashboard>(`/api/v1/admin/dashboard${queryString({ stationId })}`);
}
