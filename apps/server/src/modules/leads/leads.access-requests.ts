import type { AccessContext, AccessRequests } from '../../test/admin-access-context.ts';
import { LeadsRepository } from './leads.repository.ts';
import type { leadsAccess } from './leads.routes.ts';

/** A fresh open lead of station A (version 1) for each mutating call. */
async function newLead(context: AccessContext, email = 'lead.access@example.com'): Promise<string> {
  const lead = await new LeadsRepository(
    context.t.database.db,
    context.t.container.fieldCrypto,
  ).insert({
    stationId: context.stationA,
    source: 'phone',
    score: 50,
    name: 'Access Lead',
    email,
    phone: '(510) 555-0199',
    details: { guests: 12 },
  });
  return lead.id;
}

export const leadsRequests: AccessRequests<keyof typeof leadsAccess> = {
  'GET /api/v1/admin/leads': () => ({ url: '/api/v1/admin/leads' }),
  'GET /api/v1/admin/leads/owners': () => ({ url: '/api/v1/admin/leads/owners' }),
  'GET /api/v1/admin/leads/:id': async (c) => ({ url: `/api/v1/admin/leads/${await newLead(c)}` }),
  'POST /api/v1/admin/leads': (c) => ({
    url: '/api/v1/admin/leads',
    payload: { stationId: c.stationA, source: 'phone', name: 'Walk In', phone: '510-555-0123' },
  }),
  'PATCH /api/v1/admin/leads/:id': async (c) => ({
    url: `/api/v1/admin/leads/${await newLead(c)}`,
    payload: { version: 1, status: 'working', score: 65 },
  }),
  'POST /api/v1/admin/leads/:id/notes': async (c) => ({
    url: `/api/v1/admin/leads/${await newLead(c)}/notes`,
    payload: { text: 'Called back, wants a Saturday.' },
  }),
  'POST /api/v1/admin/leads/:id/convert': async (c) => {
    const booking = await c.newBooking();
    return {
      url: `/api/v1/admin/leads/${await newLead(c)}/convert`,
      payload: {
        mode: 'link',
        version: 1,
        bookingNumber: booking.number,
        confirmCustomerMismatch: true,
      },
    };
  },
};
