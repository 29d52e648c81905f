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
    });
    expect(config).toMatchObject({ seedDemoData: false, isStaffApiKeyGenerated: false });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', GOOGLE_MAPS_API_KEY: '' }).distance).toEqual({});
  });
});
