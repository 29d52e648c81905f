import type { AccessRequests } from '../../test/admin-access-context.ts';
import type { customersAccess } from './customers.routes.ts';

export const customersRequests: AccessRequests<keyof typeof customersAccess> = {
  'GET /api/v1/admin/customers': () => ({ url: '/api/v1/admin/customers' }),
  'GET /api/v1/admin/customers/:id': (c) => ({
    url: `/api/v1/admin/customers/${c.sharedBooking.customerId}`,
  }),
};
