import { menuSchema, type AddonCode, type ProteinCode } from '@teppan/core';
import type { BookingView, MenuCounts } from './api.ts';
import { nonZero } from './draft.ts';

/** The wording next to the consent boxes; sent verbatim with the answers as evidence. */
export const EMAIL_CONSENT =
  'Email me my booking confirmation, reminders and updates about this event.';
export const SMS_CONSENT =
  'Text me reminders about this event. Message and data rates may apply; reply STOP to opt out.';

export function consentsFor(answers: { email: boolean; sms: boolean }) {
  return {
    email: answers.email,
    sms: answers.sms,
    text: `Email: ${EMAIL_CONSENT}\nSMS: ${SMS_CONSENT}`,
  };
}

const ACTIVE = new Set(['pending_deposit', 'confirmed']);

/**
 * Which card buttons the manage page shows. The deposit goes first: while it is open the
 * balance is not offered, so nobody pays the balance of a booking that is not yet held.
 */
export function paymentActions(
  booking: Pick<BookingView, 'status' | 'balanceCents' | 'payments'>,
  cardAvailable: boolean,
): { payDeposit: boolean; payBalance: boolean } {
  if (!cardAvailable || !ACTIVE.has(booking.status))
    return { payDeposit: false, payBalance: false };
  const openDeposit = booking.payments.some(
    (p) => p.kind === 'deposit' && p.status === 'pending' && p.provider === 'stripe',
  );
  const depositPaid = booking.status === 'confirmed';
  return {
    payDeposit: openDeposit && !depositPaid,
    payBalance: depositPaid && booking.balanceCents > 0,
  };
}

/** Token-carrying links for plain downloads (an <a href> cannot send the token header). */
export function documentLinks(bookingId: string, token: string) {
  const query = `token=${encodeURIComponent(token)}`;
  return {
    calendar: `/api/v1/bookings/${bookingId}/calendar.ics?${query}`,
    agreement: `/api/v1/bookings/${bookingId}/agreement.pdf?${query}`,
  };
}

export type BookingEdit = {
  adults: number;
  children: number;
  toddlers: number;
  proteins: Partial<Record<ProteinCode, number>>;
  extraProteins: Partial<Record<ProteinCode, number>>;
  addons: Partial<Record<AddonCode, number>>;
};

/** The stored menu is JSON from the server; parse it once here (STYLE rule 1). */
export function editOf(booking: Pick<BookingView, 'guests' | 'menu'>): BookingEdit {
  const parsed = menuSchema.safeParse(booking.menu);
  const menu: MenuCounts = parsed.success ? parsed.data : {};
  return {
    ...booking.guests,
    proteins: menu.proteins ?? {},
    extraProteins: menu.extraProteins ?? {},
    addons: menu.addons ?? {},
  };
}

/**
 * The PATCH body: only what changed and what the policy still allows (guests close 24 h
 * before, the menu 12 h before), with the version the page was built from.
 */
export function changeBody(
  booking: Pick<BookingView, 'guests' | 'menu' | 'version' | 'policies'>,
  edit: BookingEdit,
) {
  const before = editOf(booking);
  const body: Record<string, unknown> & { version: number } = { version: booking.version };
  if (booking.policies.guestCountChange.allowed) {
    for (const key of ['adults', 'children', 'toddlers'] as const) {
      if (edit[key] !== before[key]) body[key] = edit[key];
    }
  }
  if (booking.policies.menuChange.allowed) {
    for (const key of ['proteins', 'extraProteins', 'addons'] as const) {
      const next = nonZero<string>(edit[key]);
      if (!sameCounts(next, nonZero<string>(before[key]))) body[key] = next;
    }
  }
  return body;
}

function sameCounts(a: Record<string, number | undefined>, b: Record<string, number | undefined>) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

export function hasChanges(body: Record<string, unknown>): boolean {
  return Object.keys(body).some((key) => key !== 'version');
}
