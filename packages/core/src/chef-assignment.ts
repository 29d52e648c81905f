import type { Settings, SlotTime } from './settings.ts';
import { estimateDrivingMiles, type LatLng } from './travel.ts';

/**
 * Chef assignment suggestions (SPEC §4): score = travel 40%, rating 30%, party-size fit 20%,
 * preference 10% (the weights are settings); a customer-requested chef wins. Chefs who
 * cannot take the event at all are listed apart with the reason, never ranked.
 */

export type ChefAssignmentWeights = Settings['chefAssignment'];

/** Beyond this many estimated road miles from where the chef starts, travel scores 0. */
export const TRAVEL_SCORE_ZERO_MILES = 150;
/** Past events with the same customer at which the preference factor is full. */
export const REPEAT_CUSTOMER_FULL_AT = 2;

export type AssignmentBooking = {
  date: string;
  slot: SlotTime;
  guests: number;
  venue: LatLng;
  requestedChefId: string | null;
};

export type ChefCandidate = {
  id: string;
  name: string;
  isActive: boolean;
  /** 0–5. */
  rating: number;
  maxGuests: number;
  /** Where the chef drives from: home when known, otherwise the station. */
  origin: LatLng;
  originSource: 'home' | 'station';
  /** Weekly availability covers the booking's weekday and slot. */
  isScheduled: boolean;
  /** Approved time off covers the booking's date. */
  isOnTimeOff: boolean;
  /** Numbers of other active bookings this chef cooks at the same date and slot. */
  conflictingBookings: string[];
  /** Earlier events this chef cooked for the same customer. */
  pastBookingsWithCustomer: number;
  /** Already assigned to this booking (shown, not a reason to rank differently). */
  isAssigned?: boolean;
};

export const unavailableReasons = [
  'inactive',
  'not_scheduled',
  'time_off',
  'double_booked',
] as const;
export type UnavailableReason = (typeof unavailableReasons)[number];

export type ChefFactor = {
  /** 0–1 before weighting. */
  value: number;
  /** The weight as configured. */
  weight: number;
  /** value × weight / total weight × 100: what this factor adds to the score. */
  points: number;
};

export type ChefSuggestion = {
  chefId: string;
  name: string;
  rank: number;
  /** 0–100, one decimal. */
  score: number;
  isRequested: boolean;
  isAssigned: boolean;
  miles: number;
  factors: {
    travel: ChefFactor;
    rating: ChefFactor;
    partySize: ChefFactor;
    preference: ChefFactor;
  };
  reasons: string[];
};

export type UnavailableChef = {
  chefId: string;
  name: string;
  isRequested: boolean;
  isAssigned: boolean;
  reasons: UnavailableReason[];
  messages: string[];
};

export type ChefRanking = { ranked: ChefSuggestion[]; unavailable: UnavailableChef[] };

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));
const round1 = (value: number): number => Math.round(value * 10) / 10;

export function unavailableReasonsOf(chef: ChefCandidate): UnavailableReason[] {
  const reasons: UnavailableReason[] = [];
  if (!chef.isActive) reasons.push('inactive');
  if (!chef.isScheduled) reasons.push('not_scheduled');
  if (chef.isOnTimeOff) reasons.push('time_off');
  if (chef.conflictingBookings.length > 0) reasons.push('double_booked');
  return reasons;
}

function reasonMessage(chef: ChefCandidate, reason: UnavailableReason): string {
  switch (reason) {
    case 'inactive':
      return 'No longer active.';
    case 'not_scheduled':
      return 'Weekly availability does not cover this day and slot.';
    case 'time_off':
      return 'Approved time off on this date.';
    case 'double_booked':
      return `Already cooking ${chef.conflictingBookings.join(', ')} at this time.`;
  }
}

/** Travel: full at the door, falling linearly to nothing at TRAVEL_SCORE_ZERO_MILES. */
export function travelFactor(miles: number): number {
  return clamp01(1 - miles / TRAVEL_SCORE_ZERO_MILES);
}

/** Party-size fit: full when the party is within the chef's limit, shrinking beyond it. */
export function partySizeFactor(options: { guests: number; maxGuests: number }): number {
  const { guests, maxGuests } = options;
  if (maxGuests <= 0) return 0;
  if (guests <= maxGuests) return 1;
  return clamp01(1 - (guests - maxGuests) / maxGuests);
}

/** Preference: the customer asked for this chef, or has had them before. */
export function preferenceFactor(options: {
  isRequested: boolean;
  pastBookingsWithCustomer: number;
}): number {
  if (options.isRequested) return 1;
  return clamp01(options.pastBookingsWithCustomer / REPEAT_CUSTOMER_FULL_AT);
}

