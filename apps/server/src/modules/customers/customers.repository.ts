import type { FieldCrypto } from '@teppan/db/field-crypto';
import { contactIndex, PII_CONTEXT, staffSearchOf } from '@teppan/db/pii';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../lib/db.ts';

const NO_STATION = '00000000-0000-0000-0000-000000000000';

/** null = every station (super admin). */
export type StationScope = readonly string[] | null;

function stationsOf(scope: readonly string[]): readonly string[] {
  return scope.length ? scope : [NO_STATION];
}

/**
 * Which customers a staff search matches (customers list, bookings list): the full email or
 * phone through its blind index, or else any part of the name through its trigram index
 * (ADR 0016). Fragments of an email or phone cannot match: those are encrypted.
 */
export function customerSearchCondition(crypto: FieldCrypto, query: string) {
  const search = staffSearchOf(crypto, query);
  if (search.emailIndex) return sql<SqlBool>`email_index = ${search.emailIndex}`;
  if (search.phoneIndex) return sql<SqlBool>`phone_index = ${search.phoneIndex}`;
  return sql<SqlBool>`name ilike ${search.like}`;
}

export interface CustomerListFilter {
  stations: StationScope;
  query?: string | undefined;
  /** Keyset: the last row's (last event start or null, id). */
  after?: { lastAt: Date | null; id: string } | undefined;
  limit: number;
}

/** A stored customer row with its contact details decrypted. */
function openCustomer<T extends { email: string; phone: string }>(crypto: FieldCrypto, row: T): T {
  return {
    ...row,
    email: crypto.decrypt(row.email, PII_CONTEXT.customerEmail),
    phone: crypto.decrypt(row.phone, PII_CONTEXT.customerPhone),
  };
}

export class CustomersRepository {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  private bookingScope(alias: string, stations: StationScope): Expression<SqlBool> {
    return stations
      ? sql<SqlBool>`${sql.ref(`${alias}.station_id`)} = any(${stationsOf(stations)}::uuid[])`
      : sql<SqlBool>`true`;
  }

