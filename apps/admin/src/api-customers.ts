import { api, queryString } from './api.ts';

export type CustomerListItem = {
  id: string;
  name: string;
  email: string;
  phone: string;
  bookingCount: number;
  lastBookingAt: string | null;
  netReceivedCents: number;
  createdAt: string;
};

export type CustomerPage = { items: CustomerListItem[]; nextCursor: string | null };

export type LifetimeValue = {
  receivedCents: number;
  depositsCents: number;
  balancesCents: number;
  feesCents: number;
  refundedCents: number;
  refundsOwedCents: number;
  netReceivedCents: number;
  completedValueCents: number;
};

export type ConsentInForce = {
  channel: 'sms' | 'email';
  purpose: 'marketing' | 'transactional';
  state: 'opted_in' | 'opted_out' | 'unknown';
  source: string | null;
  at: string | null;
};

export type CustomerDetail = {
  id: string;
  name: string;
  email: string;
  phone: string;
  createdAt: string;
  stats: {
    bookingCount: number;
    completedCount: number;
    cancelledCount: number;
    firstBookingDate: string | null;
    lastBookingDate: string | null;
    lifetimeValue: LifetimeValue;
  };
  bookings: {
    id: string;
    number: string;
    stationId: string;
    status: string;
    date: string;
    slot: string;
    eventStartsAt: string;
    guests: number;
    totalCents: number;
    paidCents: number;
    sourceChannel: string;
  }[];
  consents: {
    inForce: ConsentInForce[];
    history: {
      id: number;
      channel: string;
      purpose: string;
      status: string;
      source: string;
      textShown: string | null;
      ip: string | null;
      at: string;
    }[];
  };
  leads: {
    id: string;
    stationId: string | null;
    source: string;
    status: string;
    score: number;
    nextFollowUpAt: string | null;
    isOverdue: boolean;
    bookingId: string | null;
    createdAt: string;
  }[];
};

export function listCustomers(params: {
  q?: string;
  stationId?: string;
  cursor?: string | undefined;
  limit: number;
}) {
  return api<CustomerPage>(`/api/v1/admin/customers${queryString(params)}`);
}

export function getCustomer(id: string) {
  return api<CustomerDetail>(`/api/v1/admin/customers/${id}`);
}
