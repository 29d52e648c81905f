import type { Settings } from '@teppan/core';
import type { Database } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Config } from '../../config.ts';
import type { Executor } from '../../lib/db.ts';
import {
  recordBookingConfirmation,
  type BookingConfirmationInput,
} from './booking-confirmation.ts';
import { brandFor } from './brand.ts';
import { recordBookingReceived, type BookingReceivedInput } from './booking-received.ts';
import {
  recordBookingChangeMessages,
  type BookingChangeMessageInput,
  type BookingChangeMessageKind,
} from './booking-change-messages.ts';
import { recordDepositReported, type DepositReportedInput } from './deposit-reported.ts';
import {
  createEmailTransport,
  OFFLINE_DELIVERY_LABEL,
  type EmailTransport,
} from './email-transport.ts';
import { MailRelay, type MailRelayOptions } from './mail-relay.service.ts';
import { recordPaymentReceipt, type PaymentReceiptInput } from './payment-receipt.ts';
import {
  recordPaymentMismatchAlert,
  type PaymentMismatchAlertInput,
} from './payment-mismatch-alert.ts';

export interface NotificationsModuleDeps {
  db: Database;
  config: Config;
  fieldCrypto: FieldCrypto;
  logger: {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
  /** Tests pass their own; left out, SMTP_URL decides (none → offline outbox). */
  transport?: EmailTransport | null;
  relay?: Pick<MailRelayOptions, 'maxAttempts' | 'baseDelaySeconds' | 'maxDelaySeconds'>;
}

/** Transactional email: templates, SMTP delivery from the outbox (issue F2). */
export function createNotificationsModule(deps: NotificationsModuleDeps) {
  const { db, config, logger, fieldCrypto } = deps;
  const transport =
    deps.transport !== undefined ? deps.transport : createEmailTransport(config.mail);
  const relay = new MailRelay(db, {
    transport,
    fieldCrypto,
    from: config.mail.from,
    logger,
    ...deps.relay,
  });
  const brand = brandFor({ publicBaseUrl: config.publicBaseUrl, mailFrom: config.mail.from });
  /** What every staff alert about a booking adds: where it goes, its link, the key ring. */
  const staffAlertOf = (bookingId: string) => ({
    fieldCrypto,
    staffAlertEmail: config.mail.staffAlertEmail ?? null,
    staffUrl: `${config.publicBaseUrl}/admin/bookings/${bookingId}`,
  });
  const stationBrand = (input: {
    station: { address?: string };
    settings: { brand?: Settings['brand'] };
  }) =>
    brandFor({
      publicBaseUrl: config.publicBaseUrl,
      mailFrom: config.mail.from,
      station: input.station,
      brand: input.settings.brand,
    });
  return {
    relay,
    isDelivering: relay.isDelivering,
    deliveryLabel: transport ? transport.name : OFFLINE_DELIVERY_LABEL,
    /** Worker hook: delivers up to `limit` due emails; a no-op offline. */
    relayOnce: (limit = 50) => relay.relayOnce(limit),
    /** Call inside the confirm-deposit transaction. */
    recordBookingConfirmation: (
      trx: Executor,
      input: Omit<
        BookingConfirmationInput,
        'staffAlertEmail' | 'brand' | 'staffUrl' | 'fieldCrypto'
      >,
    ) =>
      recordBookingConfirmation(trx, {
        ...input,
        ...staffAlertOf(input.booking.id),
        brand: stationBrand(input),
      }),
    /** Updated confirmation or cancellation (email + .ics, SMS if consented), in the change's transaction. */
    recordBookingChangeMessages: (
      trx: Executor,
      kind: BookingChangeMessageKind,
      input: Omit<BookingChangeMessageInput, 'brand' | 'fieldCrypto'>,
    ) =>
      recordBookingChangeMessages(trx, kind, {
        ...input,
        fieldCrypto,
        brand: stationBrand(input),
      }),
    /** Call inside the transaction that records the customer's "I've sent it". */
    recordDepositReported: (
      trx: Executor,
      input: Omit<
        DepositReportedInput,
        'staffAlertEmail' | 'brand' | 'staffUrl' | 'fieldCrypto'
      > & {
        station: { address?: string };
        settings: { brand?: Settings['brand'] };
      },
    ) =>
      recordDepositReported(trx, {
        ...input,
        ...staffAlertOf(input.booking.id),
        brand: stationBrand(input),
      }),
    /** Call inside the transaction that creates a booking paid offline (issue F7). */
    recordBookingReceived: (
      trx: Executor,
      input: Omit<BookingReceivedInput, 'brand' | 'fieldCrypto' | 'payees'> & {
        station: { address?: string };
        settings: Pick<Settings, 'brand' | 'payees'>;
      },
    ) =>
      recordBookingReceived(trx, {
        ...input,
        payees: input.settings.payees,
        brand: stationBrand(input),
        fieldCrypto,
      }),
    /** The station's brand: its name, phone, email and address as guests see them. */
    brandOf: stationBrand,
    /** Staff email about a card payment that did not match its payment row. */
    recordPaymentMismatchAlert: (
      db: Executor,
      input: Omit<
        PaymentMismatchAlertInput,
        'staffAlertEmail' | 'brand' | 'staffUrl' | 'fieldCrypto'
      >,
    ) =>
      recordPaymentMismatchAlert(db, {
        ...input,
        ...staffAlertOf(input.booking.id),
        brand,
      }),
    /** The customer's receipt for a payment that arrived, once per payment. */
    recordPaymentReceipt: (
      trx: Executor,
      input: Omit<PaymentReceiptInput, 'brand' | 'fieldCrypto'> & {
        station: { address?: string };
        settings: { brand?: Settings['brand'] };
      },
    ) => recordPaymentReceipt(trx, { ...input, fieldCrypto, brand: stationBrand(input) }),
    brand,
    close: () => transport?.close(),
  };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
