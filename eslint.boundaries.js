// Import boundaries between the apps and between the server's layers (F6, ARCHITECTURE.md
// "Layout", STYLE.md rules 4 and 11). Kept apart from eslint.config.js so that
// test/gates/eslint-boundaries.test.ts can lint sample code against exactly these blocks.
//
// Two rule keys, so that the blocks never replace each other on the same file:
// - `no-restricted-imports`: which app or package a file may import at all;
// - `@typescript-eslint/no-restricted-imports`: the server's layers (type-only imports of a
//   row type are allowed: a type ships no code and opens no connection).

const SERVER_SRC = ['**/server/src', '**/server/src/**', '@teppan/server', '@teppan/server/**'];
const ADMIN_SRC = ['**/admin/src', '**/admin/src/**', '@teppan/admin', '@teppan/admin/**'];
const CUSTOMER_SRC = [
  '**/customer/src',
  '**/customer/src/**',
  '@teppan/customer',
  '@teppan/customer/**',
];

const crossApp = (group, message) => ['error', { patterns: [{ group, message }] }];

/** Repositories of other modules every service may write through. */
const SHARED_REPOSITORIES = [
  // ADR 0009: an action and its audit entry commit in one transaction, the caller's.
  '!../audit/audit.repository.ts',
  // ADR 0005: a message is queued in the transaction of the change it announces.
  '!../messaging/outbox.repository.ts',
];

const OTHER_MODULE_REPOSITORY = ['../*/*.repository.ts', '../../*/*.repository.ts'];

const layerRule = (group, message) => [
  'error',
  { patterns: [{ group, message, allowTypeImports: true }] },
];

const SERVICE_MESSAGE =
  "A service reaches another module through that module's service, not its repository " +
  '(ARCHITECTURE.md "Layout"); exceptions are listed in eslint.boundaries.js with a reason.';

/**
 * Files that write another module's rows inside their own transaction, where going through
 * the other service would open a second transaction (STYLE.md rule 13: a transaction never
 * waits for a second pool connection). Each entry names the repositories it may use and why.
 */
const SAME_TRANSACTION_EXCEPTIONS = [
  {
    // A hold, its customer, lead, consent, quote and deposit row commit together under the
    // slot lock (ADR 0002, ADR 0018).
    files: [
      'apps/server/src/modules/bookings/holds.service.ts',
      'apps/server/src/modules/bookings/hold-placement.ts',
    ],
    allow: ['availability', 'conversations', 'customers', 'leads', 'payments', 'quotes'],
  },
  {
    // Confirmation, reschedule (fee row), cancellation (refund owed) and manual payments
    // change the booking and its payments in one transaction.
    files: [
      'apps/server/src/modules/bookings/bookings.service.ts',
      'apps/server/src/modules/bookings/bookings-base.service.ts',
      'apps/server/src/modules/bookings/booking-payments.service.ts',
      'apps/server/src/modules/bookings/booking-cancel.ts',
      'apps/server/src/modules/bookings/manual-payments.service.ts',
      // The message about a change reads its customer, quote and payments in that change's
      // transaction (ADR 0005).
      'apps/server/src/modules/bookings/booking-change-notify.ts',
    ],
    allow: ['customers', 'payments', 'quotes'],
  },
  {
    // A text about a booking change is queued only where the number consented, read from the
    // consent ledger in the change's transaction (ADR 0005, SPEC §11).
    files: ['apps/server/src/modules/notifications/booking-change-messages.ts'],
    allow: ['conversations'],
  },
  {
    // A Stripe event marks the payment and confirms the booking exactly once (ADR 0004).
    files: ['apps/server/src/modules/payments/payments.service.ts'],
    allow: ['bookings', 'customers'],
  },
  {
    // Chef assignment, settings capacity and admin slot moves take the slot-capacity row
    // lock of the bookings module in their own transaction (ADR 0002, ADR 0010, ADR 0013).
    files: [
      'apps/server/src/modules/admin/admin.service.ts',
      'apps/server/src/modules/chefs/chefs.service.ts',
      'apps/server/src/modules/chefs/chef-assignments.service.ts',
      'apps/server/src/modules/chefs/chef-schedule.ts',
      'apps/server/src/modules/settings/settings-admin.service.ts',
      'apps/server/src/modules/settings/settings-overrides.service.ts',
    ],
    allow: ['availability', 'bookings'],
  },
  {
    // A lead created by staff is linked to the customer with its email in the lead's own
    // transaction (one read, no second connection).
    files: [
      'apps/server/src/modules/leads/leads.service.ts',
      'apps/server/src/modules/leads/lead-*.ts',
    ],
    allow: ['customers'],
  },
  {
    // Known debt, read-only: the due-message job reads the booking's customer, quote,
    // payments and settings to render one message; the assistant's tools read a booking,
    // its payments and leads (ADR 0006: the tools are the API's services). To move behind
    // the services' read methods. scheduled-followups.ts is the same job's follow-ups, split
    // out to keep the service under 500 lines.
    files: [
      'apps/server/src/modules/bookings/scheduled-messages.service.ts',
      'apps/server/src/modules/bookings/scheduled-followups.ts',
      'apps/server/src/modules/conversations/server-agent-tools.ts',
    ],
    allow: ['bookings', 'customers', 'leads', 'payments', 'quotes', 'settings'],
  },
];

