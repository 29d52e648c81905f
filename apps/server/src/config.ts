import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import {
  DEVELOPMENT_FIELD_KEYS,
  DEVELOPMENT_PEPPER,
  FieldCryptoError,
  parseFieldKeys,
  parsePepper,
} from '@teppan/db/field-crypto';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalUrl = z.url().optional();

const rateLimit = z.coerce.number().int().min(1).max(1_000_000);

/** Names proxy-addr understands besides addresses: 127.0.0.1/8 + ::1, link-local, private. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry) || isIP(entry) !== 0) return true;
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (!match?.[1] || !match[2]) return false;
  const version = isIP(match[1]);
  const bits = Number(match[2]);
  return (version === 4 && bits <= 32) || (version === 6 && bits <= 128);
}

/**
 * TRUST_PROXY: unset trusts no proxy (the client is the socket's peer); a number trusts that
 * many hops in front of the app; a comma list trusts those addresses, CIDR ranges or the
 * names `loopback`, `linklocal`, `uniquelocal`. Never `true`: that lets any client choose its
 * IP, and with it its rate-limit bucket.
 */
export function parseTrustProxy(
  value: string | undefined,
): { trustProxy: Config['trustProxy'] } | { problem: string } {
  const text = value?.trim() ?? '';
  if (text === '') return { trustProxy: false };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return { problem: 'TRUST_PROXY: at most 10 proxy hops' };
    return { trustProxy: hops === 0 ? false : hops };
  }
  if (/^(true|false|yes|no)$/i.test(text))
    return {
      problem:
        'TRUST_PROXY: not a yes/no setting: leave it unset to trust no proxy, or give the proxies’ addresses or their number (`true` would let any client choose its IP)',
    };
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length)
    return {
      problem: `TRUST_PROXY: not an address, CIDR range or loopback/linklocal/uniquelocal: ${bad.map((entry) => JSON.stringify(entry)).join(', ')}`,
    };
  return { trustProxy: entries };
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Links are built as `${publicBaseUrl}/book/hold/…`: a trailing slash would make `//book/…`.
  PUBLIC_BASE_URL: z
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  TEPPAN_DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  // Every checkout and statement is bounded: a stuck piece of work answers 503, never a hang.
  DB_POOL_CHECKOUT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(3_600_000).default(10_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(50).max(3_600_000).default(5000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(50).max(3_600_000).default(10_000),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  ASSISTANT_MAX_CONCURRENT_TURNS: z.coerce.number().int().min(1).max(100).optional(),
  RUN_WORKER: booleanString.default(true),
  SEED_DEMO_DATA: booleanString.optional(),
  STAFF_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  DEFAULT_STATION_CODE: z.string().min(1).default('CA-FREMONT-001'),
  JOBS_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  GOOGLE_MAPS_API_KEY: z.string().min(1).optional(),
  GOOGLE_MAPS_BASE_URL: optionalUrl,
  ORS_API_KEY: z.string().min(1).optional(),
  ORS_BASE_URL: optionalUrl,
  OSRM_BASE_URL: optionalUrl,
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, 'must be a Stripe secret key')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must start with whsec_').optional(),
  STRIPE_API_BASE: optionalUrl,
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Teppan Hibachi <bookings@teppan.local>'),
  STAFF_ALERT_EMAIL: z.email().optional(),
  COOKIE_SECURE: booleanString.optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  DEMO_ADMIN_EMAIL: z.email().default('admin@teppan.local'),
  DEMO_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  RINGCENTRAL_VERIFICATION_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Outbound SMS (JWT auth); all four of client id, secret, JWT and sender, or none (offline).
  RINGCENTRAL_SERVER_URL: z.url().default('https://platform.ringcentral.com'),
  RINGCENTRAL_CLIENT_ID: z.string().min(1).optional(),
  RINGCENTRAL_CLIENT_SECRET: z.string().min(1).optional(),
  RINGCENTRAL_JWT: z.string().min(1).optional(),
  RINGCENTRAL_FROM_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15105550142')
    .optional(),
  BUSINESS_PHONE: z.string().min(7).default('(510) 555-0142'),
  BUSINESS_NAME: z.string().min(1).default('Teppan Hibachi'),
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  // SPEC §14; counted in PostgreSQL, shared by every instance (ADR 0015).
  STAFF_RATE_LIMIT_PER_MINUTE: rateLimit.default(100),
  PUBLIC_RATE_LIMIT_PER_MINUTE: rateLimit.default(20),
  PUBLIC_READ_RATE_LIMIT_PER_MINUTE: rateLimit.default(120),
  CHAT_RATE_LIMIT_PER_MINUTE: rateLimit.default(30),
  // Which proxies may say who the client is (X-Forwarded-For): unset = none.
  TRUST_PROXY: z.string().optional(),
  // Column encryption at rest (customer contact details, TOTP seeds, secrets in the outbox):
  // `id:base64(32 bytes)` pairs, the first encrypts, all decrypt (rotation in the README).
  ENCRYPTION_KEYS: z.string().min(1).optional(),
  // Keyed hashes: blind indexes for exact lookups of encrypted values, backup codes.
  HASH_PEPPER: z.string().min(1).optional(),
  // Operator endpoints (ADR 0020): /metrics wants this bearer token when set; without one it
  // is open in development and switched off in production.
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  // /api/docs and its JSON/YAML: everyone, signed-in staff and the operator key, or nobody.
  API_DOCS: z.enum(['public', 'staff', 'off']).optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  publicBaseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  dbPoolMax: number;
  /** Bounds on the app's pool and every connection in it (migrations run without them). */
  dbTimeouts: {
    checkoutTimeoutMs: number;
    statementTimeoutMs: number;
    lockTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  /** SIGTERM/SIGINT: stop gracefully, but exit after this long even with requests stuck. */
  shutdownTimeoutMs: number;
  /**
   * Assistant turns running at once in one process (the rest wait in memory): at most half
   * the pool, so chat never takes every connection, and few, so the other routes sharing
   * the event loop stay fast during a burst (ADR 0014).
   */
  assistantMaxConcurrentTurns: number;
  runWorker: boolean;
  seedDemoData: boolean;
  staffApiKey: string | undefined;
  /** True when the key was generated for this development run (printed at start-up). */
  isStaffApiKeyGenerated: boolean;
  defaultStationCode: string;
  jobsSweepSeconds: number;
  mail: { smtpUrl: string | undefined; from: string; staffAlertEmail: string | undefined };
  /** Card payments; without a secret key only the offline methods (Zelle, Venmo, cash) exist. */
  stripe: { secretKey: string; webhookSecret: string | undefined; apiBase: URL | undefined } | null;
  session: { cookieSecure: boolean; ttlHours: number };
  demoAdmin: { email: string; password: string };
  distance: {
    googleApiKey?: string;
    googleBaseUrl?: string;
    orsApiKey?: string;
    orsBaseUrl?: string;
    osrmBaseUrl?: string;
  };
  /** Inbound SMS webhook; without a token every notification is refused (nothing to check). */
  sms: {
    ringCentralVerificationToken: string | undefined;
    businessPhone: string;
    businessName: string;
    /** Outbound SMS through RingCentral; null = offline, texts stay in the outbox. */
    ringCentral: RingCentralConfig | null;
  };
  /** Optional OpenAI-compatible model that only rephrases replies; null = built-in templates. */
  llm: { baseUrl: string; model: string; apiKey: string; timeoutMs: number } | null;
  /**
   * Requests a minute (SPEC §14), counted in PostgreSQL for all instances together (ADR 0015):
   * per signed-in staff member or API key on the staff API; per client network on public
   * writes, public reads and chat (conversation starts and messages).
   */
  rateLimits: {
    staffPerMinute: number;
    publicWritesPerMinute: number;
    publicReadsPerMinute: number;
    chatPerMinute: number;
  };
  /** Fastify `trustProxy`: false (no proxy), a hop count or proxy addresses; never `true`. */
  trustProxy: false | number | string[];
  /**
   * Keys for FieldCrypto (`@teppan/db/field-crypto`). Outside production, unset variables
   * fall back to fixed development values that are not secret (`isDevelopmentDefault`).
   */
  fieldCrypto: { keys: string; pepper: string; isDevelopmentDefault: boolean };
  /** 'token': Bearer METRICS_TOKEN required; 'open': anyone (development); 'off': no route. */
  metrics: { access: 'open' | 'token' | 'off'; token: string | undefined };
  /** Who may read the API documentation (UI, JSON and YAML); staff-only in production. */
  apiDocs: 'public' | 'staff' | 'off';
}

export interface RingCentralConfig {
  serverUrl: string;
  clientId: string;
  clientSecret: string;
  jwt: string;
  fromNumber: string;
}

const RINGCENTRAL_VARIABLES = [
  'RINGCENTRAL_CLIENT_ID',
  'RINGCENTRAL_CLIENT_SECRET',
  'RINGCENTRAL_JWT',
  'RINGCENTRAL_FROM_NUMBER',
] as const;

/** Addresses only this machine can reach: a development default is safe behind them. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
  );
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The only reader of process.env. Fails listing every bad variable at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  // Development defaults (demo staff, generated keys, no secure cookie) must never face a
  // network by accident: listening beyond this machine needs NODE_ENV said out loud.
  if (blankless.NODE_ENV === undefined && !isLoopbackHost(env.HOST))
    problems.push(
      `HOST: ${env.HOST} is reachable from other machines, but NODE_ENV is not set, so development defaults (demo staff, generated keys) would apply. Set NODE_ENV=production for a deployment, NODE_ENV=development to expose a development server on purpose, or HOST=127.0.0.1.`,
    );
  if (env.NODE_ENV === 'production' && !env.STAFF_API_KEY)
    problems.push('STAFF_API_KEY: required in production');
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL)
    problems.push('DATABASE_URL: required in production');
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET)
    problems.push(
      'STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (payments are confirmed by webhook)',
    );
  if (env.NODE_ENV === 'production' && (env.SEED_DEMO_DATA ?? false) && !env.DEMO_ADMIN_PASSWORD)
    problems.push('DEMO_ADMIN_PASSWORD: required when seeding demo data in production');
  if (env.LLM_BASE_URL && !env.LLM_MODEL) problems.push('LLM_MODEL: required with LLM_BASE_URL');
  if (env.NODE_ENV === 'production' && !env.ENCRYPTION_KEYS)
    problems.push('ENCRYPTION_KEYS: required in production (id:base64 of 32 random bytes)');
  if (env.NODE_ENV === 'production' && !env.HASH_PEPPER)
    problems.push('HASH_PEPPER: required in production (base64 of 32 or more random bytes)');
  const checkKey = (name: string, parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      if (!(error instanceof FieldCryptoError)) throw error;
      problems.push(`${name}: ${error.message}`);
    }
  };
  if (env.ENCRYPTION_KEYS)
    checkKey('ENCRYPTION_KEYS', () => parseFieldKeys(env.ENCRYPTION_KEYS ?? ''));
  if (env.HASH_PEPPER) checkKey('HASH_PEPPER', () => parsePepper(env.HASH_PEPPER ?? ''));
  const halfPool = Math.max(1, Math.floor(env.DB_POOL_MAX / 2));
  if (
    env.ASSISTANT_MAX_CONCURRENT_TURNS !== undefined &&
    env.ASSISTANT_MAX_CONCURRENT_TURNS > halfPool
  )
    problems.push(
      `ASSISTANT_MAX_CONCURRENT_TURNS: at most half of DB_POOL_MAX (${halfPool}), so chat cannot take every connection`,
    );
  // Half a RingCentral set-up would look configured and send nothing: name what is missing.
  const ringCentralMissing = RINGCENTRAL_VARIABLES.filter((name) => !env[name]);
  if (ringCentralMissing.length > 0 && ringCentralMissing.length < RINGCENTRAL_VARIABLES.length)
    problems.push(
      `${ringCentralMissing.join(', ')}: required with the other RINGCENTRAL_* settings (outbound SMS needs client id, secret, JWT and sender number)`,
    );
  const trust = parseTrustProxy(env.TRUST_PROXY);
  if ('problem' in trust) problems.push(trust.problem);
  if (problems.length || 'problem' in trust) throw new ConfigError(problems);
  const distance: Config['distance'] = {};
  if (env.GOOGLE_MAPS_API_KEY) distance.googleApiKey = env.GOOGLE_MAPS_API_KEY;
  if (env.GOOGLE_MAPS_BASE_URL) distance.googleBaseUrl = env.GOOGLE_MAPS_BASE_URL;
  if (env.ORS_API_KEY) distance.orsApiKey = env.ORS_API_KEY;
  if (env.ORS_BASE_URL) distance.orsBaseUrl = env.ORS_BASE_URL;
  if (env.OSRM_BASE_URL) distance.osrmBaseUrl = env.OSRM_BASE_URL;
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    host: env.HOST,
    port: env.PORT,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(env.TEPPAN_DATA_DIR),
    logLevel: env.LOG_LEVEL,
    dbPoolMax: env.DB_POOL_MAX,
    dbTimeouts: {
      checkoutTimeoutMs: env.DB_POOL_CHECKOUT_TIMEOUT_MS,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    assistantMaxConcurrentTurns: env.ASSISTANT_MAX_CONCURRENT_TURNS ?? Math.min(2, halfPool),
    runWorker: env.RUN_WORKER,
    seedDemoData: env.SEED_DEMO_DATA ?? env.NODE_ENV !== 'production',
    // Development gets a fresh key per run so the offline payment flow works out of the box.
    staffApiKey:
      env.STAFF_API_KEY ??
      (env.NODE_ENV === 'development' ? `dev-${randomBytes(18).toString('base64url')}` : undefined),
    isStaffApiKeyGenerated: !env.STAFF_API_KEY && env.NODE_ENV === 'development',
    defaultStationCode: env.DEFAULT_STATION_CODE,
    jobsSweepSeconds: env.JOBS_SWEEP_SECONDS,
    stripe: env.STRIPE_SECRET_KEY
      ? {
          secretKey: env.STRIPE_SECRET_KEY,
          webhookSecret: env.STRIPE_WEBHOOK_SECRET,
          apiBase: env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined,
        }
      : null,
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, staffAlertEmail: env.STAFF_ALERT_EMAIL },
    session: {
      cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
      ttlHours: env.SESSION_TTL_HOURS,
    },
    // The demo seed's super admin; its password is printed by `npm start` in development.
    demoAdmin: {
      email: env.DEMO_ADMIN_EMAIL,
      password: env.DEMO_ADMIN_PASSWORD ?? 'teppan-demo-admin',
    },
    distance,
    sms: {
      ringCentralVerificationToken: env.RINGCENTRAL_VERIFICATION_TOKEN,
      businessPhone: env.BUSINESS_PHONE,
      businessName: env.BUSINESS_NAME,
      ringCentral:
        env.RINGCENTRAL_CLIENT_ID &&
        env.RINGCENTRAL_CLIENT_SECRET &&
        env.RINGCENTRAL_JWT &&
        env.RINGCENTRAL_FROM_NUMBER
          ? {
              serverUrl: env.RINGCENTRAL_SERVER_URL,
              clientId: env.RINGCENTRAL_CLIENT_ID,
              clientSecret: env.RINGCENTRAL_CLIENT_SECRET,
              jwt: env.RINGCENTRAL_JWT,
              fromNumber: env.RINGCENTRAL_FROM_NUMBER,
            }
          : null,
    },
    // Local servers (Ollama, vLLM) take any key; the SDK insists on one being set.
    llm:
      env.LLM_BASE_URL && env.LLM_MODEL
        ? {
            baseUrl: env.LLM_BASE_URL,
            model: env.LLM_MODEL,
            apiKey: env.LLM_API_KEY ?? 'not-needed',
            timeoutMs: env.LLM_TIMEOUT_MS,
          }
        : null,
    rateLimits: {
      staffPerMinute: env.STAFF_RATE_LIMIT_PER_MINUTE,
      publicWritesPerMinute: env.PUBLIC_RATE_LIMIT_PER_MINUTE,
      publicReadsPerMinute: env.PUBLIC_READ_RATE_LIMIT_PER_MINUTE,
      chatPerMinute: env.CHAT_RATE_LIMIT_PER_MINUTE,
    },
    trustProxy: trust.trustProxy,
    fieldCrypto: {
      keys: env.ENCRYPTION_KEYS ?? DEVELOPMENT_FIELD_KEYS,
      pepper: env.HASH_PEPPER ?? DEVELOPMENT_PEPPER,
      isDevelopmentDefault: !env.ENCRYPTION_KEYS || !env.HASH_PEPPER,
    },
    metrics: {
      access: env.METRICS_TOKEN ? 'token' : env.NODE_ENV === 'production' ? 'off' : 'open',
      token: env.METRICS_TOKEN,
    },
    apiDocs: env.API_DOCS ?? (env.NODE_ENV === 'production' ? 'staff' : 'public'),
  };
}
