import type { LeadStatus } from '@teppan/core';
import { maskContact } from '@teppan/db/pii';
import { AppError } from '../../errors.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { canMoveLead, leadTransitions } from './lead-pipeline.ts';
import type { LeadUpdateInput } from './lead-inputs.ts';
import type { LeadsRepository, LeadPatch } from './leads.repository.ts';

/** A lead as it is locked for a change (the stored columns, without joined names). */
export type LockedLead = NonNullable<Awaited<ReturnType<LeadsRepository['findForUpdate']>>>;

/*
 * What an edit of a lead changes, and how the change is recorded: the rules of the pipeline
 * applied to one edit, the fields compared for the activity entry and the audit, and the
 * masking of contact details in those records (ADR 0016).
 */

export const actorOf = (staff: StaffPrincipal) => `staff:${staff.id}`;

export function detailsOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * A tracked field's value as activity entries and the audit log keep it: an email or phone
 * masked, since those records are not encrypted (ADR 0016).
 */
export function recorded(field: string, value: unknown): unknown {
  const plain = comparable(value);
  if (field === 'email' || field === 'phone')
    return maskContact(field, typeof plain === 'string' ? plain : null);
  return plain;
}

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

export type Tracked = (typeof TRACKED)[number];

export function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The patch one edit makes, checked against the pipeline (SPEC §12): converted only with a
 * booking, moves along the graph, a reason to lose a lead, a contact kept. `assertOwner`
 * checks a new owner in the caller's transaction, in the order the checks always ran.
 */
export async function planLeadUpdate(
  lead: LockedLead,
  input: LeadUpdateInput,
  options: {
    assertOwner: (ownerStaffId: string | null, stationId: string | null) => Promise<void>;
  },
): Promise<LeadPatch> {
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
    await options.assertOwner(input.ownerStaffId, lead.station_id);
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
  return patch;
}

/** The tracked fields the patch really changes, compared as stored. */
export function changedFields(lead: LockedLead, patch: LeadPatch): Tracked[] {
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
  return TRACKED.filter(
    (field) =>
      after[field] !== undefined &&
      JSON.stringify(comparable(after[field])) !== JSON.stringify(comparable(lead[field])),
  );
}
