import { describe, expect, it } from 'vitest';
import type { BookingView, PaymentView } from './api.ts';
import {
  changeBody,
  consentsFor,
  documentLinks,
  EMAIL_CONSENT,
  hasChanges,
  paymentActions,
  SMS_CONSENT,
} from './booking-actions.ts';

const payment = (overrides: Partial<PaymentView> = {}): PaymentView => ({
  id: 'p1',
  kind: 'deposit',
  method: 'card',
  provider: 'stripe',
  status: 'pending',
  amountCents: 10000,
  reference: 'DEP-1001',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const policies = (guests: boolean, menu: boolean): BookingView['policies'] => ({
  cancellation: { refundCents: 0, forfeitedCents: 0, refundable: false, message: '' },
  reschedule: { feeCents: 0, free: true, message: '' },
  guestCountChange: { allowed: guests },
  menuChange: { allowed: menu },
});

const booking = {
  guests: { adults: 10, children: 0, toddlers: 0 },
  menu: { proteins: { chicken: 10, ny_strip: 10 } },
  version: 3,
  policies: policies(true, true),
};

describe('paymentActions', () => {
  it('offers nothing without card payments or on a closed booking', () => {
    const b = { status: 'confirmed', balanceCents: 5000, payments: [] };
    expect(paymentActions(b, false)).toEqual({ payDeposit: false, payBalance: false });
    expect(paymentActions({ ...b, status: 'cancelled' }, true)).toEqual({
      payDeposit: false,
      payBalance: false,
    });
  });

  it('offers the open card deposit first, then the balance', () => {
    const pending = { status: 'pending_deposit', balanceCents: 50000, payments: [payment()] };
    expect(paymentActions(pending, true)).toEqual({ payDeposit: true, payBalance: false });
    const offline = { ...pending, payments: [payment({ provider: 'manual', method: 'zelle' })] };
    expect(paymentActions(offline, true)).toEqual({ payDeposit: false, payBalance: false });
    const confirmed = { status: 'confirmed', balanceCents: 40000, payments: [] };
    expect(paymentActions(confirmed, true)).toEqual({ payDeposit: false, payBalance: true });
    expect(paymentActions({ ...confirmed, balanceCents: 0 }, true).payBalance).toBe(false);
  });
});

describe('changeBody', () => {
  it('sends only changed, still-allowed fields with the version', () => {
    const edit = {
      adults: 12,
      children: 0,
      toddlers: 0,
      proteins: { ny_strip: 10, chicken: 14 },
      extraProteins: {},
      addons: { gyoza: 0 },
    };
    expect(changeBody(booking, edit)).toEqual({
      version: 3,
      adults: 12,
      proteins: { ny_strip: 10, chicken: 14 },
    });
    const closed = changeBody({ ...booking, policies: policies(false, false) }, edit);
    expect(closed).toEqual({ version: 3 });
    expect(hasChanges(closed)).toBe(false);
  });

  it('treats reordered or zero counts as unchanged', () => {
    const edit = {
      adults: 10,
      children: 0,
      toddlers: 0,
      proteins: { ny_strip: 10, chicken: 10, lobster_tail: 0 },
      extraProteins: {},
      addons: {},
    };
    expect(hasChanges(changeBody(booking, edit))).toBe(false);
  });
});

describe('consents and links', () => {
  it('sends the exact wording shown with the answers', () => {
    const consents = consentsFor({ email: true, sms: false });
    expect(consents).toMatchObject({ email: true, sms: false });
    expect(consents.text).toContain(EMAIL_CONSENT);
    expect(consents.text).toContain(SMS_CONSENT);
  });

  it('carries the token in download links, encoded', () => {
    expect(documentLinks('b1', 'a+b/c').calendar).toBe(
      '/api/v1/bookings/b1/calendar.ics?token=a%2Bb%2Fc',
    );
  });
});
