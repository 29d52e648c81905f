import type { FieldCrypto } from '@teppan/db/field-crypto';
import { contactIndex, PII_CONTEXT, staffSearchOf } from '@teppan/db/pii';
import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

const NO_STATION = '00000000-0000-0000-0000-000000000000';

export interface LeadListFilter {
  /** null = every station (super admin). */
  stations: readonly string[] | null;
  statuses?: readonly string[] | undefined;
  source?: string | undefined;
  /** A staff id, or 'none' for leads nobody owns. */
  owner?: string | undefined;
  query?: string | undefined;
  /** Keyset on (next follow-up, null last, id). */
  after?: { followUpAt: Date | null; id: string } | undefined;
  limit: number;
}

export interface LeadPatch {
  status?: string;
  score?: number;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  details?: unknown;
  notes?: string | null;
  nextFollowUpAt?: Date | null;
  ownerStaffId?: string | null;
  lostReason?: string | null;
  customerId?: string | null;
  bookingId?: string | null;
}

export interface NewLead {
  stationId: string | null;
  source: string;
  score: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  details: unknown;
  notes?: string | null;
  nextFollowUpAt?: Date | null;
  ownerStaffId?: string | null;
  customerId?: string | null;
  actor?: string;
}

/** What `crm.insert_lead` takes (migration 0029). */
export interface SealedLead {
  stationId: string | null;
  source: string;
  score: number;
  name: string | null;
  email: string | null;
  emailIndex: string | null;
  phone: string | null;
  phoneIndex: string | null;
  details: unknown;
  notes: string | null;
  nextFollowUpAt: string | null;
  ownerStaffId: string | null;
  customerId: string | null;
  actor: string;
}

export class LeadsRepository {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  /** Contact details as stored: encrypted, each with its blind index (ADR 0016). */
  private sealContact(patch: { email?: string | null; phone?: string | null }) {
    const { email, phone } = patch;
    return {
      ...(email !== undefined
        ? {
            email: email === null ? null : this.crypto.encrypt(email, PII_CONTEXT.leadEmail),
            email_index: email === null ? null : contactIndex(this.crypto, 'email', email),
          }
        : {}),
      ...(phone !== undefined
        ? {
            phone: phone === null ? null : this.crypto.encrypt(phone, PII_CONTEXT.leadPhone),
            phone_index: phone === null ? null : contactIndex(this.crypto, 'phone', phone),
          }
        : {}),
    };
  }

  private open<T extends { email: string | null; phone: string | null }>(row: T): T {
    return {
      ...row,
      email: this.crypto.decryptNullable(row.email, PII_CONTEXT.leadEmail),
      phone: this.crypto.decryptNullable(row.phone, PII_CONTEXT.leadPhone),
    };
  }

  /**
   * The row `crm.insert_lead` (migration 0029) writes: contact details encrypted, each with
   * its blind index (ADR 0016); the keys never reach the database.
   */
  sealedLead(row: NewLead): SealedLead {
    const email = row.email;
    const phone = row.phone;
    return {
      stationId: row.stationId,
      source: row.source,
      score: row.score,
      name: row.name,
      email: email === null ? null : this.crypto.encrypt(email, PII_CONTEXT.leadEmail),
      emailIndex: email === null ? null : contactIndex(this.crypto, 'email', email),
      phone: phone === null ? null : this.crypto.encrypt(phone, PII_CONTEXT.leadPhone),
      phoneIndex: phone === null ? null : contactIndex(this.crypto, 'phone', phone),
      details: row.details,
      notes: row.notes ?? null,
      nextFollowUpAt: row.nextFollowUpAt?.toISOString() ?? null,
      ownerStaffId: row.ownerStaffId ?? null,
      customerId: row.customerId ?? null,
      actor: row.actor ?? 'system',
    };
  }

  /**
   * A new lead and its `created` activity entry, in one statement (`crm.insert_lead`), so
   * also atomic for callers outside a transaction.
   */
  async insert(row: NewLead): Promise<{ id: string }> {
    const { rows } = await sql<{ id: string }>`
      select crm.insert_lead(${json(this.sealedLead(row))}::jsonb) as id`.execute(this.db);
    const lead = rows[0];
    if (!lead) throw new Error('crm.insert_lead returned nothing');
    return lead;
  }

