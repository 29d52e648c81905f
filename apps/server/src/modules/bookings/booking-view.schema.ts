// The booking's wire shapes live in the contract (packages/core/src/contract/bookings.ts);
// re-exported for the callers that imported them from here.
export {
  bookingAllergensSchema,
  bookingMenuSchema,
  bookingViewSchema,
  bookingViews,
  chefBookingViewSchema,
  depositDueSchema,
  paymentViewSchema,
} from '@teppan/core/contract';
