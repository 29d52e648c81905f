import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import type { SlotKey } from '../bookings/bookings.repository.ts';
import { claimSlots } from '../bookings/slot-claims.ts';

/** Bookings that hold a chef: everything but a cancellation. */
export const INACTIVE_BOOKING_STATUSES = ['cancelled'] as const;

/** `in ()` is not valid SQL: an empty station list matches no row, through an id no station has. */
const stationsOrNone = (ids: readonly string[]) =>
  ids.length ? ids : ['00000000-0000-0000-0000-000000000000'];

export interface ChefInsert {
  stationId: string;
  name: string;
  email: string | null;
  phone: string | null;
  rating: number;
  isActive: boolean;
  homeZip: string | null;
  homeLat: number | null;
  homeLng: number | null;
  maxGuests: number;
  staffId: string | null;
}

export type ChefPatch = Partial<Omit<ChefInsert, 'stationId'>>;

const chefColumns = [
  'c.id',
  'c.station_id',
  'c.name',
  'c.email',
  'c.phone',
  'c.rating',
  'c.is_active',
  'c.staff_id',
  'c.home_zip',
  'c.home_lat',
  'c.home_lng',
  'c.max_guests',
  'c.version',
  'c.created_at',
  'c.updated_at',
] as const;

export class ChefsRepository {
  constructor(private readonly db: Executor) {}

