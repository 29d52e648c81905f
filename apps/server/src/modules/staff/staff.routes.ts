import { staffContract } from '@teppan/core/contract';
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registerRoute } from '../../lib/contract-route.ts';
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
    registerRoute(
      app,
      staffContract.login,
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
      guard('POST /api/v1/staff/auth/login'),
    );

    registerRoute(
      app,
      staffContract.logout,
      async (request, reply) => {
        await auth.logout(staffOf(request), contextOf(request));
        return reply
          .header('set-cookie', clearedSessionCookie({ isSecure: isCookieSecure }))
          .code(204)
          .send(undefined);
      },
      guard('POST /api/v1/staff/auth/logout'),
    );

    registerRoute(
      app,
      staffContract.logoutAll,
      async (request, reply) => {
        const result = await auth.logoutAll(staffOf(request), contextOf(request));
        void reply.header('set-cookie', clearedSessionCookie({ isSecure: isCookieSecure }));
        return result;
      },
      guard('POST /api/v1/staff/auth/logout-all'),
    );

    registerRoute(
      app,
      staffContract.me,
      async (request) => auth.me(staffOf(request)),
      guard('GET /api/v1/staff/auth/me'),
    );

    registerRoute(
      app,
      staffContract.enrollTotp,
      async (request) =>
        auth.enrollTotp(staffOf(request), {
          password: request.body.password,
          context: contextOf(request),
        }),
      guard('POST /api/v1/staff/auth/2fa/enroll'),
    );

    registerRoute(
      app,
      staffContract.confirmTotp,
      async (request) =>
        auth.confirmTotp(staffOf(request), {
          code: request.body.code,
          context: contextOf(request),
        }),
      guard('POST /api/v1/staff/auth/2fa/confirm'),
    );

    registerRoute(
      app,
      staffContract.disableTotp,
      async (request, reply) => {
        await auth.disableTotp(staffOf(request), {
          password: request.body.password,
          code: request.body.code,
          context: contextOf(request),
        });
        return reply.code(204).send(undefined);
      },
      guard('POST /api/v1/staff/auth/2fa/disable'),
    );

    registerRoute(
      app,
      staffContract.requestPasswordReset,
      async (request, reply) => {
        await auth.requestPasswordReset(request.body.email, contextOf(request));
        return reply.code(202).send({ status: 'accepted' });
      },
      guard('POST /api/v1/staff/auth/password-reset/request'),
    );

    registerRoute(
      app,
      staffContract.confirmPasswordReset,
      async (request, reply) => {
        await auth.confirmPasswordReset(request.body, contextOf(request));
        return reply.code(204).send(undefined);
      },
      guard('POST /api/v1/staff/auth/password-reset/confirm'),
    );

    registerRoute(
      app,
      staffContract.invite,
      async (request, reply) => {
        const invitation = await admin.invite(staffOf(request), {
          input: request.body,
          context: contextOf(request),
        });
        return reply.code(201).send(invitation);
      },
      guard('POST /api/v1/staff/invitations'),
    );

    registerRoute(
      app,
      staffContract.listInvitations,
      async (request) => ({ items: await admin.listInvitations(staffOf(request)) }),
      guard('GET /api/v1/staff/invitations'),
    );

    registerRoute(
      app,
      staffContract.revokeInvitation,
      async (request) =>
        admin.revokeInvitation(staffOf(request), {
          id: request.params.id,
          context: contextOf(request),
        }),
      guard('DELETE /api/v1/staff/invitations/:id'),
    );

    registerRoute(
      app,
      staffContract.acceptInvitation,
      async (request, reply) => {
        const staff = await admin.acceptInvitation(request.body, contextOf(request));
        return reply.code(201).send({ staff });
      },
      guard('POST /api/v1/staff/invitations/accept'),
    );

    registerRoute(
      app,
      staffContract.listStaff,
      async (request) => ({ items: await admin.list(staffOf(request)) }),
      guard('GET /api/v1/staff/staff'),
    );

    registerRoute(
      app,
      staffContract.patchStaff,
      async (request) =>
        admin.patch(staffOf(request), {
          staffId: request.params.id,
          patch: request.body,
          context: contextOf(request),
        }),
      guard('PATCH /api/v1/staff/staff/:id'),
    );

    registerRoute(
      app,
      staffContract.createApiKey,
      async (request, reply) => {
        const created = await apiKeys.create(staffOf(request), {
          input: request.body,
          context: contextOf(request),
        });
        return reply.code(201).send(created);
      },
      guard('POST /api/v1/staff/api-keys', {
        stationFrom: (request) => bodyField(request, 'stationId'),
      }),
    );

    registerRoute(
      app,
      staffContract.listApiKeys,
      async (request) => ({ items: await apiKeys.list(staffOf(request)) }),
      guard('GET /api/v1/staff/api-keys'),
    );

    registerRoute(
      app,
      staffContract.rotateApiKey,
      async (request, reply) => {
        const rotated = await apiKeys.rotate(staffOf(request), {
          id: request.params.id,
          overlapHours: request.body.overlapHours,
          context: contextOf(request),
        });
        return reply.code(201).send(rotated);
      },
      guard('POST /api/v1/staff/api-keys/:id/rotate'),
    );

    registerRoute(
      app,
      staffContract.revokeApiKey,
      async (request) =>
        apiKeys.revoke(staffOf(request), { id: request.params.id, context: contextOf(request) }),
      guard('DELETE /api/v1/staff/api-keys/:id'),
    );
  };
}
