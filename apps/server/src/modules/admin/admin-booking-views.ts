// The admin panel's booking answers per audience live in the contract now
// (packages/core/src/contract/admin.ts); re-exported for the callers here.
export {
  auditPageSchema,
  bookingCsvViews,
  bookingDetailViews,
  bookingListViews,
} from '@teppan/core/contract';
