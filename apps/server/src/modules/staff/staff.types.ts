import { AppError } from '../../errors.ts';
import { isStaffRole, type StaffRole } from './permissions.ts';
import type { StaffListRow, StaffRow } from './staff.repository.ts';

/** Who is asking: attached to `request.staff` by `requireStaff`. */
export interface StaffPrincipal {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  stationIds: string[];
  sessionId: string;
  csrfToken: string;
  isTwoFactorEnabled: boolean;
  /** A role that must use TOTP (SPEC §14) without it: only enrolment is open to this session. */
  isTwoFactorEnrolmentRequired: boolean;
}

/** Where a request came from, for audit entries and session records. */
export interface StaffRequestContext {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface StaffView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  isActive: boolean;
  stationIds: string[];
  isTwoFactorEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export const actorOf = (staff: { id: string }): string => `staff:${staff.id}`;

export function roleOf(value: string): StaffRole {
  // The column has a CHECK constraint with the same list; a miss here is a server bug.
  if (!isStaffRole(value)) throw new AppError('INTERNAL', `Unknown staff role ${value}.`);
  return value;
}

export function toStaffView(row: StaffRow | StaffListRow, stationIds: string[]): StaffView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: roleOf(row.role),
    isActive: row.is_active,
    stationIds,
    isTwoFactorEnabled: row.totp_enabled_at !== null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
