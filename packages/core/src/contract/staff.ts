import { z } from 'zod';
import { uuidParamSchema } from '../api.ts';
import { apiKeyScopes, permissions, staffRoles } from '../permissions.ts';
import { access, defineRoute } from './define-route.ts';

/**
 * The staff API (/api/v1/staff/): sign-in, two-factor, password reset, invitations, staff
 * members and API keys.
 */

export const PASSWORD_MIN_LENGTH = 12;
// argon2 cost does not grow with length, but bodies this long are never legitimate.
export const PASSWORD_MAX_LENGTH = 256;

const email = z.email('Not a valid email address.').max(320);
const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH);
// Sign-in accepts any length so an old short password gets INVALID_CREDENTIALS, not a hint.
const anyPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const totpCode = z.string().regex(/^\d{6}$/, 'Six digits.');
const oneTimeToken = z.string().min(16).max(128);
const stationIds = z.array(z.uuid()).min(1).max(50);

export const loginBodySchema = z.strictObject({
  email,
  password: anyPassword,
  totpCode: totpCode.optional(),
  backupCode: z.string().min(8).max(32).optional(),
});

// Enrolling asks for the password again: an open session alone cannot bind a new device.
export const totpEnrollBodySchema = z.strictObject({ password: anyPassword });

export const totpConfirmBodySchema = z.strictObject({ code: totpCode });

export const totpDisableBodySchema = z.strictObject({
  password: anyPassword,
  // A TOTP code or, when the device is lost, a backup code.
  code: z.string().min(6).max(32),
});

export const passwordResetRequestBodySchema = z.strictObject({ email });

export const passwordResetConfirmBodySchema = z.strictObject({
  token: oneTimeToken,
  newPassword,
});

export const invitationBodySchema = z.strictObject({
  email,
  name: z.string().trim().min(1).max(200),
  role: z.enum(staffRoles),
  stationIds,
});

export const invitationAcceptBodySchema = z.strictObject({
  token: oneTimeToken,
  password: newPassword,
});

export const staffPatchBodySchema = z
  .strictObject({
    role: z.enum(staffRoles).optional(),
    stationIds: stationIds.optional(),
    isActive: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'Change at least one field.');

export const apiKeyCreateBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** Omitted = every station (super admins only). */
  stationId: z.uuid().optional(),
  /** What the key may do; each must also be allowed to its creator (permissions.ts). */
  scopes: z
    .array(z.enum(apiKeyScopes))
    .min(1, 'Choose at least one scope.')
    .max(apiKeyScopes.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Name each scope once.'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(365 * 2)
    .optional(),
});

export const apiKeyRotateBodySchema = z.strictObject({
  overlapHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
});

// Responses: what each route may return, so nothing undeclared (a hash, a seed) can leave.
const isoTime = z.string();

export const staffViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  isActive: z.boolean(),
  stationIds: z.array(z.string()),
  isTwoFactorEnabled: z.boolean(),
  lastLoginAt: isoTime.nullable(),
  createdAt: isoTime,
});

export const loginResponseSchema = z.object({
  staff: staffViewSchema,
  csrfToken: z.string(),
  twoFactorEnrolmentRequired: z.boolean(),
  expiresAt: isoTime,
});

export const meResponseSchema = z.object({
  staff: staffViewSchema,
  role: z.enum(staffRoles),
  stations: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  permissions: z.array(z.enum(permissions)),
  csrfToken: z.string(),
  twoFactorEnrolmentRequired: z.boolean(),
});

export const logoutAllResponseSchema = z.object({ revokedSessions: z.number().int() });

export const totpEnrollResponseSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrCodeDataUrl: z.string(),
});

export const totpConfirmResponseSchema = z.object({ backupCodes: z.array(z.string()) });

export const acceptedResponseSchema = z.object({ status: z.literal('accepted') });

export const invitationCreatedResponseSchema = z.object({
  invitationId: z.string(),
  email: z.string(),
  expiresAt: isoTime,
});

