import { addDays, paymentTotals, utcToZoned, type PaymentAmount } from '@teppan/core';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { can, canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { DashboardRepository, type EventRow, type JsonBookingRow } from './dashboard.repository.ts';

/** SPEC §4: unassigned events this close alert staff. */
export const UNASSIGNED_ALERT_DAYS = 7;
export const NEW_LEAD_DAYS = 7;

/** A booking as a dashboard card lists it. */
export interface DashboardBooking {
  id: string;
  number: string;
  date: string;
  slot: string;
  time: string;
  startsAt: string;
  status: string;
  guests: number;
  customerName: string;
}

export interface DashboardEvent extends DashboardBooking {
  chefs: { id: string; name: string }[];
}

const iso = (value: string | Date): string => new Date(value).toISOString();

const toBookingItem = (row: JsonBookingRow | EventRow): DashboardBooking => ({
  id: row.id,
  number: row.number,
  date: row.date,
  slot: row.slot,
  time: row.requested_time ?? row.slot,
  startsAt: iso(row.event_starts_at),
  status: row.status,
  guests: row.guests,
  customerName: row.customer_name,
});

const toEvent = (row: EventRow): DashboardEvent => ({ ...toBookingItem(row), chefs: row.chefs });

/**
 * Money of the week's events: the deposits the business holds for them and what the
 * customers still owe (total minus what was paid toward it, never below zero per booking).
 */
function toWeekMoney(
  rows: readonly {
    booking_id: string;
    total_cents: number;
    kind: string | null;
    status: string | null;
    amount_cents: string | null;
  }[],
) {
  const bookings = new Map<string, { totalCents: number; payments: PaymentAmount[] }>();
  for (const row of rows) {
    const booking = bookings.get(row.booking_id) ?? { totalCents: row.total_cents, payments: [] };
    if (row.kind && row.status)
      booking.payments.push({
        kind: row.kind,
        status: row.status,
        amountCents: Number(row.amount_cents),
      });
    bookings.set(row.booking_id, booking);
  }
  let depositsReceivedCents = 0;
  let balanceOutstandingCents = 0;
  for (const booking of bookings.values()) {
    const totals = paymentTotals(booking.payments);
    depositsReceivedCents += totals.depositHeldCents;
    balanceOutstandingCents += Math.max(0, booking.totalCents - totals.paidTowardTotalCents);
  }
  return { depositsReceivedCents, balanceOutstandingCents };
}

/**
 * Today and this week at one station, in the station's time zone (weeks run Monday to
 * Sunday). What a staff member sees follows the permission matrix: a chef only the events
 * of the chef linked to their account, with no money, leads or messages.
 */
export class DashboardService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService; now: () => Date },
  ) {}

  private stationOf(staff: StaffPrincipal, stationId: string | undefined): string | undefined {
    if (stationId !== undefined) {
      if (!canSeeStation(staff, stationId))
        throw new AppError('FORBIDDEN', 'You do not have access to this station.');
      return stationId;
    }
    // Staff default to their first station; a super admin without one to the default station.
    return staff.stationIds[0];
  }

  async overview(staff: StaffPrincipal, query: { stationId?: string | undefined }) {
    const { station } = await this.deps.settings.getForStation(
      this.stationOf(staff, query.stationId),
    );
    if (!canSeeStation(staff, station.id))
      throw new AppError('FORBIDDEN', 'You do not have access to this station.');
    const now = this.deps.now();
    const local = utcToZoned({ instant: now, timeZone: station.timeZone });
    const today = local.date;
    const weekFrom = addDays(today, -((local.weekday + 6) % 7));
    const weekTo = addDays(weekFrom, 6);
    const unassignedTo = addDays(today, UNASSIGNED_ALERT_DAYS);
    const isChef = staff.role === 'chef';
    const canSeeMoney = can(staff.role, 'payments.read');
    const repo = new DashboardRepository(this.db);
    const stationId = station.id;

    const [events, depositsDue, unassigned, newLeads, messagesWaiting, money] = await Promise.all([
      repo.listEvents({
        stationId,
        from: weekFrom,
        to: weekTo,
        chefStaffId: isChef ? staff.id : null,
      }),
      canSeeMoney ? repo.depositsDue({ stationId, today, now }) : null,
      isChef ? null : repo.unassigned({ stationId, from: today, to: unassignedTo }),
      can(staff.role, 'leads.read')
        ? repo.newLeads({ stationId, since: new Date(now.getTime() - NEW_LEAD_DAYS * 86_400_000) })
        : null,
      can(staff.role, 'conversations.read') ? repo.messagesWaiting({ stationId }) : null,
      canSeeMoney
        ? repo.moneyRows({ stationId, from: weekFrom, to: weekTo }).then(toWeekMoney)
        : null,
    ]);

    const weekEvents = events.map(toEvent);
    const todayEvents = weekEvents.filter((event) => event.date === today);
    return {
      station: { id: station.id, name: station.name, timeZone: station.timeZone },
      generatedAt: now.toISOString(),
      /** What this view leaves out for the caller's role, so the UI can say so. */
      scope: { isOwnEventsOnly: isChef, canSeeMoney },
      today: { date: today, count: todayEvents.length, items: todayEvents },
      week: {
        from: weekFrom,
        to: weekTo,
        count: events[0]?.total ?? 0,
        items: weekEvents,
      },
      depositsDue: depositsDue && {
        bookings: {
          count: depositsDue.bookings.count,
          /** Of those, how many the customer says are paid (staff to confirm). */
          reportedCount: depositsDue.bookings.reportedCount,
          items: depositsDue.bookings.items.map((row) => ({
            ...toBookingItem(row),
            depositCents: row.deposit_cents,
            /** The deadline in force: pay by it, or (once reported) confirm by it. */
            deadline: row.deposit_due_at ? iso(row.deposit_due_at) : null,
            reported:
              row.deposit_reported_at && row.deposit_reported_reference
                ? {
                    at: iso(row.deposit_reported_at),
                    reference: row.deposit_reported_reference,
                    method: row.deposit_reported_method ?? 'zelle',
                  }
                : null,
          })),
        },
        holds: {
          count: depositsDue.holds.count,
          items: depositsDue.holds.items.map((row) => ({
            id: row.id,
            date: row.date,
            slot: row.slot,
            status: row.status,
            customerName: row.customer_name,
            deadline: iso(row.deadline),
            expiresAt: iso(row.expires_at),
          })),
        },
      },
      unassigned: unassigned && {
        from: today,
        to: unassignedTo,
        count: unassigned.count,
        items: unassigned.items.map(toBookingItem),
      },
      newLeads: newLeads && {
        since: new Date(now.getTime() - NEW_LEAD_DAYS * 86_400_000).toISOString(),
        count: newLeads.count,
        items: newLeads.items.map((row) => ({
          id: row.id,
          name: row.name,
          source: row.source,
          score: row.score,
          createdAt: iso(row.created_at),
          nextFollowUpAt: row.next_follow_up_at ? iso(row.next_follow_up_at) : null,
        })),
      },
      messagesWaiting: messagesWaiting && {
        count: messagesWaiting.count,
        items: messagesWaiting.items.map((row) => ({
          id: row.id,
          channel: row.channel,
          handoffReason: row.handoff_reason,
          handoffSummary: row.handoff_summary,
          updatedAt: iso(row.updated_at),
        })),
      },
      money: money && { weekFrom, weekTo, ...money },
    };
  }
}

export type DashboardView = Awaited<ReturnType<DashboardService['overview']>>;
