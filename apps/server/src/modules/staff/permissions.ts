/** The permission matrix lives in `@teppan/core` (pure, shared with the admin app). */
export * from '@teppan/core/permissions';
