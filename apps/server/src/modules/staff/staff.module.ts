import type { Database } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { brandFor } from '../notifications/brand.ts';
import { ApiKeysService } from './api-keys.service.ts';
import { createRequireStaff } from './require-staff.ts';
import { StaffAdminService } from './staff-admin.service.ts';
import { StaffAuthService } from './staff-auth.service.ts';
import { StaffSecrets } from './staff-secrets.ts';
import { staffRoutes } from './staff.routes.ts';

export interface StaffModuleDeps {
  db: Database;
  config: Config;
  now: () => Date;
  /** The process's key ring: seals TOTP seeds, peppers backup codes and throttle keys. */
  fieldCrypto: FieldCrypto;
}

/** Staff accounts, sessions, 2FA, roles and API keys (issue F3). */
export function createStaffModule(deps: StaffModuleDeps) {
  const { db, config, now, fieldCrypto } = deps;
  // Staff accounts span stations: the emails carry the platform's brand, not one station's.
  const brand = brandFor({ publicBaseUrl: config.publicBaseUrl, mailFrom: config.mail.from });
  const auth = new StaffAuthService(db, {
    now,
    sessionTtlHours: config.session.ttlHours,
    publicBaseUrl: config.publicBaseUrl,
    fieldCrypto,
    secrets: new StaffSecrets(fieldCrypto),
    brand,
  });
  const admin = new StaffAdminService(db, {
    now,
    publicBaseUrl: config.publicBaseUrl,
    fieldCrypto,
    brand,
  });
  const apiKeys = new ApiKeysService(db, { now });
  const requireStaff = createRequireStaff(auth);
  // Every route this module registers, so the access test can prove none is unlisted.
  const registeredRoutes: string[] = [];
  const routes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods)
        if (method !== 'HEAD') registeredRoutes.push(`${method} ${route.url}`);
    });
    await app.register(
      staffRoutes({
        auth,
        admin,
        apiKeys,
        requireStaff,
        isCookieSecure: config.session.cookieSecure,
      }),
    );
  };
  return {
    routes,
    auth,
    admin,
    apiKeys,
    requireStaff,
    verifyApiKey: (key: string) => apiKeys.verifyApiKey(key),
    registeredRoutes: (): readonly string[] => registeredRoutes,
  };
}

export type StaffModule = ReturnType<typeof createStaffModule>;
