import { manualPaymentMethods } from './api.ts';
import { formatInstant } from './instant-format.ts';
import { formatCents } from './money.ts';
import type { Settings } from './settings.ts';

export type OfflineMethod = (typeof manualPaymentMethods)[number];

export type Payees = Settings['payees'];

/** How guests reach the business: named by every instruction that cannot name a payee. */
export interface BusinessContact {
  name: string;
  phone: string;
  email: string;
}

/**
 * The offline methods a guest may choose: Zelle and Venmo only with their payee set;
 * cash is handed to the business itself (SPEC §5).
 */
export function offeredOfflineMethods(payees: Payees): OfflineMethod[] {
  return manualPaymentMethods.filter(
    (method) => method === 'cash' || payeeOf(payees, method) !== null,
  );
}

/** `Teppan Hibachi LLC (pay@teppan.com)`, `@Teppan-Fremont`, or null when none is set. */
export function payeeOf(payees: Payees, method: OfflineMethod): string | null {
  switch (method) {
    case 'zelle':
      return payees.zelle ? `${payees.zelle.accountName} (${payees.zelle.recipient})` : null;
    case 'venmo':
      return payees.venmo ? payees.venmo.handle : null;
    case 'cash':
      return null;
    default: {
      const exhaustive: never = method;
      throw new Error(`unknown offline method ${String(exhaustive)}`);
    }
  }
}

export const offlineMethodLabels: Record<OfflineMethod, string> = {
  zelle: 'Zelle',
  venmo: 'Venmo',
  cash: 'cash',
};

export interface PaymentInstructionInput {
  method: OfflineMethod;
  amountCents: number;
  reference: string;
  /** The offline deposit deadline (SPEC §4); null on bookings made before deadlines. */
  deadline: Date | string | null;
  /** The station's zone: the deadline is read there. */
  timeZone: string;
  payees: Payees;
  contact: BusinessContact;
}

export interface PaymentInstruction {
  method: OfflineMethod;
  /** Whom to pay; null for cash (paid to the business) or a method with no payee set. */
  payee: string | null;
  /** False when the method's payee is missing: the text then says to call first. */
  isPayable: boolean;
  amount: string;
  reference: string;
  /** The deadline in the station's zone, e.g. `Sat, May 2, 6:00 PM PDT`. */
  deadline: string | null;
  /** One sentence (or two) for a screen, an email, an SMS or the assistant. */
  text: string;
}

/**
 * The one wording of an offline payment instruction: payee, amount to the cent, reference
 * and deadline in the station's zone (SPEC §5). Screens, emails and the assistant show this
 * text so they can never disagree about where the money goes.
 */
export function offlinePaymentInstruction(input: PaymentInstructionInput): PaymentInstruction {
  const { method, reference, contact } = input;
  const amount = formatCents(input.amountCents);
  const deadline = input.deadline ? formatInstant(input.deadline, input.timeZone) : null;
  const by = deadline ? ` by ${deadline}` : '';
  const payee = payeeOf(input.payees, method);
  const base = { method, payee, amount, reference, deadline };
  switch (method) {
    case 'zelle':
    case 'venmo': {
      const label = offlineMethodLabels[method];
      if (!payee)
        return {
          ...base,
          isPayable: false,
          text: `${label} details are not set up yet, so do not send anything by ${label}: call ${contact.phone} or write to ${contact.email} and we will tell you how to pay the ${amount} deposit${by} (reference ${reference}).`,
        };
      const note = method === 'zelle' ? 'memo' : 'note';
      return {
        ...base,
        isPayable: true,
        text: `Send ${amount} by ${label} to ${payee}${by}, with the reference ${reference} in the ${note}.`,
      };
    }
    case 'cash':
      return {
        ...base,
        isPayable: true,
        text: `Pay ${amount} in cash to ${contact.name}${by}, quoting the reference ${reference}: call ${contact.phone} to arrange the hand-over.`,
      };
    default: {
      const exhaustive: never = method;
      throw new Error(`unknown offline method ${String(exhaustive)}`);
    }
  }
}