function scoreChef(options: {
  chef: ChefCandidate;
  booking: AssignmentBooking;
  weights: ChefAssignmentWeights;
  circuityFactor: number;
}): Omit<ChefSuggestion, 'rank'> {
  const { chef, booking, weights } = options;
  const isRequested = booking.requestedChefId === chef.id;
  const miles = estimateDrivingMiles({
    from: chef.origin,
    to: booking.venue,
    circuityFactor: options.circuityFactor,
  });
  const values = {
    travel: travelFactor(miles),
    rating: clamp01(chef.rating / 5),
    partySize: partySizeFactor({ guests: booking.guests, maxGuests: chef.maxGuests }),
    preference: preferenceFactor({
      isRequested,
      pastBookingsWithCustomer: chef.pastBookingsWithCustomer,
    }),
  };
  const weightOf = {
    travel: weights.travelWeight,
    rating: weights.ratingWeight,
    partySize: weights.partySizeWeight,
    preference: weights.preferenceWeight,
  };
  const total = weightOf.travel + weightOf.rating + weightOf.partySize + weightOf.preference;
  const factor = (key: keyof typeof values): ChefFactor => ({
    value: Math.round(values[key] * 1000) / 1000,
    weight: weightOf[key],
    points: total > 0 ? round1((values[key] * weightOf[key] * 100) / total) : 0,
  });
  const raw =
    total > 0
      ? ((values.travel * weightOf.travel +
          values.rating * weightOf.rating +
          values.partySize * weightOf.partySize +
          values.preference * weightOf.preference) *
          100) /
        total
      : 0;

  const reasons: string[] = [];
  if (isRequested) reasons.push('Requested by the customer.');
  reasons.push(
    `About ${miles} mi from ${chef.originSource === 'home' ? 'home' : 'the station'} to the venue.`,
  );
  reasons.push(`Rated ${chef.rating.toFixed(2)} of 5.`);
  reasons.push(
    booking.guests <= chef.maxGuests
      ? `Party of ${booking.guests} is within their limit of ${chef.maxGuests}.`
      : `Party of ${booking.guests} is above their limit of ${chef.maxGuests}.`,
  );
  if (chef.pastBookingsWithCustomer > 0)
    reasons.push(
      `Cooked for this customer ${chef.pastBookingsWithCustomer} time${chef.pastBookingsWithCustomer === 1 ? '' : 's'} before.`,
    );
  return {
    chefId: chef.id,
    name: chef.name,
    score: round1(Math.min(100, Math.max(0, raw))),
    isRequested,
    isAssigned: chef.isAssigned === true,
    miles,
    factors: {
      travel: factor('travel'),
      rating: factor('rating'),
      partySize: factor('partySize'),
      preference: factor('preference'),
    },
    reasons,
  };
}

/**
 * Ranks the chefs who can take the booking, best first, and lists the others with why.
 * Order: an available customer-requested chef first, then score, then fewer miles, higher
 * rating, name and id, so equal inputs always give the same order.
 */
export function rankChefs(options: {
  booking: AssignmentBooking;
  chefs: readonly ChefCandidate[];
  weights: ChefAssignmentWeights;
  circuityFactor?: number;
}): ChefRanking {
  const { booking, weights } = options;
  const circuityFactor = options.circuityFactor ?? 1.25;
  const available: Omit<ChefSuggestion, 'rank'>[] = [];
  const unavailable: UnavailableChef[] = [];
  const seen = new Set<string>();
  for (const chef of options.chefs) {
    // A chef listed twice would be ranked twice; the first entry stands.
    if (seen.has(chef.id)) continue;
    seen.add(chef.id);
    const reasons = unavailableReasonsOf(chef);
    if (reasons.length > 0) {
      const isRequested = booking.requestedChefId === chef.id;
      unavailable.push({
        chefId: chef.id,
        name: chef.name,
        isRequested,
        isAssigned: chef.isAssigned === true,
        reasons,
        messages: [
          ...(isRequested ? ['Requested by the customer, but not available.'] : []),
          ...reasons.map((reason) => reasonMessage(chef, reason)),
        ],
      });
      continue;
    }
    available.push(scoreChef({ chef, booking, weights, circuityFactor }));
  }
  const ratingOf = new Map(options.chefs.map((chef) => [chef.id, chef.rating]));
  available.sort(
    (a, b) =>
      Number(b.isRequested) - Number(a.isRequested) ||
      b.score - a.score ||
      a.miles - b.miles ||
      (ratingOf.get(b.chefId) ?? 0) - (ratingOf.get(a.chefId) ?? 0) ||
      a.name.localeCompare(b.name) ||
      (a.chefId < b.chefId ? -1 : a.chefId > b.chefId ? 1 : 0),
  );
  unavailable.sort(
    (a, b) =>
      Number(b.isRequested) - Number(a.isRequested) ||
      a.name.localeCompare(b.name) ||
      (a.chefId < b.chefId ? -1 : a.chefId > b.chefId ? 1 : 0),
  );
  return {
    ranked: available.map((suggestion, index) => ({ ...suggestion, rank: index + 1 })),
    unavailable,
  };
}