  async listBySource(source: string) {
    const rows = await this.db
      .selectFrom('crm.leads')
      .selectAll()
      .where('source', '=', source)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => this.open(row));
  }

  private filtered(filter: Omit<LeadListFilter, 'statuses' | 'after' | 'limit'>) {
    let query = this.db.selectFrom('crm.leads as l');
    if (filter.stations)
      query = query.where(
        'l.station_id',
        'in',
        filter.stations.length ? filter.stations : [NO_STATION],
      );
    if (filter.source) query = query.where('l.source', '=', filter.source);
    if (filter.owner === 'none') query = query.where('l.owner_staff_id', 'is', null);
    else if (filter.owner) query = query.where('l.owner_staff_id', '=', filter.owner);
    const q = filter.query?.trim();
    if (q) {
      // The full email or phone (blind index), or else part of a name (trigram; ADR 0016).
      const search = staffSearchOf(this.crypto, q);
      if (search.emailIndex) query = query.where('l.email_index', '=', search.emailIndex);
      else if (search.phoneIndex) query = query.where('l.phone_index', '=', search.phoneIndex);
      else query = query.where('l.name', 'ilike', search.like ?? '');
    }
    return query;
  }

  /** Soonest follow-up first (leads without one last), then by id. */
  async list(filter: LeadListFilter) {
    let query = this.filtered(filter)
      .leftJoin('identity.staff as s', 's.id', 'l.owner_staff_id')
      .selectAll('l')
      .select('s.name as owner_name')
      .orderBy(sql`coalesce(l.next_follow_up_at, 'infinity'::timestamptz)`)
      .orderBy('l.id')
      .limit(filter.limit);
    if (filter.statuses?.length) query = query.where('l.status', 'in', filter.statuses);
    if (filter.after) {
      const at = filter.after.followUpAt?.toISOString() ?? 'infinity';
      query = query.where(
        sql<boolean>`(coalesce(l.next_follow_up_at, 'infinity'::timestamptz), l.id) > (${at}::timestamptz, ${filter.after.id}::uuid)`,
      );
    }
    return (await query.execute()).map((row) => this.open(row));
  }

  /** Leads per status under the same filters (status aside), for the board's column heads. */
  countByStatus(filter: Omit<LeadListFilter, 'statuses' | 'after' | 'limit'>) {
    return this.filtered(filter)
      .select(['l.status', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('l.status')
      .execute();
  }

  async find(id: string) {
    const row = await this.db
      .selectFrom('crm.leads as l')
      .leftJoin('identity.staff as s', 's.id', 'l.owner_staff_id')
      .leftJoin('core.bookings as b', 'b.id', 'l.booking_id')
      .selectAll('l')
      .select(['s.name as owner_name', 'b.number as booking_number', 'b.status as booking_status'])
      .where('l.id', '=', id)
      .executeTakeFirst();
    return row && this.open(row);
  }

  async findForUpdate(id: string) {
    const row = await this.db
      .selectFrom('crm.leads')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row && this.open(row);
  }

  /** Applies the patch only at `version`; null when someone else saved first. */
  async update(id: string, version: number, patch: LeadPatch) {
    const row = await this.db
      .updateTable('crm.leads')
      .set({
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.score !== undefined ? { score: patch.score } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...this.sealContact({ email: patch.email, phone: patch.phone }),
        ...(patch.details !== undefined ? { details: json(patch.details) } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        ...(patch.nextFollowUpAt !== undefined ? { next_follow_up_at: patch.nextFollowUpAt } : {}),
        ...(patch.ownerStaffId !== undefined ? { owner_staff_id: patch.ownerStaffId } : {}),
        ...(patch.lostReason !== undefined ? { lost_reason: patch.lostReason } : {}),
        ...(patch.customerId !== undefined ? { customer_id: patch.customerId } : {}),
        ...(patch.bookingId !== undefined ? { booking_id: patch.bookingId } : {}),
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
    return row && this.open(row);
  }

  async touch(id: string): Promise<void> {
    await this.db
      .updateTable('crm.leads')
      .set({ updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  async addEvent(row: { leadId: string; type: string; data: unknown; actor: string }) {
    await this.db
      .insertInto('crm.lead_events')
      .values({ lead_id: row.leadId, type: row.type, data: json(row.data), actor: row.actor })
      .execute();
  }

  listEvents(leadId: string) {
    return this.db
      .selectFrom('crm.lead_events as e')
      .leftJoin('identity.staff as s', (join) =>
        join.on(sql<boolean>`e.actor = 'staff:' || s.id::text`),
      )
      .select(['e.id', 'e.type', 'e.data', 'e.actor', 'e.created_at', 's.name as actor_name'])
      .where('e.lead_id', '=', leadId)
      .orderBy('e.id', 'desc')
      .execute();
  }

  /** Whether the staff member is active and works at the station (or is a super admin). */
  async isEligibleOwner(staffId: string, stationId: string | null): Promise<boolean> {
    const row = await this.db
      .selectFrom('identity.staff as s')
      .select(['s.role', 's.is_active'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('identity.staff_stations as ss')
              .select('ss.staff_id')
              .whereRef('ss.staff_id', '=', 's.id')
              .where('ss.station_id', '=', stationId ?? NO_STATION),
          )
          .as('at_station'),
      )
      .where('s.id', '=', staffId)
      .executeTakeFirst();
    if (!row?.is_active) return false;
    return row.role === 'super_admin' || row.at_station === true;
  }

  /** Staff who may own a lead of these stations, for the owner picker. */
  listEligibleOwners(stations: readonly string[] | null) {
    let query = this.db
      .selectFrom('identity.staff as s')
      .select(['s.id', 's.name', 's.role'])
      .where('s.is_active', '=', true)
      .where('s.role', '!=', 'chef')
      .orderBy('s.name');
    if (stations)
      query = query.where((eb) =>
        eb.or([
          eb('s.role', '=', 'super_admin'),
          eb.exists(
            eb
              .selectFrom('identity.staff_stations as ss')
              .select('ss.staff_id')
              .whereRef('ss.staff_id', '=', 's.id')
              .where('ss.station_id', 'in', stations.length ? stations : [NO_STATION]),
          ),
        ]),
      );
    return query.execute();
  }

  findBookingByNumber(number: string) {
    return this.db
      .selectFrom('core.bookings as b')
      .innerJoin('core.customers as c', 'c.id', 'b.customer_id')
      .select([
        'b.id',
        'b.number',
        'b.station_id',
        'b.status',
        'b.customer_id',
        'b.date',
        'c.name as customer_name',
        'c.email_index',
        'c.phone_index',
      ])
      .where('b.number', '=', number)
      .executeTakeFirst();
  }

  findLeadOfBooking(bookingId: string, exceptLeadId: string) {
    return this.db
      .selectFrom('crm.leads')
      .select(['id'])
      .where('booking_id', '=', bookingId)
      .where('id', '!=', exceptLeadId)
      .executeTakeFirst();
  }

  findHoldStatus(holdId: string) {
    return this.db
      .selectFrom('core.holds')
      .select(['id', 'status', 'booking_id', 'customer_id', 'expires_at'])
      .where('id', '=', holdId)
      .executeTakeFirst();
  }

  /**
   * The hold a staff member placed for a lead became a booking: every lead that waits on
   * that hold (details.holdId) turns converted, in the caller's transaction — even one moved
   * back to working or marked lost meanwhile, since the customer did book.
   */
  async convertByHold(input: { holdId: string; bookingId: string; actor: string }) {
    const converted = await this.db
      .updateTable('crm.leads')
      .set({
        status: 'converted',
        booking_id: input.bookingId,
        next_follow_up_at: null,
        lost_reason: null,
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('status', '!=', 'converted')
      .where(sql<string>`details->>'holdId'`, '=', input.holdId)
      .returning(['id', 'station_id'])
      .execute();
    for (const lead of converted)
      await this.addEvent({
        leadId: lead.id,
        type: 'converted',
        data: { via: 'hold', holdId: input.holdId, bookingId: input.bookingId },
        actor: input.actor,
      });
    return converted;
  }
}

export type LeadRow = NonNullable<Awaited<ReturnType<LeadsRepository['find']>>>;
export type LeadListRow = Awaited<ReturnType<LeadsRepository['list']>>[number];
