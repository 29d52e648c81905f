import { defaultSettings } from '@teppan/core';
import type { Database } from '@teppan/db';
import { FieldCrypto } from '@teppan/db/field-crypto';
import type { Config } from './config.ts';
import type { JobQueue } from './lib/jobs.ts';
import type { Metrics } from './lib/metrics.ts';
import { ManualPaymentsService } from './modules/bookings/manual-payments.service.ts';
import { AdminService } from './modules/admin/admin.service.ts';
import { ChefsService } from './modules/chefs/chefs.service.ts';
import { DashboardService } from './modules/dashboard/dashboard.service.ts';
import { CustomersService } from './modules/customers/customers.service.ts';
import { LeadsService } from './modules/leads/leads.service.ts';
import { KnowledgeService } from './modules/knowledge/knowledge.service.ts';
import { ConversationsService } from './modules/conversations/conversations.service.ts';
import { ServerAgentTools } from './modules/conversations/server-agent-tools.ts';
import { OpenAiRephraser } from './modules/conversations/llm-rephraser.ts';
import { AvailabilityService } from './modules/availability/availability.service.ts';
import { BookingsService } from './modules/bookings/bookings.service.ts';
import { HoldsService, type ScheduledRow } from './modules/bookings/holds.service.ts';
import { AgreementsService } from './modules/agreements/agreements.service.ts';
import { ScheduledMessagesService } from './modules/bookings/scheduled-messages.service.ts';
import { PgDistanceCacheStore } from './modules/distance/distance-cache.repository.ts';
import { createDistanceProviders, DistanceService } from './modules/distance/distance.service.ts';
import { ZipGeocoder } from './modules/distance/zip-geocoder.ts';
import { QuotesService } from './modules/quotes/quotes.service.ts';
import { PaymentsService } from './modules/payments/payments.service.ts';
import { StripeCardProvider } from './modules/payments/stripe.provider.ts';
import { createNotificationsModule } from './modules/notifications/notifications.module.ts';
import { SettingsService } from './modules/settings/settings.service.ts';
import { createSmsModule } from './modules/sms/sms.module.ts';
import { SettingsAdminService } from './modules/settings/settings-admin.service.ts';
import { createStaffModule } from './modules/staff/staff.module.ts';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ContainerDeps {
  config: Config;
  db: Database;
  metrics: Metrics;
  logger: Logger;
  jobs?: JobQueue | null;
  now?: () => Date;
}

/** Wires services once per process; routes and workers receive this object. */
export function createContainer(deps: ContainerDeps) {
  const { config, db, metrics, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const jobs = deps.jobs ?? null;
  // One key ring per process for every encrypted column and keyed hash.
  const fieldCrypto = FieldCrypto.fromConfig(config.fieldCrypto);
  const afterCommit = async (rows: ScheduledRow[]) => {
    if (!jobs || rows.length === 0) return;
    try {
      await jobs.enqueueScheduledMessages(rows);
    } catch (error) {
      // The rows are durable; the sweeper delivers them if the wake-up is lost.
      logger.warn(
        { err: error },
        'could not enqueue scheduled messages; the sweeper will pick them up',
      );
    }
  };
  const settings = new SettingsService(db, { defaultStationCode: config.defaultStationCode });
  const distance = new DistanceService({
    ...createDistanceProviders({
      ...config.distance,
      circuityFactor: defaultSettings.travel.circuityFactor,
    }),
    geocoder: new ZipGeocoder(),
    cache: new PgDistanceCacheStore(db),
    // The cache key holds a keyed hash of the venue address, never the address.
    hashAddress: (address) => fieldCrypto.keyedHash('distance-cache.address', address),
    cacheDays: defaultSettings.travel.cacheDays,
    logger,
  });
  const quotes = new QuotesService(db, { settings, distance });
  const availability = new AvailabilityService(db, { settings, now });
  const agreements = new AgreementsService(db, { settings });
  const notifications = createNotificationsModule({ db, config, logger, fieldCrypto });
  const holds = new HoldsService(db, {
    settings,
    availability,
    agreements,
    now,
    publicBaseUrl: config.publicBaseUrl,
    fieldCrypto,
    notifications,
    afterCommit,
    onSlotFull: () => metrics.slotFull.inc(),
  });
  const sms = createSmsModule({ db, config, logger, fieldCrypto });
  const bookings = new BookingsService(db, {
    notifications,
    publicBaseUrl: config.publicBaseUrl,
    settings,
    availability,
    quotes,
    holds,
    now,
    afterCommit,
    fieldCrypto,
  });
  const scheduledMessages = new ScheduledMessagesService(db, {
    publicBaseUrl: config.publicBaseUrl,
    mailFrom: config.mail.from,
    settings,
    now,
    fieldCrypto,
    staffAlertEmail: config.mail.staffAlertEmail ?? null,
  });
  const payments = new PaymentsService(db, {
    bookings,
    stripe: config.stripe ? new StripeCardProvider(config.stripe) : null,
    publicBaseUrl: config.publicBaseUrl,
    afterCommit,
    fieldCrypto,
    notifications,
  });
  const staff = createStaffModule({ db, config, now, fieldCrypto });
  const admin = new AdminService(db, { bookings, fieldCrypto });
  const chefs = new ChefsService(db, { settings, now });
  const dashboard = new DashboardService(db, { settings, now });
  const manualPayments = new ManualPaymentsService(db, { bookings, afterCommit });
  const knowledge = new KnowledgeService(db);
  const customers = new CustomersService(db, { now, fieldCrypto });
  const leads = new LeadsService(db, {
    now,
    settings,
    quotes,
    holds,
    publicBaseUrl: config.publicBaseUrl,
    fieldCrypto,
  });
  const settingsAdmin = new SettingsAdminService(db, { settings, now });
  const agentToolDeps = {
    db,
    quotes,
    availability,
    holds,
    settings,
    distance,
    knowledge,
    publicBaseUrl: config.publicBaseUrl,
    fieldCrypto,
  };
  const conversations = new ConversationsService(db, {
    now,
    defaultStationId: () => settings.resolveStationId(),
    tools: new ServerAgentTools({ ...agentToolDeps, channel: 'chat' }),
    smsTools: new ServerAgentTools({ ...agentToolDeps, channel: 'sms' }),
    rephraser: config.llm ? new OpenAiRephraser(config.llm) : null,
    business: { name: config.sms.businessName, phone: config.sms.businessPhone },
    fieldCrypto,
    // A bulkhead: a burst of chat never takes the pool or the event loop (ADR 0014).
    maxConcurrentTurns: config.assistantMaxConcurrentTurns,
  });
  return {
    config,
    db,
    metrics,
    logger,
    jobs,
    now,
    fieldCrypto,
    settings,
    distance,
    quotes,
    availability,
    holds,
    agreements,
    bookings,
    scheduledMessages,
    payments,
    staff,
    admin,
    chefs,
    dashboard,
    settingsAdmin,
    manualPayments,
    knowledge,
    customers,
    leads,
    conversations,
    notifications,
    sms,
  };
}

export type Container = ReturnType<typeof createContainer>;
