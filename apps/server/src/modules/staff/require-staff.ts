import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../errors.ts';
import { can, canSeeStation, type Permission } from './permissions.ts';
import type { StaffAuthService } from './staff-auth.service.ts';
import { isSameDigest, sha256Hex } from './staff-secrets.ts';
import type { StaffPrincipal, StaffRequestContext } from './staff.types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireStaff` once the session, CSRF token, permission and station pass. */
    staff?: StaffPrincipal;
  }
}

export const SESSION_COOKIE = 'teppan_session';
export const CSRF_HEADER = 'x-csrf-token';

/** 'authenticated' = any signed-in staff member, whatever their role. */
export type StaffAccess = Permission | 'authenticated';

export interface RequireStaffOptions {
  /** The station a request touches; a staff member outside it gets 403. */
  stationFrom?: (request: FastifyRequest) => string | undefined;
  /**
   * Open to a session that still owes TOTP enrolment (its role requires two-factor): only
   * enrolment, `auth/me` and sign-out set this. Every other route answers 403
   * TWO_FACTOR_ENROLMENT_REQUIRED to such a session (SPEC §14).
   */
  isOpenBeforeEnrolment?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Parsed by hand, not through @fastify/cookie: that plugin loads its cookie codec only once
// registered, and this guard must work in any plugin, with or without it around.
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    // Our tokens are base64url; anything else is not one of ours.
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

function serializeSessionCookie(options: { value: string; expiresAt: Date; isSecure: boolean }) {
  return [
    `${SESSION_COOKIE}=${options.value}`,
    'Path=/',
    `Expires=${options.expiresAt.toUTCString()}`,
    'HttpOnly',
    ...(options.isSecure ? ['Secure'] : []),
    'SameSite=Lax',
  ].join('; ');
}

export function sessionCookie(options: {
  token: string;
  expiresAt: Date;
  isSecure: boolean;
}): string {
  return serializeSessionCookie({
    value: options.token,
    expiresAt: options.expiresAt,
    isSecure: options.isSecure,
  });
}

export function clearedSessionCookie(options: { isSecure: boolean }): string {
  return serializeSessionCookie({ value: '', expiresAt: new Date(0), isSecure: options.isSecure });
}

export function contextOf(request: FastifyRequest): StaffRequestContext {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  };
}

/** The principal `requireStaff` attached; a route without the guard is a server bug. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new AppError('UNAUTHORIZED');
  return request.staff;
}

/** Reads a string field of an already validated JSON body, for `stationFrom`. */
export function bodyField(request: FastifyRequest, field: string): string | undefined {
  const body: unknown = request.body;
  if (body === null || typeof body !== 'object' || !(field in body)) return undefined;
  const value: unknown = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

export function createRequireStaff(auth: StaffAuthService) {
  /**
   * preHandler guard: session (401) → CSRF on state changes (403 CSRF_INVALID) →
   * two-factor enrolment where the role requires it (403 TWO_FACTOR_ENROLMENT_REQUIRED) →
   * permission (403) → station (403). Runs after validation, so `stationFrom` may read the
   * parsed body.
   */
  return function requireStaff(
    access: StaffAccess,
    options: RequireStaffOptions = {},
  ): preHandlerAsyncHookHandler {
    return async (request: FastifyRequest, _reply: FastifyReply) => {
      const { principal, csrfTokenHash } = await auth.authenticate(sessionTokenOf(request));
      if (!SAFE_METHODS.has(request.method)) {
        // The token is bound to this session (stored hashed with it), so a token lifted
        // from another session, or a cookie-only double submit, does not pass.
        const given = request.headers[CSRF_HEADER];
        if (typeof given !== 'string' || !isSameDigest(sha256Hex(given), csrfTokenHash))
          throw new AppError('CSRF_INVALID');
      }
      if (principal.isTwoFactorEnrolmentRequired && !options.isOpenBeforeEnrolment)
        throw new AppError('TWO_FACTOR_ENROLMENT_REQUIRED');
      if (access !== 'authenticated' && !can(principal.role, access))
        throw new AppError('FORBIDDEN');
      const stationId = options.stationFrom?.(request);
      if (stationId !== undefined && !canSeeStation(principal, stationId))
        throw new AppError('FORBIDDEN', 'You do not have access to this station.');
      request.staff = principal;
    };
  };
}

export type RequireStaff = ReturnType<typeof createRequireStaff>;
