import { randomUUID } from 'node:crypto';
import { type Insertable } from 'kysely';
import {
  computeQuote,
  estimateDrivingMiles,
  proteinCodes,
  type AddonCode,
  type BookingStatus,
  type ProteinCode,
} from '@teppan/core';
import type {
  CoreBookingEvents,
  CoreBookings,
  CorePayments,
  CoreQuotes,
  CoreScheduledMessages,
} from '../generated/db.ts';
import {
  CUSTOMER_COUNT,
  HOUR_MS,
  DAY_MS,
  MINUTE_MS,
  STATION,
  ZIPS,
  STREETS,
  SPECIAL_REQUESTS,
  ALLERGENS,
  SOURCE_CHANNELS,
  STANDARD_PROTEINS,
  PREMIUM_PROTEINS,
  EXTRA_PROTEINS,
} from './catalogue.ts';
import { sha256Hex, nextNumbers, at } from './rows.ts';
import type { PlannedBooking } from './plan.ts';
import { type SeedContext } from './context.ts';
import { type DemoCustomer } from './customers.ts';

/** Quotes, bookings, their timelines, payments and reminders for the booking plan. */
export async function buildBookings(
  ctx: SeedContext,
  input: { planned: readonly PlannedBooking[]; customers: DemoCustomer[]; stationId: string },
) {
  const { trx, rng, nowMs, settings } = ctx;
  const { planned, customers, stationId } = input;
  const travelByZip = new Map(
    ZIPS.map((z) => [
      z.zip,
      estimateDrivingMiles({
        from: { lat: STATION.lat, lng: STATION.lng },
        to: { lat: z.lat, lng: z.lng },
        circuityFactor: settings.travel.circuityFactor,
      }),
    ]),
  );
  const quoteNumbers = await nextNumbers(trx, 'core.quote_number_seq', planned.length);
  const bookingNumbers = await nextNumbers(trx, 'core.booking_number_seq', planned.length);

  const quoteRows: Insertable<CoreQuotes>[] = [];
  const bookingRows: Insertable<CoreBookings>[] = [];
  const eventRows: Insertable<CoreBookingEvents>[] = [];
  const paymentRows: Insertable<CorePayments>[] = [];
  const messageRows: Insertable<CoreScheduledMessages>[] = [];
  const completedCustomers: number[] = [];
  const completedBookingIds: string[] = [];

  planned.forEach((plan, index) => {
    const { candidate, status } = plan;
    const startMs = candidate.startsAt.getTime();
    // Returning guests are common: a quarter of the bookings go to the first 40 customers.
    const customerIndex = rng.chance(0.25) ? rng.int(0, 39) : rng.int(0, CUSTOMER_COUNT - 1);
    const customer = customers[customerIndex];
    if (!customer) throw new Error('customer index out of range');
    const venue = rng.chance(0.85)
      ? customer.home
      : rng.weighted(ZIPS.map((z) => [z, z.weight] as const));
    const venueAddress =
      venue === customer.home
        ? customer.address
        : `${rng.int(100, 9899)} ${rng.pick(STREETS)}, ${venue.city}, CA ${venue.zip}`;

    // Party and menu.
    const sizeBand = rng.weighted([
      ['small', 45],
      ['medium', 35],
      ['large', 20],
    ] as const);
    const adults =
      sizeBand === 'small'
        ? rng.int(8, 15)
        : sizeBand === 'medium'
          ? rng.int(16, 25)
          : rng.int(26, 40);
    const children = Math.min(rng.chance(0.5) ? 0 : rng.int(1, 10), 48 - adults);
    const toddlers = Math.min(rng.chance(0.7) ? 0 : rng.int(1, 4), 49 - adults - children);
    const premiumShare = rng.weighted([
      [0, 40],
      [0.1, 40],
      [0.3, 20],
    ] as const);
    const proteins: Partial<Record<ProteinCode, number>> = {};
    const picks = settings.pricing.proteinsPerGuest * (adults + children);
    for (let i = 0; i < picks; i += 1) {
      const code = rng.chance(premiumShare)
        ? rng.weighted(PREMIUM_PROTEINS)
        : rng.weighted(STANDARD_PROTEINS);
      proteins[code] = (proteins[code] ?? 0) + 1;
    }
    const extraProteins: Partial<Record<ProteinCode, number>> = {};
    if (rng.chance(0.25)) {
      const extraCount = rng.int(1, 8);
      for (let i = 0; i < extraCount; i += 1) {
        const code = rng.weighted(EXTRA_PROTEINS);
        extraProteins[code] = (extraProteins[code] ?? 0) + 1;
      }
    }
    const addons: Partial<Record<AddonCode, number>> = {};
    const guests = adults + children + toddlers;
    if (rng.chance(0.35)) addons.yakisoba = rng.int(Math.ceil(guests / 2), guests);
    if (rng.chance(0.2)) addons.extra_fried_rice = rng.int(2, 10);
    if (rng.chance(0.1)) addons.extra_vegetables = rng.int(2, 8);
    if (rng.chance(0.25)) addons.edamame = rng.int(2, 8);
    if (rng.chance(0.3)) addons.gyoza = rng.int(2, 10);
    // Keys in the engine's order, so equal menus serialise identically.
    const menu = {
      proteins: Object.fromEntries(
        proteinCodes.filter((c) => proteins[c]).map((c) => [c, proteins[c]]),
      ),
      extraProteins: Object.fromEntries(
        proteinCodes.filter((c) => extraProteins[c]).map((c) => [c, extraProteins[c]]),
      ),
      addons,
    };
    const miles = travelByZip.get(venue.zip) ?? 0;
    const quote = computeQuote({
      input: { adults, children, toddlers, ...menu },
      settings,
      travel: { miles, source: 'estimate' },
    });
    if (quote.issues.length > 0 || !quote.travel.withinServiceArea) {
      throw new Error(`seed quote is not bookable: ${JSON.stringify(quote.issues)}`);
    }

    // Timeline: quoted and booked days or weeks ahead, never after now.
    const leadDays = rng.int(3, 60);
    const createdMs = Math.min(
      startMs - leadDays * DAY_MS - rng.int(0, 600) * MINUTE_MS,
      nowMs - rng.int(60, 4000) * MINUTE_MS,
    );
    const quotedMs = createdMs - rng.int(3, 90) * MINUTE_MS;
    customer.firstSeenMs = Math.min(
      customer.firstSeenMs,
      quotedMs - rng.int(0, 3) * DAY_MS - HOUR_MS,
    );
    customer.bookings += 1;

    const quoteId = randomUUID();
    const bookingId = randomUUID();
    const quoteNumber = `Q-${String(quoteNumbers[index]).padStart(7, '0')}`;
    const bookingNumber = `TP-${bookingNumbers[index]}`;
    quoteRows.push({
      id: quoteId,
      number: quoteNumber,
      station_id: stationId,
      settings_version: 1,
      adults,
      children,
      toddlers,
      menu: JSON.stringify(menu),
      lines: JSON.stringify(quote.lines),
      food_subtotal_cents: quote.foodSubtotalCents,
      minimum_applied: quote.minimumApplied,
      travel_miles: quote.travel.miles,
      travel_fee_cents: quote.travel.feeCents,
      travel_source: quote.travel.source,
      within_service_area: quote.travel.withinServiceArea,
      tax_cents: quote.taxCents,
      total_cents: quote.totalCents,
      deposit_cents: quote.depositCents,
      balance_cents: quote.balanceCents,
      gratuity_suggestions: JSON.stringify(quote.gratuitySuggestions),
      protein_selection: JSON.stringify(quote.proteinSelection),
      venue_zip: venue.zip,
      venue_address: venueAddress,
      venue_lat: venue.lat,
      venue_lng: venue.lng,
      event_date: candidate.date,
      created_at: at(quotedMs),
    });

    // Status history: every booking starts pending its deposit.
    const changes: {
      from: BookingStatus;
      to: BookingStatus;
      atMs: number;
      data?: Record<string, unknown>;
    }[] = [];
    const depositMethod = rng.weighted([
      ['zelle', 55],
      ['venmo', 30],
      ['cash', 15],
    ] as const);
    const confirmMs = Math.min(
      createdMs + rng.int(20, 36 * 60) * MINUTE_MS,
      nowMs - 30 * MINUTE_MS,
    );
    const paidDeposit =
      status === 'confirmed' ||
      status === 'in_progress' ||
      status === 'completed' ||
      status === 'no_show' ||
      status === 'cancellation_requested' ||
      (status === 'cancelled' && plan.cancelledFrom === 'confirmed');
    if (paidDeposit) changes.push({ from: 'pending_deposit', to: 'confirmed', atMs: confirmMs });
    const duration = guests <= 10 ? 90 : guests <= 20 ? 100 : guests <= 30 ? 110 : 120;
    let cancelledAt: Date | null = null;
    let cancellationReason: string | null = null;
    let previousStatus: string | null = null;
    let depositStatus: 'pending' | 'succeeded' | 'refunded' | 'cancelled' = paidDeposit
      ? 'succeeded'
      : 'pending';
    let depositUpdatedMs = paidDeposit ? confirmMs : createdMs;
    switch (status) {
      case 'pending_deposit':
      case 'confirmed':
        break;
      case 'in_progress':
        changes.push({ from: 'confirmed', to: 'in_progress', atMs: Math.min(startMs, nowMs) });
        break;
      case 'completed':
        changes.push({ from: 'confirmed', to: 'in_progress', atMs: startMs });
        changes.push({
          from: 'in_progress',
          to: 'completed',
          atMs: startMs + duration * MINUTE_MS,
        });
        break;
      case 'no_show':
        changes.push({
          from: 'confirmed',
          to: 'no_show',
          atMs: startMs + 45 * MINUTE_MS,
          data: { note: 'Host unreachable at the venue.' },
        });
        break;
      case 'cancellation_requested': {
        previousStatus = 'confirmed';
        const requestedMs = Math.min(confirmMs + rng.int(1, 10) * DAY_MS, nowMs - 2 * HOUR_MS);
        changes.push({
          from: 'confirmed',
          to: 'cancellation_requested',
          atMs: Math.max(requestedMs, confirmMs + MINUTE_MS),
          data: { reason: 'Customer asked to cancel; awaiting admin approval.' },
        });
        break;
      }
      case 'cancelled': {
        const from = plan.cancelledFrom ?? 'pending_deposit';
        const earliest = (from === 'confirmed' ? confirmMs : createdMs) + 10 * MINUTE_MS;
        const latest = Math.min(startMs - 2 * HOUR_MS, nowMs - 5 * MINUTE_MS);
        const cancelMs =
          latest > earliest ? earliest + Math.floor(rng.float() * (latest - earliest)) : earliest;
        cancelledAt = at(cancelMs);
        cancellationReason = rng.pick([
          'Change of plans',
          'Weather forecast',
          'Guest of honor is ill',
          'Booked another date instead',
          'Deposit not received in time',
        ]);
        changes.push({
          from,
          to: 'cancelled',
          atMs: cancelMs,
          data: { reason: cancellationReason },
        });
        if (from === 'pending_deposit') depositStatus = 'cancelled';
        else {
          const refundable =
            startMs - cancelMs >= settings.policies.depositRefundMinDaysBefore * DAY_MS;
          depositStatus = refundable ? 'refunded' : 'succeeded'; // forfeited
        }
        depositUpdatedMs = cancelMs;
        break;
      }
    }

    const allergens = rng.chance(0.2)
      ? [rng.pick(ALLERGENS), ...(rng.chance(0.3) ? [rng.pick(ALLERGENS)] : [])]
      : [];
    bookingRows.push({
      id: bookingId,
      number: bookingNumber,
      station_id: stationId,
      customer_id: customer.id,
      quote_id: quoteId,
      status,
      previous_status: previousStatus,
      date: candidate.date,
      slot: candidate.slot,
      requested_time: rng.chance(0.8) ? candidate.slot : `${candidate.slot.slice(0, 2)}:30`,
      event_starts_at: candidate.startsAt,
      adults,
      children,
      toddlers,
      menu: JSON.stringify(menu),
      allergens: JSON.stringify([...new Set(allergens)]),
      special_requests: rng.chance(0.3) ? rng.pick(SPECIAL_REQUESTS) : null,
      venue_zip: venue.zip,
      venue_address: venueAddress,
      venue_lat: venue.lat,
      venue_lng: venue.lng,
      total_cents: quote.totalCents,
      deposit_cents: quote.depositCents,
      source_channel: rng.weighted(SOURCE_CHANNELS),
      access_token_hash: sha256Hex(`demo-${bookingNumber}-${rng.hex(16)}`),
      version: 1 + changes.length,
      cancelled_at: cancelledAt,
      cancellation_reason: cancellationReason,
      created_at: at(createdMs),
      updated_at: at(Math.max(createdMs, ...changes.map((c) => c.atMs))),
    });

    eventRows.push({
      booking_id: bookingId,
      type: 'created',
      data: JSON.stringify({
        status: 'pending_deposit',
        quoteNumber,
        totalCents: quote.totalCents,
      }),
      actor: 'seed',
      created_at: at(createdMs),
    });
    for (const change of changes) {
      eventRows.push({
        booking_id: bookingId,
        type: 'status_changed',
        data: JSON.stringify({ from: change.from, to: change.to, ...change.data }),
        actor: 'seed',
        created_at: at(change.atMs),
      });
    }

    const depositConfirmed = depositStatus === 'succeeded' || depositStatus === 'refunded';
    paymentRows.push({
      booking_id: bookingId,
      kind: 'deposit',
      method: depositMethod,
      provider: 'manual',
      status: depositStatus,
      amount_cents: quote.depositCents,
      reference: `DEP-${bookingNumber}`,
      confirmed_at: depositConfirmed ? at(confirmMs) : null,
      confirmed_by: depositConfirmed ? 'seed' : null,
      created_at: at(createdMs),
      updated_at: at(depositUpdatedMs),
    });
    if (status === 'completed') {
      const paidMs = startMs + (duration + rng.int(0, 90)) * MINUTE_MS;
      paymentRows.push({
        booking_id: bookingId,
        kind: 'balance',
        method: rng.weighted([
          ['zelle', 45],
          ['venmo', 25],
          ['cash', 30],
        ] as const),
        provider: 'manual',
        status: 'succeeded',
        amount_cents: quote.balanceCents,
        reference: `BAL-${bookingNumber}`,
        confirmed_at: at(paidMs),
        confirmed_by: 'seed',
        created_at: at(paidMs),
        updated_at: at(paidMs),
      });
      completedCustomers.push(customerIndex);
      completedBookingIds.push(bookingId);
    }

    if (startMs > nowMs && status !== 'cancelled') {
      for (const hours of settings.reminders.eventReminderHoursBefore) {
        const dueMs = startMs - hours * HOUR_MS;
        if (dueMs > nowMs) {
          messageRows.push({
            booking_id: bookingId,
            kind: `booking.reminder_${hours}h`,
            due_at: at(dueMs),
            status: 'planned',
            created_at: at(createdMs),
          });
        }
      }
    }
  });
  return {
    quoteRows,
    bookingRows,
    eventRows,
    paymentRows,
    messageRows,
    completedCustomers,
    completedBookingIds,
  };
}
