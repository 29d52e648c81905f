import {
  can,
  permissions,
  permissionsOf,
  staffRoles,
  type Permission,
  type StaffRole,
} from '@teppan/core';

/** Plain words for each permission; typed so that a new permission needs a label here. */
export const permissionLabels: Record<Permission, string> = {
  'bookings.read': 'See bookings and the calendar',
  'bookings.cancel.request': 'Request a cancellation',
  'bookings.cancel.approve': 'Approve or reject cancellations',
  'payments.read': 'See payments and money',
  'payments.confirm': 'Record payments (Zelle, Venmo, cash)',
  'bookings.status': 'Mark events started, completed or no-show',
  'bookings.update': 'Edit bookings',
  'bookings.assign': 'Assign chefs',
  'dashboard.read': 'See the dashboard',
  'customers.read': 'See customers',
  'leads.read': 'See leads',
  'leads.manage': 'Work leads',
  'chefs.read': 'See chefs',
  'chefs.manage': 'Edit chef schedules, decide time off',
  'timeOff.request': 'Request time off',
  'settings.read': 'See settings',
  'settings.update': 'Change settings',
  'knowledge.manage': "Edit the assistant's knowledge documents",
  'settings.approve': 'Approve price changes',
  'stations.manage': 'Manage stations',
  'staff.manage': 'Manage staff and roles',
  'apiKeys.manage': 'Manage API keys',
  'audit.read': 'Read the audit log',
  'conversations.read': 'Read the assistant inbox',
  'conversations.reply': 'Reply to customers in the inbox',
};

export const roleLabels: Record<StaffRole, string> = {
  super_admin: 'Super admin',
  admin: 'Admin',
  customer_support: 'Customer support',
  station_manager: 'Station manager',
  chef: 'Chef',
};

/** What one role may do, as a short list (shown next to the role picker). */
export function RolePermissions({ role }: { role: StaffRole }) {
  const allowed = permissionsOf(role);
  return (
    <div data-testid={`role-permissions-${role}`}>
      <p className="font-medium">{roleLabels[role]} may:</p>
      <ul className="list-disc pl-5 text-sm">
        {allowed.map((permission) => (
          <li key={permission}>{permissionLabels[permission]}</li>
        ))}
      </ul>
      {role === 'chef' ? (
        <p className="mt-1 text-sm text-stone-700">
          Chefs see only their own events and never see pay.
        </p>
      ) : null}
    </div>
  );
}

/** The whole permission matrix, the same table the server enforces. */
export function PermissionMatrix() {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">What each role may do</caption>
        <thead className="bg-stone-200">
          <tr>
            <th scope="col" className="p-2">
              Permission
            </th>
            {staffRoles.map((role) => (
              <th key={role} scope="col" className="p-2 text-center">
                {roleLabels[role]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {permissions.map((permission) => (
            <tr key={permission} className="border-t border-stone-200">
              <th scope="row" className="p-2 font-normal">
                {permissionLabels[permission]}
              </th>
              {staffRoles.map((role) => (
                <td key={role} className="p-2 text-center">
                  {can(role, permission) ? (
                    <span aria-label="yes">✓</span>
                  ) : (
                    <span aria-label="no" className="text-stone-400">
                      –
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
