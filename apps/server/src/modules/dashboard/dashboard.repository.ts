import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

/** How many rows each dashboard card lists; the count is always the full number. */
export const DASHBOARD_LIST_LIMIT = 20;
/** A week of events is bounded by capacity; this only guards against a runaway page. */
export const DASHBOARD_EVENTS_LIMIT = 500;

/** A booking as the cards' JSON queries return it (timestamps as strings). */
export interface JsonBookingRow {
  id: string;
  number: string;
  date: string;
  slot: string;
  requested_time: string | null;
  event_starts_at: string;
  status: string;
  guests: number;
  customer_name: string;
}

export interface EventRow extends Omit<JsonBookingRow, 'event_starts_at'> {
  event_starts_at: Date;
  chefs: { id: string; name: string }[];
  total: number;
}

export interface DepositBookingRow extends JsonBookingRow {
  deposit_cents: number;
  /** JSON: the deadline in force (deposit, then staff confirmation), or null. */
  deposit_due_at: string | null;
  deposit_reported_at: string | null;
  deposit_reported_reference: string | null;
  deposit_reported_method: string | null;
}

export interface DepositHoldRow {
  id: string;
  date: string;
  slot: string;
  status: string;
  customer_name: string;
  deadline: string;
  expires_at: string;
}

export interface LeadRow {
  id: string;
  name: string | null;
  source: string;
  score: number;
  created_at: string;
  next_follow_up_at: string | null;
}

export interface ConversationRow {
  id: string;
  channel: string;
  handoff_reason: string | null;
  handoff_summary: string | null;
  updated_at: string;
}

export interface Counted<T> {
  count: number;
  items: T[];
}

/**
 * The dashboard's blocks, each one round trip on indexed predicates (station + status or
 * date). Every query is limited to one station; the service decides who sees which block.
 */