export const invitationViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  stationIds: z.array(z.string()),
  expiresAt: isoTime,
  createdAt: isoTime,
  invitedByName: z.string().nullable(),
  /** Set once withdrawn (only in the answer to the withdrawal). */
  revokedAt: isoTime.nullable(),
});

export const invitationListResponseSchema = z.object({ items: z.array(invitationViewSchema) });

export const invitationAcceptResponseSchema = z.object({ staff: staffViewSchema });

export const staffListResponseSchema = z.object({ items: z.array(staffViewSchema) });

export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  stationId: z.string().nullable(),
  scopes: z.array(z.enum(apiKeyScopes)),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  /** False once the creator is deactivated (or gone): the key no longer works. */
  isCreatorActive: z.boolean(),
  rotatedFromId: z.string().nullable(),
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  revokedReason: z.enum(['revoked', 'creator_deactivated']).nullable(),
  lastUsedAt: isoTime.nullable(),
  createdAt: isoTime,
});

export const apiKeyListResponseSchema = z.object({ items: z.array(apiKeyViewSchema) });

export const apiKeyCreatedResponseSchema = z.object({ apiKey: apiKeyViewSchema, key: z.string() });

export const apiKeyRotatedResponseSchema = z.object({
  apiKey: apiKeyViewSchema,
  key: z.string(),
  previous: apiKeyViewSchema,
});

// A 204 answer: no body (the handler sends nothing, so nothing is serialized).
const noContent = z.null().optional().describe('No content');

const tags = ['staff'];

