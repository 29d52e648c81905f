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

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', GOOGLE_MAPS_API_KEY: '' }).distance).toEqual({});
  });
});
