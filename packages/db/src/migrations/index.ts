import type { Migration } from 'kysely';
import * as m0001 from './0001-schemas.ts';
import * as m0002 from './0002-stations-settings-audit.ts';
import * as m0003 from './0003-customers-quotes.ts';
import * as m0004 from './0004-chefs-leads.ts';
import * as m0005 from './0005-holds-bookings.ts';
import * as m0006 from './0006-scheduled-messages-outbox.ts';
import * as m0007 from './0007-identity.ts';
import * as m0008 from './0008-notifications.ts';
import * as m0009 from './0009-payment-events.ts';
import * as m0010 from './0010-booking-access-tokens.ts';
import * as m0011 from './0011-admin-search.ts';
import * as m0012 from './0012-conversations.ts';
import * as m0013 from './0013-sms-consent-inbox.ts';
import * as m0014 from './0014-consents-agreements.ts';
import * as m0015 from './0015-knowledge.ts';
import * as m0016 from './0016-admin-operations.ts';
import * as m0017 from './0017-settings-approvals.ts';
import * as m0018 from './0018-chef-versions.ts';
import * as m0019 from './0019-lookup-indexes.ts';
import * as m0020 from './0020-outbox-booking-index.ts';
import * as m0021 from './0021-deposit-deadlines.ts';
import * as m0022 from './0022-station-scoped-audit-and-inbox.ts';
import * as m0023 from './0023-rate-limit-windows.ts';
import * as m0024 from './0024-pii-encryption.ts';
import * as m0025 from './0025-staff-safe-defaults.ts';
import * as m0026 from './0026-conversation-turn-lease.ts';
import * as m0027 from './0027-distance-cache-no-addresses.ts';
import * as m0028 from './0028-hot-paths.ts';
import * as m0029 from './0029-hot-leads.ts';
import * as m0030 from './0030-calendar-versions.ts';
import * as m0031 from './0031-hold-contention.ts';
import * as m0032 from './0032-sms-delivery.ts';

// A static list (not a directory scan) so the order is reviewable and bundlers keep it.
export const migrations: Record<string, Migration> = {
  '0001-schemas': m0001,
  '0002-stations-settings-audit': m0002,
  '0003-customers-quotes': m0003,
  '0004-chefs-leads': m0004,
  '0005-holds-bookings': m0005,
  '0006-scheduled-messages-outbox': m0006,
  '0007-identity': m0007,
  '0008-notifications': m0008,
  '0009-payment-events': m0009,
  '0010-booking-access-tokens': m0010,
  '0011-admin-search': m0011,
  '0012-conversations': m0012,
  '0013-sms-consent-inbox': m0013,
  '0014-consents-agreements': m0014,
  '0015-knowledge': m0015,
  '0016-admin-operations': m0016,
  '0017-settings-approvals': m0017,
  '0018-chef-versions': m0018,
  '0019-lookup-indexes': m0019,
  '0020-outbox-booking-index': m0020,
  '0021-deposit-deadlines': m0021,
  '0022-station-scoped-audit-and-inbox': m0022,
  '0023-rate-limit-windows': m0023,
  '0024-pii-encryption': m0024,
  '0025-staff-safe-defaults': m0025,
  '0026-conversation-turn-lease': m0026,
  '0027-distance-cache-no-addresses': m0027,
  '0028-hot-paths': m0028,
  '0029-hot-leads': m0029,
  '0030-calendar-versions': m0030,
  '0031-hold-contention': m0031,
  '0032-sms-delivery': m0032,
};
