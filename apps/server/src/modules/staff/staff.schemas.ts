import { z } from 'zod';
import { staffRoles } from './permissions.ts';
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
