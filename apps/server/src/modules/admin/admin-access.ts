import type { FastifyInstance } from 'fastify';
import { chefAdminAccess } from '../chefs/chefs.routes.ts';
import { conversationInboxAccess } from '../conversations/conversation-inbox.routes.ts';
import { dashboardAccess } from '../dashboard/dashboard.routes.ts';
import { customersAccess } from '../customers/customers.routes.ts';
import { leadsAccess } from '../leads/leads.routes.ts';
import { settingsAdminAccess } from '../settings/settings-admin.routes.ts';
import type { Permission } from '../staff/permissions.ts';

/**
 * One rule per admin API route. `isStationScoped`: the route touches one record that
 * belongs to a station (a booking, a chef, a lead…) or names a station in its body, so a
 * staff member of another station gets 403 or 404 there. Lists are filtered instead.
 */
export interface AdminRouteRule {
  readonly permission: Permission;
  readonly isStationScoped: boolean;
}

export const bookingAdminAccess = {
  'GET /api/v1/admin/bookings': { permission: 'bookings.read', isStationScoped: false },
  'GET /api/v1/admin/bookings.csv': { permission: 'bookings.read', isStationScoped: false },
  'GET /api/v1/admin/bookings/:id': { permission: 'bookings.read', isStationScoped: true },
  'PATCH /api/v1/admin/bookings/:id': { permission: 'bookings.update', isStationScoped: true },
  'POST /api/v1/admin/bookings/:id/payments': {
    permission: 'payments.confirm',
    isStationScoped: true,
  },
  'POST /api/v1/admin/bookings/:id/cancellation-request': {
    permission: 'bookings.cancel.request',
    isStationScoped: true,
  },
  'POST /api/v1/admin/bookings/:id/cancellation-request/approve': {
    permission: 'bookings.cancel.approve',
    isStationScoped: true,
  },
  'POST /api/v1/admin/bookings/:id/cancellation-request/reject': {
    permission: 'bookings.cancel.approve',
    isStationScoped: true,
  },
  // A list: each caller reads their stations' entries (super admins also the org-wide ones).
  'GET /api/v1/admin/audit': { permission: 'audit.read', isStationScoped: false },
  // One knowledge base serves every station: admins read it, super admins edit it (ADR 0019).
  'GET /api/v1/admin/knowledge': { permission: 'settings.update', isStationScoped: false },
  'PUT /api/v1/admin/knowledge/:docId': {
    permission: 'knowledge.manage',
    isStationScoped: false,
  },
} as const satisfies Record<string, AdminRouteRule>;

/**
 * Every admin route of every module. A route under /api/v1/admin/ that is not listed here
 * cannot be registered (see `guardAdminRouteRegistration`), and the access test walks this
 * table for every role, so no route can slip past the permission matrix.
 */
export const adminRouteAccess = {
  ...bookingAdminAccess,
  ...conversationInboxAccess,
  ...chefAdminAccess,
  ...dashboardAccess,
  ...customersAccess,
  ...leadsAccess,
  ...settingsAdminAccess,
} as const satisfies Record<string, AdminRouteRule>;

export type AdminRouteKey = keyof typeof adminRouteAccess;

export function adminRuleOf(route: string): AdminRouteRule {
  const rule = (adminRouteAccess as Record<string, AdminRouteRule>)[route];
  if (!rule) throw new Error(`${route} is missing from adminRouteAccess`);
  return rule;
}

const registered = new WeakMap<FastifyInstance, string[]>();

/** Installs the check on the root instance, before any admin plugin registers. */
export function guardAdminRouteRegistration(app: FastifyInstance): void {
  const routes: string[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/admin/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      const key = `${method} ${route.url}`;
      adminRuleOf(key);
      routes.push(key);
    }
  });
}

/** The admin routes the app registered (for the access test's completeness check). */
export function registeredAdminRoutes(app: FastifyInstance): readonly string[] {
  return registered.get(app) ?? [];
}
