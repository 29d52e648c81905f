import { randomUUID } from 'node:crypto';
import { type Insertable } from 'kysely';
import { addDays } from '@teppan/core';
import type { CrmLeadEvents, CrmLeads } from '../generated/db.ts';
import {
  CUSTOMER_COUNT,
  LEAD_COUNT,
  HOUR_MS,
  MINUTE_MS,
  ZIPS,
  AREA_CODES,
  FIRST_NAMES,
  LAST_NAMES,
} from './catalogue.ts';
import { at } from './rows.ts';
import { type SeedContext } from './context.ts';
import { type DemoCustomer } from './customers.ts';

/** The demo leads on the board, each with its activity. */
export function buildLeads(
  ctx: SeedContext,
  input: {
    customers: readonly DemoCustomer[];
    completedCustomers: readonly number[];
    completedBookingIds: readonly string[];
    stationId: string;
  },
) {
  const { rng, nowMs, today, seal } = ctx;
  const { customers, completedCustomers, completedBookingIds, stationId } = input;
  const leadStatuses = rng.shuffle([
    ...Array<string>(10).fill('new'),
    ...Array<string>(10).fill('working'),
    ...Array<string>(8).fill('qualified'),
    ...Array<string>(7).fill('converted'),
    ...Array<string>(5).fill('lost'),
  ]);
  const leadSources: [string, number][] = [
    ['web', 30],
    ['chat', 25],
    ['sms', 10],
    ['phone', 15],
    ['referral', 10],
    ['slot_full', 10],
  ];
  // Each lead's activity (crm.lead_events): created, the moves that brought it to its
  // status, the summary note, and the booking a converted lead became.
  const leadEventRows: Insertable<CrmLeadEvents>[] = [];
  const leadNotes = [
    'Asked about a vegetarian option for 4 guests.',
    'Prefers a text after 5pm.',
    'Comparing with two other caterers; price sensitive.',
    'Backyard party, needs the 21:00 slot.',
  ];
  const leadRows: Insertable<CrmLeads>[] = leadStatuses
    .slice(0, LEAD_COUNT)
    .map((leadStatus, i) => {
      const source = rng.weighted(leadSources);
      const createdMs = nowMs - rng.int(1, 60 * 24) * 60 * MINUTE_MS;
      const eventDate = addDays(today, rng.int(7, 120));
      const zip = rng.weighted(ZIPS.map((z) => [z, z.weight] as const));
      const details: Record<string, unknown> = {
        eventDate,
        guests: rng.int(8, 45),
        zip: zip.zip,
        ...(source === 'slot_full'
          ? {
              date: eventDate,
              slot: rng.pick(['18:00', '21:00']),
              note: 'Tried to book a full slot.',
            }
          : {}),
        ...(source === 'referral' ? { referredBy: rng.pick(customers).name } : {}),
      };
      const score =
        leadStatus === 'converted'
          ? 100
          : leadStatus === 'qualified'
            ? rng.int(70, 95)
            : leadStatus === 'working'
              ? rng.int(50, 80)
              : leadStatus === 'lost'
                ? rng.int(5, 30)
                : rng.int(35, 70);
      const open = leadStatus === 'new' || leadStatus === 'working' || leadStatus === 'qualified';
      let name: string;
      let email: string;
      let phone: string;
      let customerId: string | null = null;
      const linked =
        leadStatus === 'converted'
          ? customers[completedCustomers[i % Math.max(1, completedCustomers.length)] ?? i]
          : undefined;
      const linkedBookingId =
        leadStatus === 'converted'
          ? (completedBookingIds[i % Math.max(1, completedBookingIds.length)] ?? null)
          : null;
      if (linked) {
        customerId = linked.id;
        name = linked.name;
        email = linked.email;
        phone = linked.phone;
      } else {
        const first = rng.pick(FIRST_NAMES);
        const last = rng.pick(LAST_NAMES);
        const n = CUSTOMER_COUNT + i + 1;
        const area = AREA_CODES[n % AREA_CODES.length] as string;
        name = `${first} ${last}`;
        email = `${first}.${last}.${n}@example.com`;
        phone = `(${area}) 555-01${String(n % 100).padStart(2, '0')}`;
      }
      const leadId = randomUUID();
      const lostReason =
        leadStatus === 'lost'
          ? rng.pick(['Went with a restaurant instead.', 'Over budget.', 'Date no longer works.'])
          : null;
      const summary = i % 4 === 1 ? (leadNotes[i % leadNotes.length] ?? null) : null;
      const moves: [string, string][] = {
        new: [],
        working: [['new', 'working']],
        qualified: [
          ['new', 'working'],
          ['working', 'qualified'],
        ],
        converted: [
          ['new', 'working'],
          ['working', 'qualified'],
          ['qualified', 'converted'],
        ],
        lost: [['new', 'lost']],
      }[leadStatus] as [string, string][];
      const eventAt = (step: number) => at(Math.min(nowMs, createdMs + step * 90 * MINUTE_MS));
      const sealedEmail = seal('email', email, 'crm.leads.email');
      const sealedPhone = seal('phone', phone, 'crm.leads.phone');
      leadEventRows.push({
        lead_id: leadId,
        type: 'created',
        data: JSON.stringify({ source, score }),
        actor: 'system',
        created_at: eventAt(0),
      });
      if (summary)
        leadEventRows.push({
          lead_id: leadId,
          type: 'note',
          data: JSON.stringify({ text: summary }),
          actor: 'system',
          created_at: eventAt(1),
        });
      moves.forEach(([from, to], step) => {
        leadEventRows.push({
          lead_id: leadId,
          type: to === 'converted' ? 'converted' : 'status_changed',
          data: JSON.stringify(
            to === 'converted'
              ? { via: 'link', bookingId: linkedBookingId }
              : { from, to, reason: to === 'lost' ? lostReason : null },
          ),
          actor: 'system',
          created_at: eventAt(step + 2),
        });
      });
      return {
        id: leadId,
        station_id: stationId,
        customer_id: customerId,
        booking_id: linkedBookingId,
        lost_reason: lostReason,
        source,
        status: leadStatus,
        score,
        name,
        email: sealedEmail.value,
        email_index: sealedEmail.index,
        phone: sealedPhone.value,
        phone_index: sealedPhone.index,
        details: JSON.stringify(details),
        notes: summary,
        // Some follow-ups are already overdue, as on a real board.
        next_follow_up_at: open ? at(nowMs + rng.int(-48, 120) * HOUR_MS) : null,
        created_at: at(createdMs),
        updated_at: at(Math.min(nowMs, createdMs + rng.int(0, 72) * HOUR_MS)),
      };
    });
  return { leadRows, leadEventRows };
}
