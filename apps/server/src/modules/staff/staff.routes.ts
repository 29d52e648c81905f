import { uuidParamSchema } from '@teppan/core';
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiKeysService } from './api-keys.service.ts';
import {
  bodyField,
  clearedSessionCookie,
  contextOf,
  sessionCookie,
  sessionTokenOf,
  staffOf,
  type RequireStaff,
  type StaffAccess,
} from './require-staff.ts';
import type { StaffAdminService } from './staff-admin.service.ts';
import type { StaffAuthService } from './staff-auth.service.ts';
import {
  acceptedResponseSchema,
  apiKeyCreateBodySchema,
  apiKeyCreatedResponseSchema,
  apiKeyListResponseSchema,
  apiKeyRotateBodySchema,
  apiKeyRotatedResponseSchema,
  apiKeyViewSchema,
  invitationAcceptBodySchema,
  invitationAcceptResponseSchema,
  invitationBodySchema,
  invitationCreatedResponseSchema,
  invitationListResponseSchema,
  invitationViewSchema,
  loginBodySchema,
  loginResponseSchema,
  logoutAllResponseSchema,
  meResponseSchema,
  passwordResetConfirmBodySchema,
  passwordResetRequestBodySchema,
  staffListResponseSchema,
  staffPatchBodySchema,
  staffViewSchema,
  totpConfirmBodySchema,
  totpConfirmResponseSchema,
  totpDisableBodySchema,
  totpEnrollBodySchema,
  totpEnrollResponseSchema,
} from './staff.schemas.ts';

export type RouteAccess = StaffAccess | 'public';

/**
 * Who may call each staff route. Routes look their guard up here, and the access test
 * fails when a registered route is missing, so this table is the one place to review.
 * `isStationScoped`: the route touches one station's data, checked against the caller's.
 * `isOpenBeforeEnrolment`: reachable by a session that still owes two-factor enrolment
 * (a role that requires it, without it); every other route answers 403 to such a session.
 */
export const staffRouteAccess = {
  'POST /api/v1/staff/auth/login': { access: 'public', isStationScoped: false },
  'POST /api/v1/staff/auth/logout': {
    access: 'authenticated',
    isStationScoped: false,
    isOpenBeforeEnrolment: true,
  },
  'POST /api/v1/staff/auth/logout-all': {
    access: 'authenticated',
    isStationScoped: false,
    isOpenBeforeEnrolment: true,
  },
  'GET /api/v1/staff/auth/me': {
    access: 'authenticated',
    isStationScoped: false,
    isOpenBeforeEnrolment: true,
  },
  'POST /api/v1/staff/auth/2fa/enroll': {
    access: 'authenticated',
    isStationScoped: false,
    isOpenBeforeEnrolment: true,
  },
  'POST /api/v1/staff/auth/2fa/confirm': {
    access: 'authenticated',
    isStationScoped: false,
    isOpenBeforeEnrolment: true,
  },
  'POST /api/v1/staff/auth/2fa/disable': { access: 'authenticated', isStationScoped: false },
  'POST /api/v1/staff/auth/password-reset/request': { access: 'public', isStationScoped: false },
  'POST /api/v1/staff/auth/password-reset/confirm': { access: 'public', isStationScoped: false },
  'POST /api/v1/staff/invitations': { access: 'staff.manage', isStationScoped: true },
  'GET /api/v1/staff/invitations': { access: 'staff.manage', isStationScoped: false },
  'DELETE /api/v1/staff/invitations/:id': { access: 'staff.manage', isStationScoped: true },
  'POST /api/v1/staff/invitations/accept': { access: 'public', isStationScoped: false },
  'GET /api/v1/staff/staff': { access: 'staff.manage', isStationScoped: false },
  'PATCH /api/v1/staff/staff/:id': { access: 'staff.manage', isStationScoped: true },
  'POST /api/v1/staff/api-keys': { access: 'apiKeys.manage', isStationScoped: true },
  'GET /api/v1/staff/api-keys': { access: 'apiKeys.manage', isStationScoped: false },
  'POST /api/v1/staff/api-keys/:id/rotate': { access: 'apiKeys.manage', isStationScoped: true },
  'DELETE /api/v1/staff/api-keys/:id': { access: 'apiKeys.manage', isStationScoped: true },
} as const satisfies Record<
  string,
  { access: RouteAccess; isStationScoped: boolean; isOpenBeforeEnrolment?: true }
