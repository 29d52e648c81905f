import { AppError } from '../../errors.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';

/** The booking under its row lock; none by that id is BOOKING_NOT_FOUND. */
export async function lockBooking(
  repo: Pick<BookingsRepository, 'findBookingForUpdate'>,
  id: string,
): Promise<BookingRow> {
  const booking = await repo.findBookingForUpdate(id);
  if (!booking) throw new AppError('BOOKING_NOT_FOUND');
  return booking;
}

/**
 * The booking under its row lock, once the caller holds the lock of the slot it was read
 * in (`seen`). A booking moved in between is refused: the slot lock held is no longer its own.
 */
export async function lockUnmovedBooking(
  repo: Pick<BookingsRepository, 'findBookingForUpdate'>,
  seen: { id: string; date: string; slot: string },
): Promise<BookingRow> {
  const booking = await lockBooking(repo, seen.id);
  if (booking.date !== seen.date || booking.slot !== seen.slot)
    throw new AppError(
      'BOOKING_VERSION_CONFLICT',
      'The booking was just moved; reload and try again.',
    );
  return booking;
}

/** A change made to the version the caller read: a newer one is a conflict, naming the current. */
export function expectVersion(booking: { version: number }, version: number | undefined): void {
  if (version !== undefined && version !== booking.version)
    throw new AppError('BOOKING_VERSION_CONFLICT', undefined, { currentVersion: booking.version });
}
