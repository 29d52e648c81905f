// The dashboard's views live in the contract now; re-exported for the callers that imported them here.
export { dashboardViews } from '@teppan/core/contract';
