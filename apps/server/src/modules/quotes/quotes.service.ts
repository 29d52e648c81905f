import { computeQuote, type QuoteRequest } from '@teppan/core';
import type { QuoteResponse } from '@teppan/core/contract';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import type { DistanceService } from '../distance/distance.service.ts';
import { DistanceError } from '../distance/distance.error.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { Executor } from '../../lib/db.ts';
import { QuotesRepository, type NewQuoteRow, type QuoteRow } from './quotes.repository.ts';

/** A stored quote as the API answers it: declared once, in the contract (STYLE rule 14). */
export type QuoteView = QuoteResponse;

export function toQuoteView(row: QuoteRow): QuoteView {
  return {
    id: row.id,
    number: row.number,
    stationId: row.station_id,
    settingsVersion: row.settings_version,
    adults: row.adults,
    children: row.children,
    toddlers: row.toddlers,
    menu: row.menu,
    lines: row.lines as QuoteView['lines'],
    foodSubtotalCents: row.food_subtotal_cents,
    minimumApplied: row.minimum_applied,
    travel: {
      miles: row.travel_miles,
      feeCents: row.travel_fee_cents,
      source: row.travel_source,
      withinServiceArea: row.within_service_area,
      isEstimate: row.travel_source === 'estimate',
    },
    taxCents: row.tax_cents,
    totalCents: row.total_cents,
    depositCents: row.deposit_cents,
    balanceCents: row.balance_cents,
    gratuitySuggestions: row.gratuity_suggestions as QuoteView['gratuitySuggestions'],
    proteinSelection: row.protein_selection,
    venue: { zip: row.venue_zip, address: row.venue_address },
    eventDate: row.event_date,
    createdAt: row.created_at.toISOString(),
  };
}

export class QuotesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService; distance: DistanceService },
  ) {}

  /** Prices come only from the engine and stored settings; the request carries counts. */
  async create(request: QuoteRequest): Promise<QuoteView> {
    return this.store(this.db, await this.price(request));
  }

  /**
   * Everything that can fail or wait (settings, distance providers, the pricing rules)
   * happens here, outside any transaction; `store` is a single insert.
   */
  async price(request: QuoteRequest): Promise<NewQuoteRow> {
    const { station, version, settings } = await this.deps.settings.getForStation(
      request.stationId,
    );
    const venue = {
      zip: request.venue.zip.slice(0, 5),
      ...(request.venue.address ? { address: request.venue.address } : {}),
    };
    let distance;
    try {
      distance = await this.deps.distance.measure({
        from: { lat: station.lat, lng: station.lng },
        venue,
      });
    } catch (error) {
      if (error instanceof DistanceError) {
        if (error.code === 'ZIP_NOT_FOUND' || error.code === 'ADDRESS_NOT_FOUND')
          throw new AppError('ZIP_NOT_FOUND', error.message);
        throw new AppError('DISTANCE_PROVIDER_FAILED');
      }
      throw error;
    }
    const menu = {
      proteins: request.proteins ?? {},
      extraProteins: request.extraProteins ?? {},
      addons: request.addons ?? {},
    };
    const result = computeQuote({
      input: {
        adults: request.adults,
        children: request.children,
        toddlers: request.toddlers,
        ...menu,
      },
      settings,
      travel: { miles: distance.miles, source: distance.source },
    });
    const blocking = result.issues[0];
    if (blocking)
      throw new AppError(blocking.code, blocking.message, {
        proteinSelection: result.proteinSelection,
      });
    return {
      stationId: station.id,
      settingsVersion: version,
      adults: request.adults,
      children: request.children,
      toddlers: request.toddlers,
      menu,
      lines: result.lines,
      foodSubtotalCents: result.foodSubtotalCents,
      minimumApplied: result.minimumApplied,
      travelMiles: result.travel.miles,
      travelFeeCents: result.travel.feeCents,
      travelSource: result.travel.source,
      withinServiceArea: result.travel.withinServiceArea,
      taxCents: result.taxCents,
      totalCents: result.totalCents,
      depositCents: result.depositCents,
      balanceCents: result.balanceCents,
      gratuitySuggestions: result.gratuitySuggestions,
      proteinSelection: result.proteinSelection,
      venueZip: venue.zip,
      venueAddress: venue.address ?? null,
      venueLat: distance.destination.lat,
      venueLng: distance.destination.lng,
      eventDate: request.eventDate ?? null,
    };
  }

  /** Stores a priced quote; pass a transaction to make it part of a larger change. */
  async store(executor: Executor, row: NewQuoteRow): Promise<QuoteView> {
    return toQuoteView(await new QuotesRepository(executor).insert(row));
  }

  async get(id: string): Promise<QuoteView> {
    const row = await new QuotesRepository(this.db).findById(id);
    if (!row) throw new AppError('QUOTE_NOT_FOUND');
    return toQuoteView(row);
  }
}
