import { customerSchema, type QuoteRequest, type SlotTime } from '@teppan/core';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import { maskContact } from '@teppan/db/pii';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import type { HoldsService } from '../bookings/holds.service.ts';
import type { QuotesService } from '../quotes/quotes.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import {
  canMoveLead,
  isFollowUpOverdue,
  isLeadStatus,
  isOpenLead,
  leadStatuses,
  leadTransitions,
  type LeadStatus,
} from './lead-pipeline.ts';
import {
  LeadsRepository,
  type LeadListRow,
  type LeadPatch,
  type LeadRow,
} from './leads.repository.ts';

export interface LeadDetailsInput {
  eventDate?: string | null | undefined;
  guests?: number | null | undefined;
  zip?: string | null | undefined;
}

export interface LeadListQuery {
  status?: string[] | undefined;
  source?: string | undefined;
  owner?: string | undefined;
  q?: string | undefined;
  stationId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface LeadCreateInput {
  stationId: string;
  source: string;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  score?: number | undefined;
  details?: LeadDetailsInput | undefined;
  notes?: string | undefined;
  nextFollowUpAt?: string | null | undefined;
  ownerStaffId?: string | null | undefined;
}

export interface LeadUpdateInput {
  version: number;
  status?: LeadStatus | undefined;
  lostReason?: string | undefined;
  score?: number | undefined;
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  details?: LeadDetailsInput | undefined;
  notes?: string | null | undefined;
  nextFollowUpAt?: string | null | undefined;
  ownerStaffId?: string | null | undefined;
}

export type LeadConvertInput =
  | {
      mode: 'link';
      version: number;
      bookingNumber: string;
      confirmCustomerMismatch?: boolean | undefined;
    }
  | {
      mode: 'hold';
      version: number;
      date: string;
      slot: SlotTime;
      requestedTime?: string | undefined;
      party: Omit<QuoteRequest, 'stationId' | 'eventDate'>;
      customer?:
        | { name?: string | undefined; email?: string | undefined; phone?: string | undefined }
        | undefined;
    };

export interface LeadsDeps {
  now: () => Date;
  settings: SettingsService;
  quotes: QuotesService;
  holds: HoldsService;
  publicBaseUrl: string;
  /** Lead contact details are stored encrypted (ADR 0016). */
  fieldCrypto: FieldCrypto;
}

const actorOf = (staff: StaffPrincipal) => `staff:${staff.id}`;

function detailsOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * A tracked field's value as activity entries and the audit log keep it: an email or phone
 * masked, since those records are not encrypted (ADR 0016).
 */
function recorded(field: string, value: unknown): unknown {
  const plain = comparable(value);
  if (field === 'email' || field === 'phone')
    return maskContact(field, typeof plain === 'string' ? plain : null);
  return plain;
}

const followUpOf = (cursor: { value: Date | null; id: string }) => ({
  followUpAt: cursor.value,
  id: cursor.id,
});

/** Fields an edit may change, compared one by one for the activity entry and the audit. */
const TRACKED = [
  'status',
  'score',
  'name',
  'email',
  'phone',
  'details',
  'notes',
  'next_follow_up_at',
  'owner_staff_id',
  'lost_reason',
] as const;

type Tracked = (typeof TRACKED)[number];

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The leads pipeline (SPEC §12): board, detail with activity, manual leads, edits under an
 * optimistic lock, notes, and conversion to a booking. Every change writes a lead event and
 * an audit entry in the same transaction.
 */
export class LeadsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: LeadsDeps,
  ) {}

  /** A lead outside your stations (or without one, unless super admin) does not exist for you. */
  private isVisible(staff: StaffPrincipal, lead: { station_id: string | null }): boolean {
    return lead.station_id === null
      ? staff.role === 'super_admin'
      : canSeeStation(staff, lead.station_id);
  }

  private link(holdId: string): string {
    return `${this.deps.publicBaseUrl}/book/hold/${holdId}`;
  }

  private toView(row: LeadRow | (LeadListRow & { booking_number?: null; booking_status?: null })) {
    const details = detailsOf(row.details);
    return {
      id: row.id,
      stationId: row.station_id,
      customerId: row.customer_id,
      source: row.source,
      status: row.status,
      score: row.score,
      name: row.name,
      email: row.email,
      phone: row.phone,
      details,
      notes: row.notes,
      nextFollowUpAt: row.next_follow_up_at?.toISOString() ?? null,
      isOverdue: isFollowUpOverdue({
        status: row.status,
        nextFollowUpAt: row.next_follow_up_at,
        now: this.deps.now(),
      }),
      owner: row.owner_staff_id ? { id: row.owner_staff_id, name: row.owner_name } : null,
      lostReason: row.lost_reason,
      booking: row.booking_id
        ? {
            id: row.booking_id,
            number: row.booking_number ?? null,
            status: row.booking_status ?? null,
          }
        : null,
      holdId: typeof details.holdId === 'string' ? details.holdId : null,
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async list(staff: StaffPrincipal, query: LeadListQuery) {
    const unknown = query.status?.find((s) => !isLeadStatus(s));
    if (unknown) throw new AppError('VALIDATION_FAILED', `Unknown lead status "${unknown}".`);
    const stations = stationScopeOf(staff, query.stationId);
    const repo = new LeadsRepository(this.db, this.deps.fieldCrypto);
    const filter = { stations, source: query.source, owner: query.owner, query: query.q };
    const [rows, counts] = await Promise.all([
      repo.list({
        ...filter,
        statuses: query.status,
        after: query.cursor
          ? followUpOf(decodePageCursor(query.cursor, 'nullableDate'))
          : undefined,
        limit: query.limit + 1,
      }),
      repo.countByStatus(filter),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => this.toView(row)),
      counts: Object.fromEntries(
        leadStatuses.map((status) => [
          status,
          Number(counts.find((c) => c.status === status)?.count ?? 0),
        ]),
      ) as Record<LeadStatus, number>,
      nextCursor:
        rows.length > query.limit && last
          ? encodePageCursor(last.next_follow_up_at, last.id)
          : null,
    };
  }

  async owners(staff: StaffPrincipal) {
    const rows = await new LeadsRepository(this.db, this.deps.fieldCrypto).listEligibleOwners(
      stationScopeOf(staff),
    );
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role }));
  }

  private async detailIn(
    executor: Kysely<DB> | Transaction<DB>,
    staff: StaffPrincipal,
    id: string,
  ) {
    const repo = new LeadsRepository(executor, this.deps.fieldCrypto);
    const row = await repo.find(id);
    if (!row || !this.isVisible(staff, row)) throw new AppError('LEAD_NOT_FOUND');
    const view = this.toView(row);
    const [events, hold] = await Promise.all([
      repo.listEvents(id),
      view.holdId ? repo.findHoldStatus(view.holdId) : Promise.resolve(undefined),
    ]);
    return {
      ...view,
      allowedMoves: leadTransitions[isLeadStatus(row.status) ? row.status : 'converted'],
      hold: hold
        ? {
            id: hold.id,
            status: hold.status,
            bookingId: hold.booking_id,
            expiresAt: hold.expires_at.toISOString(),
            link: this.link(hold.id),
          }
        : null,
      activity: events.map((e) => ({
        id: Number(e.id),
        type: e.type,
        data: e.data,
        actor: e.actor,
        actorName: e.actor_name,
        at: e.created_at.toISOString(),
      })),
    };
  }

  detail(staff: StaffPrincipal, id: string) {
    return this.detailIn(this.db, staff, id);
  }

  private async assertOwner(
    repo: LeadsRepository,
    ownerStaffId: string | null | undefined,
    stationId: string | null,
  ) {
    if (!ownerStaffId) return;
    if (!(await repo.isEligibleOwner(ownerStaffId, stationId)))
      throw new AppError('LEAD_OWNER_INVALID');
  }

  async create(staff: StaffPrincipal, input: LeadCreateInput, ctx: StaffRequestContext) {
    if (!canSeeStation(staff, input.stationId))
      throw new AppError('FORBIDDEN', 'You do not have access to this station.');
    await this.deps.settings.getForStation(input.stationId);
    if (!input.email && !input.phone) throw new AppError('LEAD_CONTACT_REQUIRED');
    const id = await this.db.transaction().execute(async (trx) => {
      const repo = new LeadsRepository(trx, this.deps.fieldCrypto);
      await this.assertOwner(repo, input.ownerStaffId, input.stationId);
      const details = Object.fromEntries(
        Object.entries(input.details ?? {}).filter(([, v]) => v !== undefined && v !== null),
      );
      const lead = await repo.insert({
        stationId: input.stationId,
        source: input.source,
        score: input.score ?? 50,
        name: input.name ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        details,
        notes: input.notes ?? null,
        nextFollowUpAt: input.nextFollowUpAt ? new Date(input.nextFollowUpAt) : null,
        ownerStaffId: input.ownerStaffId ?? null,
        customerId: input.email
          ? await new CustomersRepository(trx, this.deps.fieldCrypto).findIdByEmail(input.email)
          : null,
        actor: actorOf(staff),
      });
      await new AuditRepository(trx).record({
        actor: actorOf(staff),
        action: 'lead.create',
        entity: 'lead',
        entityId: lead.id,
        stationId: input.stationId,
        after: {
          ...input,
          email: recorded('email', input.email),
          phone: recorded('phone', input.phone),
          details,
        },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      return lead.id;
    });
    return this.detail(staff, id);
  }

  /** Locks the lead, checks you may see it and that `version` is current. */
  private async lockForChange(
    trx: Transaction<DB>,
    staff: StaffPrincipal,
    id: string,
    version: number,
  ) {
    const repo = new LeadsRepository(trx, this.deps.fieldCrypto);
    const lead = await repo.findForUpdate(id);
    if (!lead || !this.isVisible(staff, lead)) throw new AppError('LEAD_NOT_FOUND');
    if (lead.version !== version)
      throw new AppError('LEAD_VERSION_CONFLICT', undefined, {
        current: await this.detailIn(trx, staff, id),
      });
    return lead;
  }

  async update(
    staff: StaffPrincipal,
    id: string,
    input: LeadUpdateInput,
    ctx: StaffRequestContext,
  ) {
    await this.db.transaction().execute(async (trx) => {
      const repo = new LeadsRepository(trx, this.deps.fieldCrypto);
      const lead = await this.lockForChange(trx, staff, id, input.version);
      const patch: LeadPatch = {};
      if (input.status !== undefined && input.status !== lead.status) {
        if (input.status === 'converted')
          throw new AppError(
            'LEAD_TRANSITION_INVALID',
            'A lead becomes converted with a booking: use Convert.',
          );
        if (!canMoveLead(lead.status, input.status))
          throw new AppError(
            'LEAD_TRANSITION_INVALID',
            `A ${lead.status} lead cannot move to ${input.status}.`,
            {
              from: lead.status,
              to: input.status,
              allowed: leadTransitions[lead.status as LeadStatus] ?? [],
            },
          );
        patch.status = input.status;
        if (input.status === 'lost') {
          const reason = input.lostReason?.trim();
          if (!reason) throw new AppError('LEAD_LOST_REASON_REQUIRED');
          patch.lostReason = reason;
          patch.nextFollowUpAt = null;
        } else if (lead.status === 'lost') patch.lostReason = null;
      } else if (input.lostReason !== undefined && lead.status === 'lost') {
        const reason = input.lostReason.trim();
        if (!reason) throw new AppError('LEAD_LOST_REASON_REQUIRED');
        patch.lostReason = reason;
      }
      if (input.score !== undefined) patch.score = input.score;
      if (input.name !== undefined) patch.name = input.name;
      if (input.email !== undefined) patch.email = input.email;
      if (input.phone !== undefined) patch.phone = input.phone;
      if (input.notes !== undefined) patch.notes = input.notes;
      if (input.nextFollowUpAt !== undefined && patch.nextFollowUpAt === undefined)
        patch.nextFollowUpAt = input.nextFollowUpAt ? new Date(input.nextFollowUpAt) : null;
      if (input.ownerStaffId !== undefined) {
        await this.assertOwner(repo, input.ownerStaffId, lead.station_id);
        patch.ownerStaffId = input.ownerStaffId;
      }
      if (input.details !== undefined) {
        const merged = { ...detailsOf(lead.details) };
        for (const [key, value] of Object.entries(input.details)) {
          if (value === undefined) continue;
          if (value === null) delete merged[key];
          else merged[key] = value;
        }
        patch.details = merged;
      }
      const email = patch.email !== undefined ? patch.email : lead.email;
      const phone = patch.phone !== undefined ? patch.phone : lead.phone;
      if (!email && !phone) throw new AppError('LEAD_CONTACT_REQUIRED');

      const after: Record<string, unknown> = {
        status: patch.status,
        score: patch.score,
        name: patch.name,
        email: patch.email,
        phone: patch.phone,
        details: patch.details,
        notes: patch.notes,
        next_follow_up_at: patch.nextFollowUpAt,
        owner_staff_id: patch.ownerStaffId,
        lost_reason: patch.lostReason,
      } satisfies Record<Tracked, unknown>;
      const changed = TRACKED.filter(
        (field) =>
          after[field] !== undefined &&
          JSON.stringify(comparable(after[field])) !== JSON.stringify(comparable(lead[field])),
      );
      if (changed.length === 0) return;
      const updated = await repo.update(id, input.version, patch);
      if (!updated)
        throw new AppError('LEAD_VERSION_CONFLICT', undefined, {
          current: await this.detailIn(trx, staff, id),
        });
      const actor = actorOf(staff);
      if (changed.includes('status'))
        await repo.addEvent({
          leadId: id,
          type: 'status_changed',
          data: { from: lead.status, to: updated.status, reason: patch.lostReason ?? null },
          actor,
        });
      const others = changed.filter((f) => f !== 'status' && f !== 'lost_reason');
      if (others.length)
        await repo.addEvent({
          leadId: id,
          type: 'updated',
          data: {
            changes: Object.fromEntries(
              others.map((f) => [f, { from: recorded(f, lead[f]), to: recorded(f, updated[f]) }]),
            ),
          },
          actor,
        });
      await new AuditRepository(trx).record({
        actor,
        action: 'lead.update',
        entity: 'lead',
        entityId: id,
        stationId: lead.station_id,
        before: {
          ...Object.fromEntries(changed.map((f) => [f, recorded(f, lead[f])])),
          version: lead.version,
        },
        after: {
          ...Object.fromEntries(changed.map((f) => [f, recorded(f, updated[f])])),
          version: updated.version,
        },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
    });
    return this.detail(staff, id);
  }

  async addNote(staff: StaffPrincipal, id: string, text: string, ctx: StaffRequestContext) {
    await this.db.transaction().execute(async (trx) => {
      const repo = new LeadsRepository(trx, this.deps.fieldCrypto);
      const lead = await repo.findForUpdate(id);
      if (!lead || !this.isVisible(staff, lead)) throw new AppError('LEAD_NOT_FOUND');
      await repo.addEvent({ leadId: id, type: 'note', data: { text }, actor: actorOf(staff) });
      await repo.touch(id);
      await new AuditRepository(trx).record({
        actor: actorOf(staff),
        action: 'lead.note',
        entity: 'lead',
        entityId: id,
        stationId: lead.station_id,
        after: { text },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
    });
    return this.detail(staff, id);
  }

  async convert(
    staff: StaffPrincipal,
    id: string,
    input: LeadConvertInput,
    ctx: StaffRequestContext,
  ) {
    const lead = await new LeadsRepository(this.db, this.deps.fieldCrypto).find(id);
    if (!lead || !this.isVisible(staff, lead)) throw new AppError('LEAD_NOT_FOUND');
    if (lead.version !== input.version)
      throw new AppError('LEAD_VERSION_CONFLICT', undefined, {
        current: await this.detail(staff, id),
      });
    if (lead.status === 'converted') throw new AppError('LEAD_ALREADY_CONVERTED');
    if (!isOpenLead(lead.status))
      throw new AppError('LEAD_TRANSITION_INVALID', 'Reopen a lost lead before converting it.');
    switch (input.mode) {
      case 'link':
        return { lead: await this.linkBooking(staff, lead, input, ctx), hold: null };
      case 'hold':
        return this.holdForLead(staff, lead, input, ctx);
    }
  }

  private async linkBooking(
    staff: StaffPrincipal,
    lead: LeadRow,
    input: Extract<LeadConvertInput, { mode: 'link' }>,
    ctx: StaffRequestContext,
  ) {
    const raw = input.bookingNumber.trim().toUpperCase();
    const number = /^\d+$/.test(raw) ? `TP-${raw}` : raw.replace(/^TP-?/, 'TP-');
    const repo = new LeadsRepository(this.db, this.deps.fieldCrypto);
    const booking = await repo.findBookingByNumber(number);
    if (!booking || !canSeeStation(staff, booking.station_id))
      throw new AppError('BOOKING_NOT_FOUND', `No booking ${number} in your stations.`);
    if (booking.station_id !== lead.station_id) throw new AppError('LEAD_BOOKING_STATION_MISMATCH');
    if (booking.status === 'cancelled') throw new AppError('LEAD_BOOKING_CANCELLED');
    if (await repo.findLeadOfBooking(booking.id, lead.id))
      throw new AppError('LEAD_BOOKING_ALREADY_LINKED');
    // Same person: linked already, or the same email or phone (blind indexes, ADR 0016).
    const isSameCustomer =
      lead.customer_id === booking.customer_id ||
      (lead.email_index !== null && lead.email_index === booking.email_index) ||
      (lead.phone_index !== null && lead.phone_index === booking.phone_index);
    if (!isSameCustomer && input.confirmCustomerMismatch !== true)
      throw new AppError('LEAD_CUSTOMER_MISMATCH', undefined, {
        booking: {
          number: booking.number,
          customerName: booking.customer_name,
          date: booking.date,
        },
      });
    await this.db.transaction().execute(async (trx) => {
      const locked = await this.lockForChange(trx, staff, lead.id, input.version);
      if (!isOpenLead(locked.status)) throw new AppError('LEAD_ALREADY_CONVERTED');
      const trxRepo = new LeadsRepository(trx, this.deps.fieldCrypto);
      const updated = await trxRepo.update(lead.id, input.version, {
        status: 'converted',
        bookingId: booking.id,
        customerId: booking.customer_id,
        nextFollowUpAt: null,
        lostReason: null,
      });
      if (!updated) throw new AppError('LEAD_VERSION_CONFLICT');
      const actor = actorOf(staff);
      await trxRepo.addEvent({
        leadId: lead.id,
        type: 'converted',
        data: {
          via: 'link',
          bookingId: booking.id,
          number: booking.number,
          customerMismatchConfirmed: !isSameCustomer,
        },
        actor,
      });
      await new AuditRepository(trx).record({
        actor,
        action: 'lead.convert',
        entity: 'lead',
        entityId: lead.id,
        stationId: lead.station_id,
        before: { status: locked.status, booking_id: locked.booking_id, version: locked.version },
        after: {
          status: updated.status,
          booking_id: booking.id,
          bookingNumber: booking.number,
          customerMismatchConfirmed: !isSameCustomer,
          version: updated.version,
        },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
    });
    return this.detail(staff, lead.id);
  }

  /**
   * The assistant's "hold a date" path (quote → hold, source channel 'staff'): the customer
   * finishes checkout from the link; the lead turns qualified now and converted when that
   * hold becomes a booking (HoldsService.deposit).
   */
  private async holdForLead(
    staff: StaffPrincipal,
    lead: LeadRow,
    input: Extract<LeadConvertInput, { mode: 'hold' }>,
    ctx: StaffRequestContext,
  ) {
    if (!lead.station_id) throw new AppError('STATION_NOT_FOUND', 'This lead has no station.');
    const repo = new LeadsRepository(this.db, this.deps.fieldCrypto);
    const previousHoldId = detailsOf(lead.details).holdId;
    if (typeof previousHoldId === 'string') {
      const previous = await repo.findHoldStatus(previousHoldId);
      if (
        previous &&
        (previous.status === 'awaiting_signature' || previous.status === 'awaiting_deposit') &&
        previous.expires_at.getTime() > this.deps.now().getTime()
      )
        throw new AppError('LEAD_HOLD_ACTIVE', undefined, {
          holdId: previous.id,
          link: this.link(previous.id),
        });
    }
    const customer = customerSchema.safeParse({
      name: input.customer?.name ?? lead.name ?? undefined,
      email: input.customer?.email ?? lead.email ?? undefined,
      phone: input.customer?.phone ?? lead.phone ?? undefined,
    });
    if (!customer.success)
      throw new AppError(
        'VALIDATION_FAILED',
        'A hold needs the customer’s name, email and a 10-digit phone number.',
        {
          issues: customer.error.issues.map((i) => ({
            path: i.path.join('.'),
            message: i.message,
          })),
        },
      );
    const quote = await this.deps.quotes.create({
      ...input.party,
      stationId: lead.station_id,
      eventDate: input.date,
    });
    const { hold } = await this.deps.holds.create(
      {
        quoteId: quote.id,
        date: input.date,
        slot: input.slot,
        ...(input.requestedTime ? { requestedTime: input.requestedTime } : {}),
        customer: customer.data,
      },
      { channel: 'staff', ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId },
    );
    try {
      await this.db.transaction().execute(async (trx) => {
        const locked = await this.lockForChange(trx, staff, lead.id, input.version);
        if (!isOpenLead(locked.status)) throw new AppError('LEAD_ALREADY_CONVERTED');
        const trxRepo = new LeadsRepository(trx, this.deps.fieldCrypto);
        const holdRow = await trxRepo.findHoldStatus(hold.id);
        const updated = await trxRepo.update(lead.id, input.version, {
          status: 'qualified',
          customerId: holdRow?.customer_id ?? locked.customer_id,
          details: {
            ...detailsOf(locked.details),
            holdId: hold.id,
            quoteNumber: quote.number,
            eventDate: input.date,
            slot: input.slot,
            guests: quote.adults + quote.children + quote.toddlers,
            zip: quote.venue.zip,
          },
        });
        if (!updated) throw new AppError('LEAD_VERSION_CONFLICT');
        const actor = actorOf(staff);
        if (locked.status !== 'qualified')
          await trxRepo.addEvent({
            leadId: lead.id,
            type: 'status_changed',
            data: { from: locked.status, to: 'qualified', reason: null },
            actor,
          });
        const data = {
          holdId: hold.id,
          quoteNumber: quote.number,
          date: input.date,
          slot: input.slot,
          totalCents: quote.totalCents,
          depositCents: quote.depositCents,
          link: this.link(hold.id),
        };
        await trxRepo.addEvent({ leadId: lead.id, type: 'hold_created', data, actor });
        await new AuditRepository(trx).record({
          actor,
          action: 'lead.convert.hold',
          entity: 'lead',
          entityId: lead.id,
          stationId: lead.station_id,
          before: { status: locked.status, version: locked.version },
          after: { status: updated.status, version: updated.version, ...data },
          ip: ctx.ip,
          requestId: ctx.requestId,
        });
      });
    } catch (error) {
      // Someone saved the lead meanwhile: give the place back rather than leave a stray hold.
      await this.deps.holds.release(hold.id).catch(() => undefined);
      throw error;
    }
    return {
      lead: await this.detail(staff, lead.id),
      hold: {
        id: hold.id,
        status: hold.status,
        quoteNumber: quote.number,
        date: hold.date,
        slot: hold.slot,
        totalCents: hold.totalCents,
        depositCents: hold.depositCents,
        expiresAt: hold.expiresAt,
        link: this.link(hold.id),
      },
    };
  }
}
