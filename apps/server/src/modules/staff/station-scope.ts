import { AppError } from '../../errors.ts';
import { canSeeStation } from './permissions.ts';
import type { StaffPrincipal } from './staff.types.ts';

/**
 * The stations a staff list may show: the one asked for, if the staff member belongs to it
 * (403 otherwise), else all of theirs; null means every station (a super admin).
 */
export function stationScopeOf(
  staff: StaffPrincipal,
  stationId?: string,
): readonly string[] | null {
  if (stationId) {
    if (!canSeeStation(staff, stationId))
      throw new AppError('FORBIDDEN', 'You do not have access to this station.');
    return [stationId];
  }
  return staff.role === 'super_admin' ? null : staff.stationIds;
}