export class DashboardRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Events (not cancelled) of a date range, soonest first, with their assigned chefs.
   * `chefStaffId`: only events with the chef linked to that staff account (a chef's view).
   */
  async listEvents(options: {
    stationId: string;
    from: string;
    to: string;
    chefStaffId: string | null;
  }): Promise<EventRow[]> {
    const { stationId, from, to, chefStaffId } = options;
    const onlyChef = chefStaffId
      ? sql`and exists (
          select 1 from ops.booking_chefs bc join ops.chefs ch on ch.id = bc.chef_id
           where bc.booking_id = b.id and ch.staff_id = ${chefStaffId})`
      : sql``;
    const { rows } = await sql<EventRow>`
      select b.id, b.number, b.date, b.slot, b.requested_time, b.event_starts_at, b.status,
             (b.adults + b.children + b.toddlers)::int as guests,
             c.name as customer_name,
             coalesce((
               select json_agg(json_build_object('id', ch.id, 'name', ch.name) order by ch.name)
                 from ops.booking_chefs bc join ops.chefs ch on ch.id = bc.chef_id
                where bc.booking_id = b.id), '[]'::json) as chefs,
             count(*) over ()::int as total
        from core.bookings b
        join core.customers c on c.id = b.customer_id
       where b.station_id = ${stationId}
         and b.date between ${from}::date and ${to}::date
         and b.status <> 'cancelled'
         ${onlyChef}
       order by b.event_starts_at, b.number
       limit ${DASHBOARD_EVENTS_LIMIT}`.execute(this.db);
    return rows;
  }

  /**
   * Bookings waiting for their deposit (event not past), soonest deadline first, and holds
   * still running. `reported_count`: those whose customer says the deposit is sent (staff
   * must confirm before the deadline).
   */
  async depositsDue(options: { stationId: string; today: string; now: Date }): Promise<{
    bookings: Counted<DepositBookingRow> & { reportedCount: number };
    holds: Counted<DepositHoldRow>;
  }> {
    const { stationId, today, now } = options;
    const { rows } = await sql<{
      booking_count: number;
      reported_count: number;
      bookings: DepositBookingRow[];
      hold_count: number;
      holds: DepositHoldRow[];
    }>`
      with due as (
        select b.id, b.number, b.date, b.slot, b.requested_time, b.event_starts_at, b.status,
               (b.adults + b.children + b.toddlers)::int as guests, b.customer_id,
               b.deposit_cents, b.deposit_due_at, b.deposit_reported_at,
               b.deposit_reported_reference, b.deposit_reported_method
          from core.bookings b
         where b.station_id = ${stationId} and b.status = 'pending_deposit'
           and b.date >= ${today}::date
           and b.event_starts_at >= ${today}::date - interval '1 day'
      ), due_page as (
        select p.id, p.number, p.date, p.slot, p.requested_time, p.event_starts_at, p.status,
               p.guests, c.name as customer_name, p.deposit_cents, p.deposit_due_at,
               p.deposit_reported_at, p.deposit_reported_reference, p.deposit_reported_method
          from (select * from due
                 order by deposit_due_at nulls last, event_starts_at
                 limit ${DASHBOARD_LIST_LIMIT}) p
          join core.customers c on c.id = p.customer_id
      ), held as (
        select h.id, h.date, h.slot, h.status, h.customer_id,
               case h.status when 'awaiting_signature' then h.sign_deadline
                             else coalesce(h.deposit_deadline, h.expires_at) end as deadline,
               h.expires_at
          from core.holds h
         where h.station_id = ${stationId}
           and h.status in ('awaiting_signature', 'awaiting_deposit')
           and h.expires_at > ${now}
      ), held_page as (
        -- Customer names for the listed holds only, not for every running hold counted.
        select p.id, p.date, p.slot, p.status, c.name as customer_name, p.deadline, p.expires_at
          from (select * from held order by deadline limit ${DASHBOARD_LIST_LIMIT}) p
          join core.customers c on c.id = p.customer_id
      )
      select
        (select count(*)::int from due) as booking_count,
        (select count(*)::int from due where deposit_reported_at is not null) as reported_count,
        (select coalesce(json_agg(d order by d.deposit_due_at nulls last, d.event_starts_at), '[]'::json)
           from due_page d) as bookings,
        (select count(*)::int from held) as hold_count,
        (select coalesce(json_agg(x order by x.deadline), '[]'::json) from held_page x) as holds`.execute(
      this.db,
    );
    const row = rows[0];
    return {
      bookings: {
        count: row?.booking_count ?? 0,
        reportedCount: row?.reported_count ?? 0,
        items: row?.bookings ?? [],
      },
      holds: { count: row?.hold_count ?? 0, items: row?.holds ?? [] },
    };
  }

  /** Upcoming events with no chef in ops.booking_chefs (SPEC §4: they alert staff). */
  async unassigned(options: {
    stationId: string;
    from: string;
    to: string;
  }): Promise<Counted<JsonBookingRow>> {
    const { stationId, from, to } = options;
    const { rows } = await sql<{ count: number; items: JsonBookingRow[] }>`
      with u as (
        select b.id, b.number, b.date, b.slot, b.requested_time, b.event_starts_at, b.status,
               (b.adults + b.children + b.toddlers)::int as guests, c.name as customer_name
          from core.bookings b
          join core.customers c on c.id = b.customer_id
         where b.station_id = ${stationId}
           and b.date between ${from}::date and ${to}::date
           and b.status not in ('cancelled', 'completed', 'no_show')
           and not exists (select 1 from ops.booking_chefs bc where bc.booking_id = b.id)
      )
      select (select count(*)::int from u) as count,
             (select coalesce(json_agg(x order by x.event_starts_at), '[]'::json)
                from (select * from u order by event_starts_at limit ${DASHBOARD_LIST_LIMIT}) x) as items`.execute(
      this.db,
    );
    return { count: rows[0]?.count ?? 0, items: rows[0]?.items ?? [] };
  }

  /** Leads still in 'new' that arrived since `since`, newest first. */
  async newLeads(options: { stationId: string; since: Date }): Promise<Counted<LeadRow>> {
    const { rows } = await sql<{ count: number; items: LeadRow[] }>`
      with l as (
        select id, name, source, score, created_at, next_follow_up_at
          from crm.leads
         where station_id = ${options.stationId} and status = 'new'
           and created_at >= ${options.since}
      )
      select (select count(*)::int from l) as count,
             (select coalesce(json_agg(x order by x.created_at desc), '[]'::json)
                from (select * from l order by created_at desc limit ${DASHBOARD_LIST_LIMIT}) x) as items`.execute(
      this.db,
    );
    return { count: rows[0]?.count ?? 0, items: rows[0]?.items ?? [] };
  }

  /**
   * Conversations handed to staff. Conversations not yet tied to a station (a web chat
   * before the visitor gave a ZIP) wait for every station, as in the inbox.
   */
  async messagesWaiting(options: { stationId: string }): Promise<Counted<ConversationRow>> {
    const { rows } = await sql<{ count: number; items: ConversationRow[] }>`
      with w as (
        select id, channel, handoff_reason, handoff_summary, updated_at
          from ai.conversations
         where status = 'handoff'
           -- A conversation without a station is for super admins' inbox only (ADR 0019).
           and station_id = ${options.stationId}
      )
      select (select count(*)::int from w) as count,
             (select coalesce(json_agg(x order by x.updated_at desc), '[]'::json)
                from (select * from w order by updated_at desc limit ${DASHBOARD_LIST_LIMIT}) x) as items`.execute(
      this.db,
    );
    return { count: rows[0]?.count ?? 0, items: rows[0]?.items ?? [] };
  }

  /**
   * Payment sums per booking, kind and status of the events in a date range (not
   * cancelled), with each booking's total; the service applies the one rule of paid and
   * owed money (@teppan/core payment-totals).
   */
  async moneyRows(options: { stationId: string; from: string; to: string }) {
    const { rows } = await sql<{
      booking_id: string;
      total_cents: number;
      kind: string | null;
      status: string | null;
      amount_cents: string | null;
    }>`
      select b.id as booking_id, b.total_cents, p.kind, p.status,
             sum(p.amount_cents) as amount_cents
        from core.bookings b
        left join core.payments p on p.booking_id = b.id
       where b.station_id = ${options.stationId}
         and b.date between ${options.from}::date and ${options.to}::date
         and b.status <> 'cancelled'
       group by b.id, b.total_cents, p.kind, p.status`.execute(this.db);
    return rows;
  }
}
