import type { LeadStatus } from '@teppan/core';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { decodePageCursor, encodePageCursor } from '../../lib/page-cursor.ts';
import { stationScopeOf } from '../staff/station-scope.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import { actorOf, changedFields, detailsOf, planLeadUpdate, recorded } from './lead-changes.ts';
import { LeadConversion } from './lead-conversion.ts';
import type {
  LeadConvertInput,
  LeadCreateInput,
  LeadListQuery,
  LeadsDeps,
  LeadUpdateInput,
} from './lead-inputs.ts';
import {
  isFollowUpOverdue,
  isLeadStatus,
  isOpenLead,
  leadStatuses,
  leadTransitions,
} from './lead-pipeline.ts';
import { LeadsRepository, type LeadListRow, type LeadRow } from './leads.repository.ts';

// The inputs moved to lead-inputs.ts; this module still exports them for existing imports.
export type {
  LeadConvertInput,
  LeadCreateInput,
  LeadDetailsInput,
  LeadListQuery,
  LeadsDeps,
  LeadUpdateInput,
} from './lead-inputs.ts';

const followUpOf = (cursor: { value: Date | null; id: string }) => ({
  followUpAt: cursor.value,
  id: cursor.id,
});

/**
 * The leads pipeline (SPEC §12): board, detail with activity, manual leads, edits under an
 * optimistic lock, notes, and conversion to a booking. Every change writes a lead event and
 * an audit entry in the same transaction.
 */
export class LeadsService {
  private readonly conversion: LeadConversion;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: LeadsDeps,
  ) {
    this.conversion = new LeadConversion(db, deps, {
      lockForChange: (trx, staff, id, version) => this.lockForChange(trx, staff, id, version),
      detail: (staff, id) => this.detail(staff, id),
      link: (holdId) => this.link(holdId),
    });
  }

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
      const patch = await planLeadUpdate(lead, input, {
        assertOwner: (ownerStaffId, stationId) => this.assertOwner(repo, ownerStaffId, stationId),
      });
      const changed = changedFields(lead, patch);
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
        return { lead: await this.conversion.linkBooking(staff, lead, input, ctx), hold: null };
      case 'hold':
        return this.conversion.holdForLead(staff, lead, input, ctx);
    }
  }
}