>;

export type StaffRouteKey = keyof typeof staffRouteAccess;

export interface StaffRoutesDeps {
  auth: StaffAuthService;
  admin: StaffAdminService;
  apiKeys: ApiKeysService;
  requireStaff: RequireStaff;
  isCookieSecure: boolean;
}

const TAGS = ['staff'];

export function staffRoutes(deps: StaffRoutesDeps): FastifyPluginAsyncZod {
  const { auth, admin, apiKeys, requireStaff, isCookieSecure } = deps;

  function guard(
    key: StaffRouteKey,
    options: Parameters<RequireStaff>[1] = {},
  ): { preHandler: preHandlerAsyncHookHandler[] } {
    const rule: { access: RouteAccess; isOpenBeforeEnrolment?: true } = staffRouteAccess[key];
    if (rule.access === 'public') return { preHandler: [] };
    return {
      preHandler: [
        requireStaff(rule.access, {
          ...options,
          isOpenBeforeEnrolment: rule.isOpenBeforeEnrolment === true,
        }),
      ],
    };
  }

  return async (app) => {
    app.post(
      '/api/v1/staff/auth/login',
      {
        schema: {
          tags: TAGS,
          summary: 'Sign in with password (+ TOTP or backup code when 2FA is on)',
          description:
            'Sets the HttpOnly `teppan_session` cookie with a new session id and returns the CSRF token to send as `x-csrf-token` on every state change. 401 INVALID_CREDENTIALS (also for an unknown or deactivated account, answered the same way), 401 TWO_FACTOR_REQUIRED (no session created), 423 ACCOUNT_LOCKED with `details.lockedUntil`: failures are counted per account and IP, the 5th locks that pair for 1 minute and each further one twice as long, up to an hour. `twoFactorEnrolmentRequired`: the role requires TOTP and has none yet; the session reaches only enrolment, `auth/me` and sign-out until it is confirmed.',
          body: loginBodySchema,
          response: { 200: loginResponseSchema },
        },
        ...guard('POST /api/v1/staff/auth/login'),
      },
      async (request, reply) => {
        const result = await auth.login(request.body, {
          ...contextOf(request),
          previousSessionToken: sessionTokenOf(request),
        });
        void reply.header(
          'set-cookie',
          sessionCookie({
            token: result.sessionToken,
            expiresAt: result.expiresAt,
            isSecure: isCookieSecure,
          }),
        );
        return {
          staff: result.staff,
          csrfToken: result.csrfToken,
          twoFactorEnrolmentRequired: result.twoFactorEnrolmentRequired,
          expiresAt: result.expiresAt.toISOString(),
        };
      },
    );

    app.post(
      '/api/v1/staff/auth/logout',
      {
        schema: { tags: TAGS, summary: 'Sign out of this session' },
        ...guard('POST /api/v1/staff/auth/logout'),
      },
      async (request, reply) => {
        await auth.logout(staffOf(request), contextOf(request));
        return reply
          .header('set-cookie', clearedSessionCookie({ isSecure: isCookieSecure }))
          .code(204)
          .send();
      },
    );

    app.post(
      '/api/v1/staff/auth/logout-all',
      {
        schema: {
          tags: TAGS,
          summary: 'Sign out everywhere (every session of this account)',
          response: { 200: logoutAllResponseSchema },
        },
        ...guard('POST /api/v1/staff/auth/logout-all'),
      },
      async (request, reply) => {
        const result = await auth.logoutAll(staffOf(request), contextOf(request));
        void reply.header('set-cookie', clearedSessionCookie({ isSecure: isCookieSecure }));
        return result;
      },
    );

    app.get(
      '/api/v1/staff/auth/me',
      {
        schema: {
          tags: TAGS,
          summary: 'The signed-in staff member, stations, permissions and CSRF token',
          response: { 200: meResponseSchema },
        },
        ...guard('GET /api/v1/staff/auth/me'),
      },
      async (request) => auth.me(staffOf(request)),
    );

    app.post(
      '/api/v1/staff/auth/2fa/enroll',
      {
        schema: {
          tags: TAGS,
          summary: 'Start TOTP enrolment (needs the password): secret, otpauth URL and QR code',
          description:
            'The secret stays pending until confirmed with a code from it. A wrong password answers 403 PASSWORD_INCORRECT and counts like a failed sign-in from this address.',
          body: totpEnrollBodySchema,
          response: { 200: totpEnrollResponseSchema },
        },
        ...guard('POST /api/v1/staff/auth/2fa/enroll'),
      },
      async (request) =>
        auth.enrollTotp(staffOf(request), {
          password: request.body.password,
          context: contextOf(request),
        }),
    );

    app.post(
      '/api/v1/staff/auth/2fa/confirm',
      {
        schema: {
          tags: TAGS,
          summary: 'Confirm TOTP enrolment; returns 10 single-use backup codes, once',
          body: totpConfirmBodySchema,
          response: { 200: totpConfirmResponseSchema },
        },
        ...guard('POST /api/v1/staff/auth/2fa/confirm'),
      },
      async (request) =>
        auth.confirmTotp(staffOf(request), {
          code: request.body.code,
          context: contextOf(request),
        }),
    );

    app.post(
      '/api/v1/staff/auth/2fa/disable',
      {
        schema: {
          tags: TAGS,
          summary: 'Turn TOTP off (needs the password and a TOTP or backup code)',
          body: totpDisableBodySchema,
        },
        ...guard('POST /api/v1/staff/auth/2fa/disable'),
      },
      async (request, reply) => {
        await auth.disableTotp(staffOf(request), {
          password: request.body.password,
          code: request.body.code,
          context: contextOf(request),
        });
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/v1/staff/auth/password-reset/request',
      {
        schema: {
          tags: TAGS,
          summary: 'Email a one-time password reset link (always 202)',
          description: 'Only the newest link works: every older open link of the account stops.',
          body: passwordResetRequestBodySchema,
          response: { 202: acceptedResponseSchema },
        },
        ...guard('POST /api/v1/staff/auth/password-reset/request'),
      },
      async (request, reply) => {
        await auth.requestPasswordReset(request.body.email, contextOf(request));
        return reply.code(202).send({ status: 'accepted' });
      },
    );

    app.post(
      '/api/v1/staff/auth/password-reset/confirm',
      {
        schema: {
          tags: TAGS,
          summary: 'Set a new password with a reset token; signs out every session',
          description:
            '400 TOKEN_INVALID (unknown, used or expired), 410 RESET_LINK_SUPERSEDED (a newer link was sent).',
          body: passwordResetConfirmBodySchema,
        },
        ...guard('POST /api/v1/staff/auth/password-reset/confirm'),
      },
      async (request, reply) => {
        await auth.confirmPasswordReset(request.body, contextOf(request));
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/v1/staff/invitations',
      {
        schema: {
          tags: TAGS,
          summary: 'Invite a staff member by email (one-time link, 7 days)',
          body: invitationBodySchema,
          response: { 201: invitationCreatedResponseSchema },
        },
        ...guard('POST /api/v1/staff/invitations'),
      },
      async (request, reply) => {
        const invitation = await admin.invite(staffOf(request), {
          input: request.body,
          context: contextOf(request),
        });
        return reply.code(201).send(invitation);
      },
    );

    app.get(
      '/api/v1/staff/invitations',
      {
        schema: {
          tags: TAGS,
          summary: 'Open invitations you could have sent (not accepted, withdrawn or expired)',
          response: { 200: invitationListResponseSchema },
        },
        ...guard('GET /api/v1/staff/invitations'),
      },
      async (request) => ({ items: await admin.listInvitations(staffOf(request)) }),
    );

    app.delete(
      '/api/v1/staff/invitations/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'Withdraw an invitation; its link then answers 410 INVITATION_REVOKED',
          description:
            '404 INVITATION_NOT_FOUND, 409 INVITATION_CLOSED when it was accepted, withdrawn or expired first; 403 when one of its stations is not yours.',
          params: uuidParamSchema,
          response: { 200: invitationViewSchema },
        },
        ...guard('DELETE /api/v1/staff/invitations/:id'),
      },
      async (request) =>
        admin.revokeInvitation(staffOf(request), {
          id: request.params.id,
          context: contextOf(request),
        }),
    );

    app.post(
      '/api/v1/staff/invitations/accept',
      {
        schema: {
          tags: TAGS,
          summary: 'Accept an invitation and choose a password',
          description:
            '400 TOKEN_INVALID (unknown, used or expired), 410 INVITATION_REVOKED (withdrawn by an admin).',
          body: invitationAcceptBodySchema,
          response: { 201: invitationAcceptResponseSchema },
        },
        ...guard('POST /api/v1/staff/invitations/accept'),
      },
      async (request, reply) => {
        const staff = await admin.acceptInvitation(request.body, contextOf(request));
        return reply.code(201).send({ staff });
      },
    );

    app.get(
      '/api/v1/staff/staff',
      {
        schema: {
          tags: TAGS,
          summary: 'Staff members of your stations',
          response: { 200: staffListResponseSchema },
        },
        ...guard('GET /api/v1/staff/staff'),
      },
      async (request) => ({ items: await admin.list(staffOf(request)) }),
    );

    app.patch(
      '/api/v1/staff/staff/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'Change role, stations or active flag',
          description:
            'Only a super admin grants or edits super_admin. Deactivating signs the member out everywhere and revokes every API key they created.',
          params: uuidParamSchema,
          body: staffPatchBodySchema,
          response: { 200: staffViewSchema },
        },
        ...guard('PATCH /api/v1/staff/staff/:id'),
      },
      async (request) =>
        admin.patch(staffOf(request), {
          staffId: request.params.id,
          patch: request.body,
          context: contextOf(request),
        }),
    );

    app.post(
      '/api/v1/staff/api-keys',
      {
        schema: {
          tags: TAGS,
          summary: 'Create an API key; the full key is in this response only',
          description:
            'A key acts only within its scopes AND what its creator may do at the time of use (role and stations); it stops when the creator is deactivated. 403 API_KEY_SCOPE_NOT_GRANTABLE for a scope your role lacks.',
          body: apiKeyCreateBodySchema,
          response: { 201: apiKeyCreatedResponseSchema },
        },
        ...guard('POST /api/v1/staff/api-keys', {
          stationFrom: (request) => bodyField(request, 'stationId'),
        }),
      },
      async (request, reply) => {
        const created = await apiKeys.create(staffOf(request), {
          input: request.body,
          context: contextOf(request),
        });
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/v1/staff/api-keys',
      {
        schema: {
          tags: TAGS,
          summary: 'API keys of your stations (never the secret)',
          response: { 200: apiKeyListResponseSchema },
        },
        ...guard('GET /api/v1/staff/api-keys'),
      },
      async (request) => ({ items: await apiKeys.list(staffOf(request)) }),
    );

    app.post(
      '/api/v1/staff/api-keys/:id/rotate',
      {
        schema: {
          tags: TAGS,
          summary: 'Issue a replacement key; the old one works until the overlap ends',
          params: uuidParamSchema,
          body: apiKeyRotateBodySchema,
          response: { 201: apiKeyRotatedResponseSchema },
        },
        ...guard('POST /api/v1/staff/api-keys/:id/rotate'),
      },
      async (request, reply) => {
        const rotated = await apiKeys.rotate(staffOf(request), {
          id: request.params.id,
          overlapHours: request.body.overlapHours,
          context: contextOf(request),
        });
        return reply.code(201).send(rotated);
      },
    );

    app.delete(
      '/api/v1/staff/api-keys/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'Revoke an API key now',
          params: uuidParamSchema,
          response: { 200: apiKeyViewSchema },
        },
        ...guard('DELETE /api/v1/staff/api-keys/:id'),
      },
      async (request) =>
        apiKeys.revoke(staffOf(request), { id: request.params.id, context: contextOf(request) }),
    );
  };
}