  /** Keyset pages on (name, id); `stationIds` null = every station. */
  list(filter: {
    stationIds: readonly string[] | null;
    staffId?: string | undefined;
    includeInactive: boolean;
    after?: { name: string; id: string } | undefined;
    today: string;
    limit: number;
  }) {
    let query = this.chefs()
      .select((eb) => [
        eb
          .selectFrom('ops.booking_chefs as bc')
          .innerJoin('core.bookings as b', 'b.id', 'bc.booking_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('bc.chef_id', '=', 'c.id')
          .where('b.date', '>=', filter.today)
          .where('b.status', 'not in', INACTIVE_BOOKING_STATUSES)
          .as('upcoming_assignments'),
        eb
          .selectFrom('ops.chef_time_off as t')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('t.chef_id', '=', 'c.id')
          .where('t.status', '=', 'requested')
          .as('pending_time_off'),
      ])
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(filter.limit);
    if (filter.stationIds)
      query = query.where('c.station_id', 'in', stationsOrNone(filter.stationIds));
    if (filter.staffId) query = query.where('c.staff_id', '=', filter.staffId);
    if (!filter.includeInactive) query = query.where('c.is_active', '=', true);
    if (filter.after) {
      const { name, id } = filter.after;
      query = query.where((eb) =>
        eb.or([eb('c.name', '>', name), eb.and([eb('c.name', '=', name), eb('c.id', '>', id)])]),
      );
    }
    return query.execute();
  }

  /** The chef rows with the columns every chef read returns. */
  private chefs() {
    return this.db.selectFrom('ops.chefs as c').select(chefColumns);
  }

  findById(id: string) {
    return this.chefs().where('c.id', '=', id).executeTakeFirst();
  }

  /** The chef row lock: assignments and schedule changes of one chef run one at a time. */
  findForUpdate(id: string) {
    return this.chefs().where('c.id', '=', id).forUpdate().executeTakeFirst();
  }

  /** Locks several chefs in id order, so two transactions never wait on each other crosswise. */
  async lockMany(ids: readonly string[]) {
    if (ids.length === 0) return [];
    return this.chefs()
      .where('c.id', 'in', [...ids])
      .orderBy('c.id')
      .forUpdate()
      .execute();
  }

  findByStaffId(staffId: string) {
    return this.chefs().where('c.staff_id', '=', staffId).executeTakeFirst();
  }

  findStaffMember(staffId: string) {
    return this.db
      .selectFrom('identity.staff as s')
      .select(['s.id', 's.role'])
      .select((eb) =>
        eb
          .selectFrom('identity.staff_stations as ss')
          .select(sql<string[]>`coalesce(array_agg(ss.station_id::text), '{}')`.as('ids'))
          .whereRef('ss.staff_id', '=', 's.id')
          .as('station_ids'),
      )
      .where('s.id', '=', staffId)
      .executeTakeFirst();
  }

  insert(chef: ChefInsert) {
    return this.db
      .insertInto('ops.chefs')
      .values({
        station_id: chef.stationId,
        name: chef.name,
        email: chef.email,
        phone: chef.phone,
        rating: chef.rating,
        is_active: chef.isActive,
        home_zip: chef.homeZip,
        home_lat: chef.homeLat,
        home_lng: chef.homeLng,
        max_guests: chef.maxGuests,
        staff_id: chef.staffId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  /** Writes only at the expected version; no row back means someone saved first. */
  update(id: string, version: number, patch: ChefPatch) {
    return this.db
      .updateTable('ops.chefs')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.rating !== undefined ? { rating: patch.rating } : {}),
        ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
        ...(patch.homeZip !== undefined ? { home_zip: patch.homeZip } : {}),
        ...(patch.homeLat !== undefined ? { home_lat: patch.homeLat } : {}),
        ...(patch.homeLng !== undefined ? { home_lng: patch.homeLng } : {}),
        ...(patch.maxGuests !== undefined ? { max_guests: patch.maxGuests } : {}),
        ...(patch.staffId !== undefined ? { staff_id: patch.staffId } : {}),
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returning('id')
      .executeTakeFirst();
  }

  listWeekly(chefId: string) {
    return this.db
      .selectFrom('ops.chef_weekly_availability')
      .select(['weekday', 'slot'])
      .where('chef_id', '=', chefId)
      .orderBy('weekday')
      .orderBy('slot')
      .execute();
  }

  async replaceWeekly(chefId: string, cells: readonly { weekday: number; slot: string }[]) {
    await this.db
      .deleteFrom('ops.chef_weekly_availability')
      .where('chef_id', '=', chefId)
      .execute();
    if (cells.length)
      await this.db
        .insertInto('ops.chef_weekly_availability')
        .values(cells.map((c) => ({ chef_id: chefId, weekday: c.weekday, slot: c.slot })))
        .execute();
  }

  listTimeOff(chefId: string, options: { toOnOrAfter: string; limit: number }) {
    return this.db
      .selectFrom('ops.chef_time_off')
      .selectAll()
      .where('chef_id', '=', chefId)
      .where('to_date', '>=', options.toOnOrAfter)
      .orderBy('from_date', 'desc')
      .limit(options.limit)
      .execute();
  }

  /** Time-off requests with their chef, for the decision queue. */
  listTimeOffRequests(filter: {
    stationIds: readonly string[] | null;
    chefId?: string | undefined;
    status: 'requested' | 'approved' | 'rejected';
    limit: number;
  }) {
    let query = this.db
      .selectFrom('ops.chef_time_off as t')
      .innerJoin('ops.chefs as c', 'c.id', 't.chef_id')
      .selectAll('t')
      .select(['c.name as chef_name', 'c.station_id'])
      .where('t.status', '=', filter.status)
      .orderBy('t.from_date')
      .orderBy('t.id')
      .limit(filter.limit);
    if (filter.stationIds)
      query = query.where('c.station_id', 'in', stationsOrNone(filter.stationIds));
    if (filter.chefId) query = query.where('t.chef_id', '=', filter.chefId);
    return query.execute();
  }

  insertTimeOff(row: {
    chefId: string;
    fromDate: string;
    toDate: string;
    reason: string | null;
    requestedBy: string;
  }) {
    return this.db
      .insertInto('ops.chef_time_off')
      .values({
        chef_id: row.chefId,
        from_date: row.fromDate,
        to_date: row.toDate,
        reason: row.reason,
        requested_by: row.requestedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findTimeOff(id: string) {
    return this.db
      .selectFrom('ops.chef_time_off as t')
      .innerJoin('ops.chefs as c', 'c.id', 't.chef_id')
      .selectAll('t')
      .select(['c.name as chef_name', 'c.station_id', 'c.staff_id'])
      .where('t.id', '=', id)
      .executeTakeFirst();
  }

  findTimeOffForUpdate(id: string) {
    return this.db
      .selectFrom('ops.chef_time_off')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  decideTimeOff(row: {
    id: string;
    status: 'approved' | 'rejected';
    decidedBy: string;
    note: string | null;
  }) {
    return this.db
      .updateTable('ops.chef_time_off')
      .set({
        status: row.status,
        decided_by: row.decidedBy,
        decided_at: sql<Date>`now()`,
        decision_note: row.note,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Approved time off of one chef overlapping a date range. */
  listApprovedTimeOff(chefId: string, range: { from: string; to: string }) {
    return this.db
      .selectFrom('ops.chef_time_off')
      .select(['from_date', 'to_date'])
      .where('chef_id', '=', chefId)
      .where('status', '=', 'approved')
      .where('to_date', '>=', range.from)
      .where('from_date', '<=', range.to)
      .execute();
  }

  /** The events a chef is assigned to from a date on (cancelled ones excepted), soonest first. */
  listAssignments(chefId: string, filter: { from: string; to?: string; limit: number }) {
    let query = this.db
      .selectFrom('ops.booking_chefs as bc')
      .innerJoin('core.bookings as b', 'b.id', 'bc.booking_id')
      .innerJoin('core.customers as cu', 'cu.id', 'b.customer_id')
      .select([
        'b.id',
        'b.number',
        'b.status',
        'b.date',
        'b.slot',
        'b.requested_time',
        'b.event_starts_at',
        'b.adults',
        'b.children',
        'b.toddlers',
        'b.venue_zip',
        'b.venue_address',
        'cu.name as customer_name',
      ])
      .where('bc.chef_id', '=', chefId)
      .where('b.date', '>=', filter.from)
      .where('b.status', 'not in', INACTIVE_BOOKING_STATUSES)
      .orderBy('b.event_starts_at')
      .limit(filter.limit);
    if (filter.to) query = query.where('b.date', '<=', filter.to);
    return query.execute();
  }

  /** Per-slot lock rows in (date, slot) order: the capacity mutex of ADR 0002. */
  async lockSlots(keys: readonly SlotKey[]): Promise<void> {
    await claimSlots(this.db, keys);
  }

  /** Booking numbers that occupy a slot (active bookings), for conflict explanations. */
  async bookingNumbersInSlot(key: SlotKey): Promise<string[]> {
    const rows = await this.db
      .selectFrom('core.bookings')
      .select('number')
      .where('station_id', '=', key.stationId)
      .where('date', '=', key.date)
      .where('slot', '=', key.slot)
      .where('status', 'not in', INACTIVE_BOOKING_STATUSES)
      .orderBy('number')
      .execute();
    return rows.map((r) => r.number);
  }
}

export type ChefRow = NonNullable<Awaited<ReturnType<ChefsRepository['findById']>>>;
export type ChefListRow = Awaited<ReturnType<ChefsRepository['list']>>[number];
export type TimeOffRow = Awaited<ReturnType<ChefsRepository['listTimeOff']>>[number];
export type AssignmentRow = Awaited<ReturnType<ChefsRepository['listAssignments']>>[number];
