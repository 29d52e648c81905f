/**
 * The one permission matrix (SPEC §14, issue F3). Server checks (`requireStaff`) and the
 * admin UI read this table, so what a screen shows and what the API allows cannot drift.
 * Pure: no I/O, safe to import from the browser.
 */

export const staffRoles = [
  'super_admin',
  'admin',
  'customer_support',
  'station_manager',
  'chef',
] as const;

export type StaffRole = (typeof staffRoles)[number];

export const permissionMatrix = {
  'bookings.read': ['super_admin', 'admin', 'customer_support', 'station_manager', 'chef'],
  // Customer support may ask for a cancellation; only an admin approves it (SPEC §14).
  'bookings.cancel.request': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  'bookings.cancel.approve': ['super_admin', 'admin'],
  // Chefs never see pay or payments (SPEC §14).
  'payments.read': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  // Recording that an offline deposit (Zelle, Venmo, cash) arrived.
  'payments.confirm': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  // Moving an event along on the day: started, completed, no-show.
  'bookings.status': ['super_admin', 'admin', 'station_manager', 'chef'],
  // Editing a booking's guests, menu, allergens, venue or notes (optimistic lock).
  'bookings.update': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  // Assigning chefs to an event (with the ranked suggestions of SPEC §4).
  'bookings.assign': ['super_admin', 'admin', 'station_manager'],
  // The dashboard: a chef's shows only their own events and no money.
  'dashboard.read': ['super_admin', 'admin', 'customer_support', 'station_manager', 'chef'],
  // CRM: customers (bookings, lifetime value, consents) and the leads pipeline.
  'customers.read': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  'leads.read': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  'leads.manage': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  // Chefs: everyone sees chefs (a chef sees only themself); managers edit schedules and
  // decide time off; a chef may request their own time off.
  'chefs.read': ['super_admin', 'admin', 'customer_support', 'station_manager', 'chef'],
  'chefs.manage': ['super_admin', 'admin', 'station_manager'],
  'timeOff.request': ['super_admin', 'admin', 'station_manager', 'chef'],
  'settings.read': ['super_admin', 'admin', 'station_manager'],
  'settings.update': ['super_admin', 'admin'],
  // The assistant's knowledge documents serve every station, so only a super admin edits
  // them (ADR 0019); admins read them.
  'knowledge.manage': ['super_admin'],
  // A price, the deposit, the minimum or the per-mile rate changes only once a second admin
  // (not the one who proposed it) or a super admin approves it.
  'settings.approve': ['super_admin', 'admin'],
  'stations.manage': ['super_admin', 'admin'],
  'staff.manage': ['super_admin', 'admin'],
  'apiKeys.manage': ['super_admin', 'admin'],
  'audit.read': ['super_admin', 'admin'],
  // The assistant's inbox (issue F4): chefs cook, they do not answer customers.
  'conversations.read': ['super_admin', 'admin', 'customer_support', 'station_manager'],
  'conversations.reply': ['super_admin', 'admin', 'customer_support', 'station_manager'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissionMatrix;

export const permissions = Object.keys(permissionMatrix) as Permission[];

export function can(role: StaffRole, permission: Permission): boolean {
  return (permissionMatrix[permission] as readonly StaffRole[]).includes(role);
}

export function permissionsOf(role: StaffRole): Permission[] {
  return permissions.filter((permission) => can(role, permission));
}

/** Which roles an actor may hand out: only a super admin creates or edits a super admin. */
export function canGrantRole(actor: StaffRole, role: StaffRole): boolean {
  if (role === 'super_admin') return actor === 'super_admin';
  return can(actor, 'staff.manage');
}

/** Super admins see every station; everyone else only the stations they belong to. */
export function canSeeStation(
  staff: { role: StaffRole; stationIds: readonly string[] },
  stationId: string,
): boolean {
  return staff.role === 'super_admin' || staff.stationIds.includes(stationId);
}

/** Chefs see and act on only the events assigned to them (SPEC §14). */
export function isOwnEventsOnly(role: StaffRole): boolean {
  return role === 'chef';
}

/**
 * A record that may have no station (a conversation, an audit entry). Without one it is
 * organisation-wide: only super admins see it, never every station (ADR 0019).
 */
export function canSeeStationRecord(
  staff: { role: StaffRole; stationIds: readonly string[] },
  stationId: string | null,
): boolean {
  return stationId === null ? staff.role === 'super_admin' : canSeeStation(staff, stationId);
}

/**
 * Roles that must enrol TOTP before anything else (SPEC §14): a session of such a role
 * without two-factor reaches only the enrolment routes, `auth/me` and sign-out.
 */
export const twoFactorRoles = [
  'super_admin',
  'admin',
  'station_manager',
] as const satisfies readonly StaffRole[];

export function requiresTwoFactor(role: StaffRole): boolean {
  return (twoFactorRoles as readonly StaffRole[]).includes(role);
}

/**
 * What an API key can be allowed to do: the permissions of the routes that accept a key
 * (`authorizeStaffAction`). A key acts only within its scopes AND what its creator may do
 * now, so a scope never grants more than the matrix gives the creator's current role.
 */
export const apiKeyScopes = [
  'bookings.status',
  'payments.confirm',
] as const satisfies readonly Permission[];

export type ApiKeyScope = (typeof apiKeyScopes)[number];

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value);
}