  /**
   * Customers with a booking or a lead (linked by customer id or by the same email) in the
   * given stations, most recent event first; customers known only from a lead come last.
   *
   * Fast on large tables without a summary table: customers with bookings are read by
   * walking bookings newest first on the (station_id, event_starts_at, id) index and keeping
   * each customer's latest booking only (a NOT EXISTS on the customer's own bookings), so a
   * page costs a few dozen index reads, not an aggregate over every booking. The cursor is
   * that latest booking's (event_starts_at, id); lead-only customers page by customer id.
   */
  async list(filter: CustomerListFilter) {
    const matching = filter.query?.trim()
      ? sql`(select id from core.customers
             where ${customerSearchCondition(this.crypto, filter.query)})`
      : null;
    const rows: {
      id: string;
      name: string;
      email: string;
      phone: string;
      created_at: Date;
      last_at: Date | null;
      cursor_id: string;
      booking_count: number;
    }[] = [];

    if (!filter.after || filter.after.lastAt !== null) {
      const after = filter.after;
      const { rows: latest } = await sql<{
        customer_id: string;
        last_at: Date;
        booking_id: string;
      }>`
        select b.customer_id, b.event_starts_at as last_at, b.id as booking_id
        from core.bookings b
        where ${this.bookingScope('b', filter.stations)}
          ${matching ? sql`and b.customer_id = any(array${matching})` : sql``}
          ${
            after?.lastAt
              ? sql`and (b.event_starts_at, b.id) < (${after.lastAt.toISOString()}::timestamptz, ${after.id}::uuid)`
              : sql``
          }
          and not exists (
            select 1 from core.bookings b2
            where b2.customer_id = b.customer_id and ${this.bookingScope('b2', filter.stations)}
              and (b2.event_starts_at, b2.id) > (b.event_starts_at, b.id))
        order by b.event_starts_at desc, b.id desc
        limit ${filter.limit}`.execute(this.db);
      if (latest.length) {
        const ids = latest.map((r) => r.customer_id);
        const { rows: details } = await sql<{
          id: string;
          name: string;
          email: string;
          phone: string;
          created_at: Date;
          booking_count: number;
        }>`
          select c.id, c.name, c.email, c.phone, c.created_at,
            (select count(*)::int from core.bookings b
              where b.customer_id = c.id and ${this.bookingScope('b', filter.stations)}) as booking_count
          from core.customers c where c.id = any(${ids}::uuid[])`.execute(this.db);
        const byId = new Map(details.map((d) => [d.id, d]));
        for (const r of latest) {
          const c = byId.get(r.customer_id);
          if (c)
            rows.push({
              ...openCustomer(this.crypto, c),
              last_at: r.last_at,
              cursor_id: r.booking_id,
            });
        }
      }
    }

    const remaining = filter.limit - rows.length;
    if (remaining > 0) {
      // Customers known only from a lead in scope (linked by id or by the same email). A
      // search narrows each branch first, so an exact email or phone (a handful of
      // customers) is a few index reads, not a join of every lead with every customer.
      const leadScope = this.bookingScope('l', filter.stations);
      const afterId = filter.after?.lastAt === null ? filter.after.id : null;
      const { rows: leadOnly } = await sql<{
        id: string;
        name: string;
        email: string;
        phone: string;
        created_at: Date;
      }>`
        with linked as (
          select l.customer_id as id from crm.leads l
          where ${leadScope} and l.customer_id is not null
            ${matching ? sql`and l.customer_id = any(array${matching})` : sql``}
          union
          select c.id from crm.leads l
          join core.customers c on c.email_index = l.email_index
          where ${leadScope} and l.email_index is not null
            ${matching ? sql`and c.id = any(array${matching})` : sql``}
        )
        select c.id, c.name, c.email, c.phone, c.created_at
        from linked v
        join core.customers c on c.id = v.id
        where not exists (
            select 1 from core.bookings b
            where b.customer_id = c.id and ${this.bookingScope('b', filter.stations)})
          ${matching ? sql`and c.id = any(array${matching})` : sql``}
          ${afterId ? sql`and c.id < ${afterId}::uuid` : sql``}
        order by c.id desc
        limit ${remaining}`.execute(this.db);
      for (const c of leadOnly)
        rows.push({
          ...openCustomer(this.crypto, c),
          last_at: null,
          cursor_id: c.id,
          booking_count: 0,
        });
    }
    return rows;
  }

