import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteBody } from './factories.ts';
import { spawnMain, startServerProcess } from './server-process.ts';

// `npm start` as a new user runs it: no DATABASE_URL, so an embedded PostgreSQL under the
// data folder, migrations, the demo seed, the API and the worker in one process.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'teppan-start-'));
chmodSync(dataDir, 0o755); // the postgres user must reach its data directory inside
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function postmasterPid(): number | null {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  return Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start on the embedded database', () => {
  it('is ready within 30 s with demo data, stops PostgreSQL on SIGTERM, and keeps the data', async () => {
    const env = {
      TEPPAN_DATA_DIR: dataDir,
      NODE_ENV: 'development',
      SEED_DEMO_DATA: 'true',
      LOG_LEVEL: 'info',
    };
    const started = Date.now();
    const first = await startServerProcess(env);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(first.output()).toContain('Seeded demo data');
    expect(first.output()).toMatch(/Staff API key\s+dev-/);
    const created = await fetch(`${first.url}/api/v1/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(quoteBody()),
    });
    expect(created.status).toBe(201);
    const quote = (await created.json()) as { id: string; number: string };
    // The demo super admin printed at start-up can sign in, and must set up two-factor first.
    expect(first.output()).toContain('Staff login    admin@teppan.local / teppan-demo-admin');
    expect(first.output()).toMatch(/then set up two-factor sign-in/);
    const login = await fetch(`${first.url}/api/v1/staff/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@teppan.local', password: 'teppan-demo-admin' }),
    });
    expect(login.status).toBe(200);
    expect(
      ((await login.json()) as { twoFactorEnrolmentRequired: boolean }).twoFactorEnrolmentRequired,
    ).toBe(true);
    const cookie = /teppan_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect(login.headers.get('set-cookie')).toMatch(/teppan_session=.*HttpOnly/i);
    const beforeEnrolment = await fetch(`${first.url}/api/v1/admin/bookings`, {
      headers: { cookie },
    });
    expect(beforeEnrolment.status).toBe(403);
    expect(((await beforeEnrolment.json()) as { error: { code: string } }).error.code).toBe(
      'TWO_FACTOR_ENROLMENT_REQUIRED',
    );
    // So can the demo chef, who sees only their own schedule.
    expect(first.output()).toContain('Chef login     chef.admin@teppan.local / teppan-demo-admin');
    const chefLogin = await fetch(`${first.url}/api/v1/staff/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'chef.admin@teppan.local', password: 'teppan-demo-admin' }),
    });
    expect(chefLogin.status).toBe(200);
    expect(((await chefLogin.json()) as { staff: { role: string } }).staff.role).toBe('chef');
    const pid = postmasterPid();
    expect(pid).not.toBeNull();

    await first.stop();
    expect(first.child.exitCode).toBe(0);
    expect(isAlive(pid!)).toBe(false);

    const second = await startServerProcess(env);
    try {
      expect(second.output()).toContain('already present');
      // The demo accounts exist now: nothing re-seeds or re-prints their password.
      expect(second.output()).not.toContain('teppan-demo-admin');
      expect(second.output()).toContain(
        'demo staff such as admin@teppan.local are created, and their sign-in printed, only into one without staff',
      );
      const again = await fetch(`${second.url}/api/v1/quotes/${quote.id}`);
      expect(((await again.json()) as { number: string }).number).toBe(quote.number);
    } finally {
      await second.stop();
    }
  });

  it('refuses to listen beyond loopback without an explicit NODE_ENV', async () => {
    // No NODE_ENV at all: exactly what a forgotten variable on a server looks like.
    const child = spawnMain({ HOST: '0.0.0.0', PORT: '0' });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('HOST: 0.0.0.0 is reachable from other machines');
    expect(output).toContain('NODE_ENV=production');
    // It stopped at the configuration: no database was started, nothing listened.
    expect(output).not.toContain('Teppan is running');
  });
});
