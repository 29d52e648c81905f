import { customerSchema } from '@teppan/core';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal, StaffRequestContext } from '../staff/staff.types.ts';
import { actorOf, detailsOf, type LockedLead } from './lead-changes.ts';
import type { LeadConvertInput, LeadsDeps } from './lead-inputs.ts';
import { isOpenLead } from './lead-pipeline.ts';
import { LeadsRepository, type LeadRow } from './leads.repository.ts';
import type { LeadsService } from './leads.service.ts';

/** What conversion needs from the leads service: the lock, the detail view, the hold link. */
export interface LeadAccess {
  /** Locks the lead, checks the caller may see it and that `version` is current. */
  lockForChange(
    trx: Transaction<DB>,
    staff: StaffPrincipal,
    id: string,
    version: number,
  ): Promise<LockedLead>;
  detail(staff: StaffPrincipal, id: string): Promise<LeadDetailView>;
  link(holdId: string): string;
}

type LeadDetailView = Awaited<ReturnType<LeadsService['detail']>>;

/**
 * Converting a lead (SPEC §12, ADR 0012): link an existing booking, or hold a date for the
 * customer through the same quote and hold services the assistant uses.
 */
export class LeadConversion {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: LeadsDeps,
    private readonly access: LeadAccess,
  ) {}

  async linkBooking(
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
      const locked = await this.access.lockForChange(trx, staff, lead.id, input.version);
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
    return this.access.detail(staff, lead.id);
  }

  /**
   * The assistant's "hold a date" path (quote → hold, source channel 'staff'): the customer
   * finishes checkout from the link; the lead turns qualified now and converted when that
   * hold becomes a booking (HoldsService.deposit).
   */
  async holdForLead(
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
          link: this.access.link(previous.id),
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
        const locked = await this.access.lockForChange(trx, staff, lead.id, input.version);
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
          link: this.access.link(hold.id),
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
      lead: await this.access.detail(staff, lead.id),
      hold: {
        id: hold.id,
        status: hold.status,
        quoteNumber: quote.number,
        date: hold.date,
        slot: hold.slot,
        totalCents: hold.totalCents,
        depositCents: hold.depositCents,
        expiresAt: hold.expiresAt,
        link: this.access.link(hold.id),
      },
    };
  }
}
