import { z } from 'zod';
import { apiKeyScopes, permissions, staffRoles } from './permissions.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './staff-passwords.ts';

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
