import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

export interface NewQuoteRow {
  stationId: string;
  settingsVersion: number;
  adults: number;
  children: number;
  toddlers: number;
  menu: unknown;
  lines: unknown;
  foodSubtotalCents: number;
  minimumApplied: boolean;
  travelMiles: number;
  travelFeeCents: number;
  travelSource: string;
  withinServiceArea: boolean;
  taxCents: number;
  totalCents: number;
  depositCents: number;
  balanceCents: number;
  gratuitySuggestions: unknown;
  proteinSelection: unknown;
  venueZip: string;
  venueAddress: string | null;
  venueLat: number;
  venueLng: number;
  eventDate: string | null;
}

export class QuotesRepository {
  constructor(private readonly db: Executor) {}

  insert(row: NewQuoteRow) {
    return this.db
      .insertInto('core.quotes')
      .values({
        number: sql<string>`'Q-' || lpad(nextval('core.quote_number_seq')::text, 7, '0')`,
        station_id: row.stationId,
        settings_version: row.settingsVersion,
        adults: row.adults,
        children: row.children,
        toddlers: row.toddlers,
        menu: json(row.menu),
        lines: json(row.lines),
        food_subtotal_cents: row.foodSubtotalCents,
        minimum_applied: row.minimumApplied,
        travel_miles: row.travelMiles,
        travel_fee_cents: row.travelFeeCents,
        travel_source: row.travelSource,
        within_service_area: row.withinServiceArea,
        tax_cents: row.taxCents,
        total_cents: row.totalCents,
        deposit_cents: row.depositCents,
        balance_cents: row.balanceCents,
        gratuity_suggestions: json(row.gratuitySuggestions),
        protein_selection: json(row.proteinSelection),
        venue_zip: row.venueZip,
        venue_address: row.venueAddress,
        venue_lat: row.venueLat,
        venue_lng: row.venueLng,
        event_date: row.eventDate,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findById(id: string) {
    return this.db.selectFrom('core.quotes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Baseline for the quote benchmark: one plain insert of a row of the same size. */
  insertRaw(row: NewQuoteRow) {
    return this.insert(row);
  }
}

export type QuoteRow = NonNullable<Awaited<ReturnType<QuotesRepository['findById']>>>;