export const staffContract = {
  login: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/login',
    tags,
    summary: 'Sign in with password (+ TOTP or backup code when 2FA is on)',
    description:
      'Sets the HttpOnly `teppan_session` cookie with a new session id and returns the CSRF token to send as `x-csrf-token` on every state change. 401 INVALID_CREDENTIALS (also for an unknown or deactivated account, answered the same way), 401 TWO_FACTOR_REQUIRED (no session created), 423 ACCOUNT_LOCKED with `details.lockedUntil`: failures are counted per account and IP, the 5th locks that pair for 1 minute and each further one twice as long, up to an hour. `twoFactorEnrolmentRequired`: the role requires TOTP and has none yet; the session reaches only enrolment, `auth/me` and sign-out until it is confirmed.',
    body: loginBodySchema,
    responses: { 200: loginResponseSchema },
    access: access.public,
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/logout',
    tags,
    summary: 'Sign out of this session',
    responses: { 204: noContent },
    access: access.signedIn,
  }),
  logoutAll: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/logout-all',
    tags,
    summary: 'Sign out everywhere (every session of this account)',
    responses: { 200: logoutAllResponseSchema },
    access: access.signedIn,
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/v1/staff/auth/me',
    tags,
    summary: 'The signed-in staff member, stations, permissions and CSRF token',
    responses: { 200: meResponseSchema },
    access: access.signedIn,
  }),
  enrollTotp: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/2fa/enroll',
    tags,
    summary: 'Start TOTP enrolment (needs the password): secret, otpauth URL and QR code',
    description:
      'The secret stays pending until confirmed with a code from it. A wrong password answers 403 PASSWORD_INCORRECT and counts like a failed sign-in from this address.',
    body: totpEnrollBodySchema,
    responses: { 200: totpEnrollResponseSchema },
    access: access.signedIn,
  }),
  confirmTotp: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/2fa/confirm',
    tags,
    summary: 'Confirm TOTP enrolment; returns 10 single-use backup codes, once',
    body: totpConfirmBodySchema,
    responses: { 200: totpConfirmResponseSchema },
    access: access.signedIn,
  }),
  disableTotp: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/2fa/disable',
    tags,
    summary: 'Turn TOTP off (needs the password and a TOTP or backup code)',
    body: totpDisableBodySchema,
    responses: { 204: noContent },
    access: access.signedIn,
  }),
  requestPasswordReset: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/password-reset/request',
    tags,
    summary: 'Email a one-time password reset link (always 202)',
    description: 'Only the newest link works: every older open link of the account stops.',
    body: passwordResetRequestBodySchema,
    responses: { 202: acceptedResponseSchema },
    access: access.public,
  }),
  confirmPasswordReset: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/auth/password-reset/confirm',
    tags,
    summary: 'Set a new password with a reset token; signs out every session',
    description:
      '400 TOKEN_INVALID (unknown, used or expired), 410 RESET_LINK_SUPERSEDED (a newer link was sent).',
    body: passwordResetConfirmBodySchema,
    responses: { 204: noContent },
    access: access.public,
  }),
  invite: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/invitations',
    tags,
    summary: 'Invite a staff member by email (one-time link, 7 days)',
    body: invitationBodySchema,
    responses: { 201: invitationCreatedResponseSchema },
    access: access.staff('staff.manage'),
  }),
  listInvitations: defineRoute({
    method: 'GET',
    path: '/api/v1/staff/invitations',
    tags,
    summary: 'Open invitations you could have sent (not accepted, withdrawn or expired)',
    responses: { 200: invitationListResponseSchema },
    access: access.staff('staff.manage'),
  }),
  revokeInvitation: defineRoute({
    method: 'DELETE',
    path: '/api/v1/staff/invitations/:id',
    tags,
    summary: 'Withdraw an invitation; its link then answers 410 INVITATION_REVOKED',
    description:
      '404 INVITATION_NOT_FOUND, 409 INVITATION_CLOSED when it was accepted, withdrawn or expired first; 403 when one of its stations is not yours.',
    params: uuidParamSchema,
    responses: { 200: invitationViewSchema },
    access: access.staff('staff.manage'),
  }),
  acceptInvitation: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/invitations/accept',
    tags,
    summary: 'Accept an invitation and choose a password',
    description:
      '400 TOKEN_INVALID (unknown, used or expired), 410 INVITATION_REVOKED (withdrawn by an admin).',
    body: invitationAcceptBodySchema,
    responses: { 201: invitationAcceptResponseSchema },
    access: access.public,
  }),
  listStaff: defineRoute({
    method: 'GET',
    path: '/api/v1/staff/staff',
    tags,
    summary: 'Staff members of your stations',
    responses: { 200: staffListResponseSchema },
    access: access.staff('staff.manage'),
  }),
  patchStaff: defineRoute({
    method: 'PATCH',
    path: '/api/v1/staff/staff/:id',
    tags,
    summary: 'Change role, stations or active flag',
    description:
      'Only a super admin grants or edits super_admin. Deactivating signs the member out everywhere and revokes every API key they created.',
    params: uuidParamSchema,
    body: staffPatchBodySchema,
    responses: { 200: staffViewSchema },
    access: access.staff('staff.manage'),
  }),
  createApiKey: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/api-keys',
    tags,
    summary: 'Create an API key; the full key is in this response only',
    description:
      'A key acts only within its scopes AND what its creator may do at the time of use (role and stations); it stops when the creator is deactivated. 403 API_KEY_SCOPE_NOT_GRANTABLE for a scope your role lacks.',
    body: apiKeyCreateBodySchema,
    responses: { 201: apiKeyCreatedResponseSchema },
    access: access.staff('apiKeys.manage'),
  }),
  listApiKeys: defineRoute({
    method: 'GET',
    path: '/api/v1/staff/api-keys',
    tags,
    summary: 'API keys of your stations (never the secret)',
    responses: { 200: apiKeyListResponseSchema },
    access: access.staff('apiKeys.manage'),
  }),
  rotateApiKey: defineRoute({
    method: 'POST',
    path: '/api/v1/staff/api-keys/:id/rotate',
    tags,
    summary: 'Issue a replacement key; the old one works until the overlap ends',
    params: uuidParamSchema,
    body: apiKeyRotateBodySchema,
    responses: { 201: apiKeyRotatedResponseSchema },
    access: access.staff('apiKeys.manage'),
  }),
  revokeApiKey: defineRoute({
    method: 'DELETE',
    path: '/api/v1/staff/api-keys/:id',
    tags,
    summary: 'Revoke an API key now',
    params: uuidParamSchema,
    responses: { 200: apiKeyViewSchema },
    access: access.staff('apiKeys.manage'),
  }),
};
