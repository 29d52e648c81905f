// Lockout per account and address; unknown accounts answer like known ones.
import { afterEach, describe, expect, it } from 'vitest';
import { newStaff } from './staff.test-helper.ts';
import {
  LOGIN,
  t,
  clock,
  stationId,
  login,
  auditActions,
  useTestApp,
} from './staff-auth.test-helper.ts';

useTestApp();

describe('lockout per account and address', () => {
  const IP_A = '198.51.100.7';
  const IP_B = '203.0.113.9';
  const from = (ip: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: LOGIN, payload, remoteAddress: ip });
  const lockedForMs = (response: Awaited<ReturnType<typeof from>>) => {
    expect(response.statusCode, response.body).toBe(423);
    const { error } = response.json<{
      error: { code: string; details: { lockedUntil: string } };
    }>();
    expect(error.code).toBe('ACCOUNT_LOCKED');
    return Date.parse(error.details.lockedUntil) - clock.now().getTime();
  };

  // Every test moves the clock forward and back again: TOTP codes come from the real clock.
  let moved = 0;
  const wait = (ms: number) => {
    clock.advance(ms);
    moved += ms;
  };
  afterEach(() => {
    clock.advance(-moved);
    moved = 0;
  });

  it('locks one address after 5 failures, with growing delays, while another address signs in', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const wrong = { email: staff.email, password: 'wrong password!!' };
    const right = { email: staff.email, password: staff.password };
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await from(IP_A, wrong);
      expect(response.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
    // The 5th failure locks address A for a minute…
    const first = lockedForMs(await from(IP_A, wrong));
    expect(first).toBeGreaterThan(50_000);
    expect(first).toBeLessThanOrEqual(60_000);
    const refused = await from(IP_A, right);
    expect(lockedForMs(refused)).toBeLessThanOrEqual(60_000);
    expect(refused.headers['set-cookie']).toBeUndefined();
    // …but not the account: the same person (or anyone) elsewhere signs in as usual, and that
    // success does not unlock address A.
    expect((await from(IP_B, right)).statusCode).toBe(200);
    expect(lockedForMs(await from(IP_A, right))).toBeGreaterThan(0);

    // Each further failure from A doubles the wait: 2, then 4 minutes.
    const delays: number[] = [first];
    for (const ms of [61_000, 121_000]) {
      wait(ms);
      delays.push(lockedForMs(await from(IP_A, wrong)));
    }
    expect(delays[1]).toBeGreaterThan(110_000);
    expect(delays[1]).toBeLessThanOrEqual(120_000);
    expect(delays[2]).toBeGreaterThan(230_000);
    expect(delays[2]).toBeLessThanOrEqual(240_000);

    // Once the lock runs out, the right password works from A and starts its count again.
    wait(241_000);
    expect((await from(IP_A, right)).statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('identity.login_throttle')
      .select('ip')
      .where('ip', '=', IP_A)
      .execute();
    expect(row).toEqual([]);
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect((await from(IP_A, wrong)).statusCode).toBe(401);
    expect((await from(IP_A, right)).statusCode).toBe(200);
    expect(await auditActions(staff.id)).toContain('staff.locked');
  });

  it('failures from one address never lock the account for another', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const wrong = { email: staff.email, password: 'wrong password!!' };
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const response = await from(IP_A, wrong);
      expect([401, 423]).toContain(response.statusCode);
      if (response.statusCode === 423) wait(lockedForMs(response) + 1000);
    }
    // Twelve failures from A: B still has all of its attempts, and a success.
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect((await from(IP_B, wrong)).statusCode).toBe(401);
    expect((await from(IP_B, { email: staff.email, password: staff.password })).statusCode).toBe(
      200,
    );
  });

  it('a burst of parallel guesses from one address gets 5 checks, not more', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const responses = await Promise.all(
      Array.from({ length: 16 }, () =>
        from('192.0.2.44', { email: staff.email, password: 'wrong password!!' }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(4);
    expect(statuses.filter((status) => status === 423)).toHaveLength(12);
  });
});

describe('unknown accounts', () => {
  /** Everything a client sees but the request id and the clock. */
  function visible(response: Awaited<ReturnType<typeof login>>) {
    const { requestId, ...body } = response.json<{
      requestId: string;
      error: { details?: { lockedUntil?: string } };
    }>();
    expect(requestId).toEqual(expect.any(String));
    // The lock runs from each request's own instant: same shape, same minute, not same ms.
    const lockedUntil = body.error.details?.lockedUntil;
    if (lockedUntil) {
      const inMs = Date.parse(lockedUntil) - clock.now().getTime();
      expect(inMs).toBeGreaterThan(30_000);
      expect(inMs).toBeLessThanOrEqual(60_000);
      body.error.details = { lockedUntil: 'about a minute from now' };
    }
    // The per-address request counter counts down with every request, whoever it names.
    const volatile = ['date', 'x-request-id', 'content-length', 'x-ratelimit-remaining'];
    const headers = Object.fromEntries(
      Object.entries(response.headers).filter(([name]) => !volatile.includes(name)),
    );
    return { status: response.statusCode, body, headers };
  }

  it('answer exactly like a known one: wrong password, deactivated, and once locked', async () => {
    const known = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const inactive = await newStaff(t.database.db, {
      role: 'chef',
      stationIds: [stationId],
      isActive: false,
    });
    const emails = [known.email, inactive.email, `ghost.${known.id}@teppan.test`];
    const attempt = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: { email, password: 'not the password' },
        remoteAddress: '192.0.2.80',
      });
    // Five failures each from one address: the same answers, the fifth a lock for all three.
    for (let round = 1; round <= 6; round += 1) {
      const answers = [];
      for (const email of emails) answers.push(visible(await attempt(email)));
      const [first, ...rest] = answers;
      for (const other of rest) expect({ round, ...other }).toEqual({ round, ...first });
      expect(first?.status).toBe(round < 5 ? 401 : 423);
      expect(first?.headers['set-cookie']).toBeUndefined();
    }
  });

  it('take about as long as a known one (the password hash is checked against a dummy)', async () => {
    const known = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      await t.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: { email, password: 'not the password' },
        remoteAddress: ip,
      });
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Alternating, from fresh addresses, so neither side meets a lock or a warmer cache.
    for (let i = 0; i < 5; i += 1) {
      knownTimes.push(await time(known.email, `192.0.2.${100 + i}`));
      unknownTimes.push(await time(`nobody.${i}.${known.id}@teppan.test`, `192.0.2.${150 + i}`));
    }
    // Generous: the machine is shared. Without the dummy check an unknown email answers in
    // a few milliseconds against hundreds for argon2.
    expect(median(unknownTimes)).toBeGreaterThan(median(knownTimes) * 0.5);
    expect(median(unknownTimes)).toBeLessThan(median(knownTimes) * 2);
  });
});
