export const bookingStatuses = [
  'pending_deposit',
  'confirmed',
  'in_progress',
  'completed',
  'cancellation_requested',
  'cancelled',
  'no_show',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export const holdStatuses = [
  'awaiting_signature',
  'awaiting_deposit',
  'converted',
  'expired',
  'released',
] as const;
export type HoldStatus = (typeof holdStatuses)[number];

/** A business rule was broken; the server maps `code` to an HTTP answer. */
export class DomainRuleError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'DomainRuleError';
    this.code = code;
  }
}

export const bookingTransitions: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  pending_deposit: ['confirmed', 'cancellation_requested', 'cancelled'],
  confirmed: ['in_progress', 'cancellation_requested', 'cancelled', 'no_show'],
  in_progress: ['completed'],
  // Spec §4: a rejected staff cancellation returns the booking to the status it had.
  cancellation_requested: ['cancelled', 'pending_deposit', 'confirmed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return bookingTransitions[from].includes(to);
}

export function assertTransition(from: BookingStatus, to: BookingStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainRuleError('INVALID_TRANSITION', `A booking cannot go from ${from} to ${to}.`);
  }
}

/** Where a cancellation request ends: cancelled if approved, else the status it came from. */
export function resolveCancellationRequest(options: {
  previous: BookingStatus;
  approve: boolean;
}): BookingStatus {
  if (!canTransition(options.previous, 'cancellation_requested')) {
    throw new DomainRuleError(
      'INVALID_TRANSITION',
      `A cancellation cannot have been requested from ${options.previous}.`,
    );
  }
  return options.approve ? 'cancelled' : options.previous;
}

/** Spec §4: only cancellation frees the slot; a no-show still used the chef's evening. */
export function occupiesCapacity(status: BookingStatus): boolean {
  switch (status) {
    case 'pending_deposit':
    case 'confirmed':
    case 'in_progress':
    case 'completed':
    case 'cancellation_requested':
    case 'no_show':
      return true;
    case 'cancelled':
      return false;
  }
}

export function isHoldActive(options: { status: HoldStatus; expiresAt: Date; now: Date }): boolean {
  switch (options.status) {
    case 'awaiting_signature':
    case 'awaiting_deposit':
      return options.expiresAt.getTime() > options.now.getTime();
    case 'converted':
    case 'expired':
    case 'released':
      return false;
  }
}
