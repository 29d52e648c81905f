import { useQueryClient } from '@tanstack/react-query';

/** What a form opened on a booking's page gets: the booking, and how to close itself. */
export type BookingFormProps<Booking> = {
  booking: Booking;
  /** Closes the form; with a message when something was saved. */
  onDone: (message?: string) => void;
};

/** Reloads what a change to one booking shows in: its page, the lists and the audit log. */
export function useRefreshBooking(bookingId: string): () => Promise<unknown> {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['booking', bookingId] }),
      client.invalidateQueries({ queryKey: ['bookings'] }),
      client.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}