  async find(id: string) {
    const row = await this.db
      .selectFrom('core.customers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && openCustomer(this.crypto, row);
  }

  /**
   * The customer of this email, created on first sight (a hold, a staff hold for a lead).
   * An anonymous request must not rewrite an existing customer's record: on a known email
   * (its blind index) the row is only touched to return it; staff merge contact changes.
   */
  async upsert(customer: { name: string; email: string; phone: string }) {
    const email = customer.email.trim();
    const row = await this.db
      .insertInto('core.customers')
      .values({
        name: customer.name,
        email: this.crypto.encrypt(email, PII_CONTEXT.customerEmail),
        email_index: this.requiredIndex('email', email),
        phone: this.crypto.encrypt(customer.phone, PII_CONTEXT.customerPhone),
        phone_index: this.requiredIndex('phone', customer.phone),
      })
      .onConflict((oc) =>
        oc.column('email_index').doUpdateSet({ email_index: sql`excluded.email_index` }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return openCustomer(this.crypto, row);
  }

  private requiredIndex(kind: 'email' | 'phone', value: string): string {
    const index = contactIndex(this.crypto, kind, value);
    // The boundary (customerSchema) already refused an empty email or a phone without digits.
    if (!index) throw new Error(`customer ${kind} is empty after normalising`);
    return index;
  }

  /** The customer with this email (any spelling that normalises alike), or null. */
  async findIdByEmail(email: string): Promise<string | null> {
    const index = contactIndex(this.crypto, 'email', email);
    if (!index) return null;
    const row = await this.db
      .selectFrom('core.customers')
      .select('id')
      .where('email_index', '=', index)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Customers with this phone number (a phone is not unique: family members share one). */
  async listIdsByPhone(phone: string): Promise<string[]> {
    const index = contactIndex(this.crypto, 'phone', phone);
    if (!index) return [];
    const rows = await this.db
      .selectFrom('core.customers')
      .select('id')
      .where('phone_index', '=', index)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Whether the customer has a booking or a lead in the scope (the customer exists for them). */
  async isVisible(customer: { id: string; email_index: string }, stations: StationScope) {
    if (!stations) return true;
    const ids = stationsOf(stations);
    const { rows } = await sql<{ found: boolean }>`
      select exists (
        select 1 from core.bookings where customer_id = ${customer.id} and station_id = any(${ids}::uuid[])
      ) or exists (
        select 1 from crm.leads
        where (customer_id = ${customer.id} or email_index = ${customer.email_index})
          and station_id = any(${ids}::uuid[])
      ) as found`.execute(this.db);
    return rows[0]?.found === true;
  }

  listBookings(customerId: string, stations: StationScope) {
    let query = this.db
      .selectFrom('core.bookings as b')
      .select([
        'b.id',
        'b.number',
        'b.station_id',
        'b.status',
        'b.date',
        'b.slot',
        'b.event_starts_at',
        'b.adults',
        'b.children',
        'b.toddlers',
        'b.total_cents',
        'b.source_channel',
      ])
      .where('b.customer_id', '=', customerId)
      .orderBy('b.event_starts_at', 'desc')
      .orderBy('b.id', 'desc');
    if (stations) query = query.where('b.station_id', 'in', stationsOf(stations));
    return query.execute();
  }

  /** Payments of the customer's bookings in scope, summed per booking, kind and status. */
  listPaymentSums(customerId: string, stations: StationScope) {
    let query = this.db
      .selectFrom('core.payments as p')
      .innerJoin('core.bookings as b', 'b.id', 'p.booking_id')
      .select((eb) => [
        'p.booking_id',
        'p.kind',
        'p.status',
        sql<string>`sum(${eb.ref('p.amount_cents')})`.as('amount_cents'),
      ])
      .where('b.customer_id', '=', customerId)
      .groupBy(['p.booking_id', 'p.kind', 'p.status']);
    if (stations) query = query.where('b.station_id', 'in', stationsOf(stations));
    return query.execute();
  }

  /**
   * Payment sums per customer, kind and status for a page of the list; the service turns
   * them into net money received with the one rule of @teppan/core, as in the detail.
   */
  async listPaymentSumsByCustomer(customerIds: readonly string[], stations: StationScope) {
    if (customerIds.length === 0) return [];
    const scope = this.bookingScope('b', stations);
    const { rows } = await sql<{
      customer_id: string;
      kind: string;
      status: string;
      amount_cents: string;
    }>`
      select b.customer_id, p.kind, p.status, sum(p.amount_cents) as amount_cents
      from core.bookings b join core.payments p on p.booking_id = b.id
      where b.customer_id = any(${customerIds}::uuid[]) and ${scope}
      group by b.customer_id, p.kind, p.status`.execute(this.db);
    return rows;
  }

  /** The consent ledger rows of the customer's email and phone (by blind index), oldest first. */
  listConsents(customer: { email_index: string; phone_index: string }) {
    return this.db
      .selectFrom('marketing.consents')
      .select(['id', 'channel', 'purpose', 'status', 'source', 'text_shown', 'ip', 'at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('channel', '=', 'email'), eb('email_index', '=', customer.email_index)]),
          eb.and([eb('channel', '=', 'sms'), eb('phone_index', '=', customer.phone_index)]),
        ]),
      )
      .orderBy('id')
      .execute();
  }

  listLeads(customer: { id: string; email_index: string }, stations: StationScope) {
    let query = this.db
      .selectFrom('crm.leads')
      .select([
        'id',
        'station_id',
        'source',
        'status',
        'score',
        'next_follow_up_at',
        'booking_id',
        'created_at',
      ])
      .where((eb) =>
        eb.or([eb('customer_id', '=', customer.id), eb('email_index', '=', customer.email_index)]),
      )
      .orderBy('created_at', 'desc');
    if (stations) query = query.where('station_id', 'in', stationsOf(stations));
    return query.execute();
  }
}

export type CustomerListRow = Awaited<ReturnType<CustomersRepository['list']>>[number];
