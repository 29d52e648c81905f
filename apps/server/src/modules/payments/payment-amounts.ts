import { paymentTotals, type PaymentAmount, type PaymentTotals } from '@teppan/core';
import type { PaymentRow } from './payments.repository.ts';

type PaymentRowAmount = Pick<PaymentRow, 'kind' | 'status' | 'amount_cents'>;

/** Payment rows as the pure rule of @teppan/core reads them. */
export function toPaymentAmounts(rows: readonly PaymentRowAmount[]): PaymentAmount[] {
  return rows.map((row) => ({ kind: row.kind, status: row.status, amountCents: row.amount_cents }));
}

/** Paid, owed and refunded money of one booking's payment rows (@teppan/core payment-totals). */
export function totalsOfPaymentRows(rows: readonly PaymentRowAmount[]): PaymentTotals {
  return paymentTotals(toPaymentAmounts(rows));
}
