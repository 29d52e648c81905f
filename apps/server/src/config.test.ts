import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults for a bare development environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      runWorker: true,
      seedDemoData: true,
    });
    expect(config.isStaffApiKeyGenerated).toBe(true);
    expect(config.staffApiKey).toMatch(/^dev-/);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        RUN_WORKER: 'maybe',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'RUN_WORKER'])
      expect(problems).toContain(name);
  });

  it('requires a database URL and a staff key in production, and never invents a key there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /STAFF_API_KEY[\s\S]*DATABASE_URL/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db/teppan',
      STAFF_API_KEY: 'x'.repeat(32),
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      HASH_PEPPER: Buffer.alloc(32, 9).toString('base64'),
    });
    expect(config).toMatchObject({ seedDemoData: false, isStaffApiKeyGenerated: false });
    expect(config.fieldCrypto.isDevelopmentDefault).toBe(false);
  });

  it('needs encryption keys and a pepper in production, and checks their shape anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /ENCRYPTION_KEYS[\s\S]*HASH_PEPPER/,
    );
    expect(loadConfig({}).fieldCrypto.isDevelopmentDefault).toBe(true);
    expect(() => loadConfig({ ENCRYPTION_KEYS: 'k1:c2hvcnQ=', HASH_PEPPER: 'c2hvcnQ=' })).toThrow(
      /ENCRYPTION_KEYS: key "k1" must be 32 bytes[\s\S]*HASH_PEPPER: must be at least 32 bytes/,
    );
  });

  it('refuses a non-loopback HOST without an explicit NODE_ENV, and says what to set', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'teppan.example.com']) {
      let error: unknown;
      try {
        loadConfig({ HOST: host });
      } catch (caught) {
        error = caught;
      }
      expect(error, host).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain(`HOST: ${host}`);
      expect(problems).toMatch(
        /NODE_ENV=production[\s\S]*NODE_ENV=development[\s\S]*HOST=127\.0\.0\.1/,
      );
    }
    // A blank NODE_ENV is no more explicit than a missing one.
    expect(() => loadConfig({ HOST: '0.0.0.0', NODE_ENV: '' })).toThrow(ConfigError);
    // Said out loud, either way, it starts.
    expect(loadConfig({ HOST: '0.0.0.0', NODE_ENV: 'development' }).host).toBe('0.0.0.0');
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://u:p@db/teppan',
        STAFF_API_KEY: 'x'.repeat(32),
        ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
        HASH_PEPPER: Buffer.alloc(32, 9).toString('base64'),
      }).host,
    ).toBe('0.0.0.0');
    // Loopback needs nothing.
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it('protects /metrics and the API docs by default in production, opens them in development', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db/teppan',
      STAFF_API_KEY: 'x'.repeat(32),
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      HASH_PEPPER: Buffer.alloc(32, 9).toString('base64'),
    };
    expect(loadConfig(production)).toMatchObject({
      metrics: { access: 'off', token: undefined },
      apiDocs: 'staff',
    });
    expect(loadConfig({})).toMatchObject({ metrics: { access: 'open' }, apiDocs: 'public' });
    const token = 'm'.repeat(24);
    expect(loadConfig({ ...production, METRICS_TOKEN: token, API_DOCS: 'public' })).toMatchObject({
      metrics: { access: 'token', token },
      apiDocs: 'public',
    });
    expect(loadConfig({ METRICS_TOKEN: token, API_DOCS: 'off' })).toMatchObject({
      metrics: { access: 'token' },
      apiDocs: 'off',
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short', API_DOCS: 'private' })).toThrow(
      /METRICS_TOKEN: must be at least 24 characters[\s\S]*API_DOCS/,
    );
  });

  it('drops trailing slashes from PUBLIC_BASE_URL, so links read /book/hold/…, not //book/…', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://teppan.example/' }).publicBaseUrl).toBe(
      'https://teppan.example',
    );
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://teppan.example/shop//' }).publicBaseUrl).toBe(
      'https://teppan.example/shop',
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', GOOGLE_MAPS_API_KEY: '' }).distance).toEqual({});
  });

  it("bounds every database checkout and statement, the shutdown and the assistant's concurrency by default", () => {
    const config = loadConfig({});
    expect(config.dbTimeouts).toEqual({
      checkoutTimeoutMs: 5000,
      statementTimeoutMs: 10_000,
      lockTimeoutMs: 5000,
      idleInTransactionTimeoutMs: 10_000,
    });
    expect(config.shutdownTimeoutMs).toBe(10_000);
    const tuned = loadConfig({
      DB_POOL_CHECKOUT_TIMEOUT_MS: '2000',
      DB_STATEMENT_TIMEOUT_MS: '30000',
      DB_LOCK_TIMEOUT_MS: '1000',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '15000',
      SHUTDOWN_TIMEOUT_SECONDS: '25',
    });
    expect(tuned.dbTimeouts).toEqual({
      checkoutTimeoutMs: 2000,
      statementTimeoutMs: 30_000,
      lockTimeoutMs: 1000,
      idleInTransactionTimeoutMs: 15_000,
    });
    expect(tuned.shutdownTimeoutMs).toBe(25_000);
    expect(config.assistantMaxConcurrentTurns).toBe(2);
    expect(loadConfig({ DB_POOL_MAX: '2' }).assistantMaxConcurrentTurns).toBe(1);
    expect(loadConfig({ DB_POOL_MAX: '1' }).assistantMaxConcurrentTurns).toBe(1);
    expect(loadConfig({ ASSISTANT_MAX_CONCURRENT_TURNS: '4' }).assistantMaxConcurrentTurns).toBe(4);
    expect(() => loadConfig({ DB_POOL_MAX: '10', ASSISTANT_MAX_CONCURRENT_TURNS: '6' })).toThrow(
      /ASSISTANT_MAX_CONCURRENT_TURNS: at most half of DB_POOL_MAX \(5\)/,
    );
    // 0 would mean "wait forever" to PostgreSQL and pg: refused.
    expect(() =>
      loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0', DB_POOL_CHECKOUT_TIMEOUT_MS: '0' }),
    ).toThrow(/DB_POOL_CHECKOUT_TIMEOUT_MS[\s\S]*DB_STATEMENT_TIMEOUT_MS/);
  });
  it('sends texts through RingCentral only with the whole set, and never echoes its secrets', () => {
    expect(loadConfig({}).sms.ringCentral).toBeNull();
    const full = {
      RINGCENTRAL_CLIENT_ID: 'client-id',
      RINGCENTRAL_CLIENT_SECRET: 'client-secret-value',
      RINGCENTRAL_JWT: 'jwt-secret-value',
      RINGCENTRAL_FROM_NUMBER: '+15105550142',
    };
    expect(loadConfig(full).sms.ringCentral).toEqual({
      serverUrl: 'https://platform.ringcentral.com',
      clientId: 'client-id',
      clientSecret: 'client-secret-value',
      jwt: 'jwt-secret-value',
      fromNumber: '+15105550142',
    });
    expect(
      loadConfig({ ...full, RINGCENTRAL_SERVER_URL: 'https://platform.devtest.ringcentral.com' })
        .sms.ringCentral?.serverUrl,
    ).toBe('https://platform.devtest.ringcentral.com');
    let error: unknown;
    try {
      loadConfig({
        RINGCENTRAL_CLIENT_SECRET: 'client-secret-value',
        RINGCENTRAL_JWT: 'jwt-secret-value',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/RINGCENTRAL_CLIENT_ID, RINGCENTRAL_FROM_NUMBER: required with/);
    expect(message).not.toMatch(/secret-value/);
    expect(() => loadConfig({ ...full, RINGCENTRAL_FROM_NUMBER: '510-555-0142' })).toThrow(
      /RINGCENTRAL_FROM_NUMBER: must be an E\.164 number/,
    );
  });
});
