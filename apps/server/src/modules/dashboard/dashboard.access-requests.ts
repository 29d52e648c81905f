import type { AccessRequests } from '../../test/admin-access-context.ts';
import type { dashboardAccess } from './dashboard.routes.ts';

export const dashboardRequests: AccessRequests<keyof typeof dashboardAccess> = {
  'GET /api/v1/admin/dashboard': (c) => ({
    url: `/api/v1/admin/dashboard?stationId=${c.stationA}`,
  }),
};
