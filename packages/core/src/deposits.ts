import type { Settings } from './settings.ts';

const MINUTE = 60_000;

/**
 * SPEC §4: once the customer says they paid offline, the booking waits for staff until
 * this deadline (a setting, counted from the signature), never earlier than the deposit
 * deadline itself, so a short setting cannot cut a customer's own time.
 */
export function staffConfirmationDeadline(input: {
  signedAt: Date;
  depositDeadline: Date;
  holds: Pick<Settings['holds'], 'staffConfirmWithinMinutesAfterSign'>;
}): Date {
  const confirmBy =
    input.signedAt.getTime() + input.holds.staffConfirmWithinMinutesAfterSign * MINUTE;
  return new Date(Math.max(confirmBy, input.depositDeadline.getTime()));
}

// A whole booking reference as the instructions print it: DEP-TP-1001.
const DEPOSIT_REFERENCE = /\bDEP-[A-Z]{1,4}-\d+\b/gi;

/**
 * The first complete deposit reference in what the customer typed that is not this
 * booking's (a typo, or the reference of another booking), or null. A note without a
 * reference, or with this booking's, is fine: staff match by the note too.
 */
export function foreignDepositReference(input: {
  reported: string;
  expected: string;
}): string | null {
  const found = input.reported.match(DEPOSIT_REFERENCE) ?? [];
  if (found.some((ref) => ref.toUpperCase() === input.expected.toUpperCase())) return null;
  return found[0]?.toUpperCase() ?? null;
}
