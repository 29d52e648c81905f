import {
  offlinePaymentInstruction,
  type OfflineMethod,
  type PaymentInstruction,
  type Payees,
} from '@teppan/core';
import type { Brand } from './brand.ts';

/** The core instruction with the station's brand as the business to call (SPEC §5). */
export function offlineInstructionFor(input: {
  brand: Pick<Brand, 'name' | 'contactPhone' | 'contactEmail'>;
  payees: Payees;
  method: OfflineMethod;
  amountCents: number;
  reference: string;
  deadline: Date | null;
  timeZone: string;
}): PaymentInstruction {
  const { brand, ...rest } = input;
  return offlinePaymentInstruction({
    ...rest,
    contact: { name: brand.name, phone: brand.contactPhone, email: brand.contactEmail },
  });
}