const allowRepositories = (modules) =>
  modules.flatMap((m) => [`!../${m}/*.repository.ts`, `!../../${m}/*.repository.ts`]);

export default [
  // No app imports another app's source: server code must not ship in a browser bundle,
  // and the two front ends share code through packages, not through each other.
  {
    files: ['apps/admin/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': crossApp(
        [...SERVER_SRC, ...CUSTOMER_SRC],
        'The admin app imports no other app: shared code lives in a package (@teppan/core).',
      ),
    },
  },
  {
    files: ['apps/customer/**/*.{ts,tsx}'],
    // The browser/server parity test starts the real server on purpose; tests ship nowhere.
    ignores: ['**/*.int.test.ts'],
    rules: {
      'no-restricted-imports': crossApp(
        [...SERVER_SRC, ...ADMIN_SRC],
        'The customer app imports no other app: shared code lives in a package (@teppan/core).',
      ),
    },
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: {
      'no-restricted-imports': crossApp(
        [...ADMIN_SRC, ...CUSTOMER_SRC],
        'The server imports no front-end source.',
      ),
    },
  },
  // Routes parse and reply; they reach data through a service.
  {
    files: ['apps/server/src/**/*.routes.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        ['**/*.repository.ts', '**/*.repository'],
        'A routes file builds no repository: call a service (ARCHITECTURE.md "Layout").',
      ),
    },
  },
  {
    // Known debt: the operator's outbox page lists rows straight from the outbox
    // repository. The route file belongs to the contract work (f6-contract), which moves
    // it behind a service.
    files: ['apps/server/src/modules/ops/ops.routes.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        ['**/*.repository.ts', '**/*.repository', '!**/messaging/outbox.repository.ts'],
        'A routes file builds no repository: call a service (ARCHITECTURE.md "Layout").',
      ),
    },
  },
  // Services and helpers of a module do not use another module's repository.
  {
    files: ['apps/server/src/modules/**/*.ts'],
    ignores: [
      '**/*.routes.ts',
      '**/*.repository.ts',
      '**/*.test.ts',
      '**/*.test-helper.ts',
      '**/test/**',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        [...OTHER_MODULE_REPOSITORY, ...SHARED_REPOSITORIES],
        SERVICE_MESSAGE,
      ),
    },
  },
  ...SAME_TRANSACTION_EXCEPTIONS.map(({ files, allow }) => ({
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        [...OTHER_MODULE_REPOSITORY, ...SHARED_REPOSITORIES, ...allowRepositories(allow)],
        SERVICE_MESSAGE,
      ),
    },
  })),
];
