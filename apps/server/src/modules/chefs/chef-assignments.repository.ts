import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { INACTIVE_BOOKING_STATUSES } from './chefs.repository.ts';

/** Who cooks an event: the chefs assigned to a booking, and what ranks the candidates. */
export class ChefAssignmentsRepository {
  constructor(private readonly db: Executor) {}

  listAssigned(bookingId: string) {
    return this.db
      .selectFrom('ops.booking_chefs as bc')
      .innerJoin('ops.chefs as c', 'c.id', 'bc.chef_id')
      .select([
        'bc.chef_id',
        'bc.assigned_by',
        'bc.assigned_at',
        'bc.score',
        'c.name',
        'c.phone',
        'c.rating',
        'c.is_active',
      ])
      .where('bc.booking_id', '=', bookingId)
      .orderBy('bc.assigned_at')
      .orderBy('c.name')
      .execute();
  }

  /**
   * Everything the ranking needs about the chefs of a station for one booking: rostered for
   * the weekday and slot, away that date, busy with another event at that date and slot,
   * and how often they cooked for this customer before.
   */
  listRankingInputs(input: {
    stationId: string;
    bookingId: string;
    customerId: string;
    date: string;
    weekday: number;
    slot: string;
    chefIds?: readonly string[] | undefined;
  }) {
    if (input.chefIds?.length === 0) return [];
    let query = this.db
      .selectFrom('ops.chefs as c')
      .select([
        'c.id',
        'c.name',
        'c.is_active',
        'c.rating',
        'c.max_guests',
        'c.home_lat',
        'c.home_lng',
      ])
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom('ops.chef_weekly_availability as a')
              .select(sql`1`.as('one'))
              .whereRef('a.chef_id', '=', 'c.id')
              .where('a.weekday', '=', input.weekday)
              .where('a.slot', '=', input.slot),
          )
          .as('is_scheduled'),
        eb
          .exists(
            eb
              .selectFrom('ops.chef_time_off as t')
              .select(sql`1`.as('one'))
              .whereRef('t.chef_id', '=', 'c.id')
              .where('t.status', '=', 'approved')
              .where('t.from_date', '<=', input.date)
              .where('t.to_date', '>=', input.date),
          )
          .as('is_on_time_off'),
        eb
          .selectFrom('ops.booking_chefs as bc')
          .innerJoin('core.bookings as b', 'b.id', 'bc.booking_id')
          .select(sql<string[]>`coalesce(array_agg(b.number order by b.number), '{}')`.as('n'))
          .whereRef('bc.chef_id', '=', 'c.id')
          .where('b.id', '<>', input.bookingId)
          .where('b.date', '=', input.date)
          .where('b.slot', '=', input.slot)
          .where('b.status', 'not in', INACTIVE_BOOKING_STATUSES)
          .as('conflicting_bookings'),
        eb
          .selectFrom('ops.booking_chefs as bc')
          .innerJoin('core.bookings as b', 'b.id', 'bc.booking_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('bc.chef_id', '=', 'c.id')
          .where('b.id', '<>', input.bookingId)
          .where('b.customer_id', '=', input.customerId)
          .where('b.status', '=', 'completed')
          .as('past_with_customer'),
        eb
          .exists(
            eb
              .selectFrom('ops.booking_chefs as bc')
              .select(sql`1`.as('one'))
              .whereRef('bc.chef_id', '=', 'c.id')
              .where('bc.booking_id', '=', input.bookingId),
          )
          .as('is_assigned'),
      ])
      .where('c.station_id', '=', input.stationId)
      .orderBy('c.name');
    if (input.chefIds) query = query.where('c.id', 'in', [...input.chefIds]);
    return query.execute();
  }

  async removeAssignments(bookingId: string, chefIds: readonly string[]): Promise<void> {
    if (chefIds.length === 0) return;
    await this.db
      .deleteFrom('ops.booking_chefs')
      .where('booking_id', '=', bookingId)
      .where('chef_id', 'in', [...chefIds])
      .execute();
  }

  async addAssignments(
    bookingId: string,
    rows: readonly { chefId: string; score: number | null }[],
    assignedBy: string,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('ops.booking_chefs')
      .values(
        rows.map((r) => ({
          booking_id: bookingId,
          chef_id: r.chefId,
          score: r.score,
          assigned_by: assignedBy,
        })),
      )
      .execute();
  }
}
