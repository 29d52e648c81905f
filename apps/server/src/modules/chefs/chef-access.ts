import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { ChefsRepository, type ChefRow } from './chefs.repository.ts';

/** Outside your stations, or another chef's record for a chef, it does not exist. */
export function isChefVisible(
  staff: StaffPrincipal,
  chef: { station_id: string; staff_id: string | null },
): boolean {
  if (!canSeeStation(staff, chef.station_id)) return false;
  return staff.role !== 'chef' || chef.staff_id === staff.id;
}

export async function getVisibleChef(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  id: string,
): Promise<ChefRow> {
  const chef = await new ChefsRepository(db).findById(id);
  if (!chef || !isChefVisible(staff, chef)) throw new AppError('CHEF_NOT_FOUND');
  return chef;
}
