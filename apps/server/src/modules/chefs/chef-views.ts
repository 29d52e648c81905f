// The chefs module's views live in the contract now; re-exported for the callers that imported them here.
export {
  bookingChefsViews,
  chefDetailSchema,
  chefListSchema,
  chefViewSchema,
  timeOffListSchema,
  timeOffViewSchema,
} from '@teppan/core/contract';
