import { defaultSettings, demoPayees } from '@teppan/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { bookViaApi, newStation, quoteBody } from '../../test/factories.ts';

let t: TestApp;
let stationId: string;
beforeAll(async () => {
  t = await createTestApp();
  ({ stationId } = await newStation(t.database.db));
});
afterAll(async () => t.close());

describe('settings', () => {
  it('serves the public settings in force with their version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/settings' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      version: number;
      pricing: { adultCents: number };
      station: { code: string };
    }>();
    expect(body).toMatchObject({
      version: 1,
      pricing: { adultCents: 5500 },
      station: { code: 'CA-FREMONT-001' },
    });
    expect(body).not.toHaveProperty('chefAssignment');
  });

  it('writes a new version with who and when, audits it, and refuses a stale edit', async () => {
    const next = { ...defaultSettings, pricing: { ...defaultSettings.pricing, adultCents: 6000 } };
    const updated = await t.container.settings.update({
      stationId,
      settings: next,
      expectedVersion: 1,
      actor: 'staff:owner',
      note: 'Price rise',
    });
    expect(updated.version).toBe(2);
    expect(updated.settings.pricing.adultCents).toBe(6000);
    const history = await t.container.settings.history(stationId);
    expect(history.map((h) => [h.version, h.changed_by])).toEqual([
      [2, 'staff:owner'],
      [1, 'test'],
    ]);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .selectAll()
      .where('action', '=', 'settings.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'staff:owner', entity_id: stationId });

    await expect(
      t.container.settings.update({
        stationId,
        settings: defaultSettings,
        expectedVersion: 1,
        actor: 'staff:late',
      }),
    ).rejects.toMatchObject({ code: 'SETTINGS_VERSION_CONFLICT' });

    // New quotes use the new price and record the settings version they were made with.
    const quote = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: quoteBody(),
    });
    expect(
      quote.json<{ settingsVersion: number; lines: { code: string; unitCents: number }[] }>(),
    ).toMatchObject({
      settingsVersion: 2,
      lines: expect.arrayContaining([
        expect.objectContaining({ code: 'adult', unitCents: 6000 }),
      ]) as unknown,
    });
  });

  it('rejects settings that break the schema', async () => {
    const broken = { ...defaultSettings, pricing: { ...defaultSettings.pricing, adultCents: -1 } };
    await expect(
      t.container.settings.update({ stationId, settings: broken, expectedVersion: 2, actor: 'x' }),
    ).rejects.toThrow();
    expect((await t.container.settings.history(stationId))[0]?.version).toBe(2);
  });

  it('emails carry the station brand from settings', async () => {
    const current = await t.container.settings.getForStation(stationId);
    await t.container.settings.update({
      stationId,
      settings: {
        ...current.settings,
        // An earlier test wrote the bare defaults (no payee); the booking below pays by Zelle.
        payees: demoPayees,
        brand: { name: 'Sakura Hibachi Co.', primaryColor: '#0F766E' },
      },
      expectedVersion: current.version,
      actor: 'staff:owner',
    });
    const booking = await bookViaApi(t.app, { daysAhead: 40 });
    const confirmed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${booking.payments[0]!.id}/confirm`,
      headers: { authorization: `Bearer ${STAFF_KEY}` },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const email = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['html', 'body'])
      .where('template', '=', 'booking.confirmation')
      .where('booking_id', '=', booking.id)
      .executeTakeFirstOrThrow();
    expect(email.html).toContain('Sakura Hibachi Co.');
    expect(email.html).toContain('#0F766E');
    expect(email.body).toContain('Sakura Hibachi Co.');
    const publicSettings = (await t.app.inject({ method: 'GET', url: '/api/v1/settings' })).json<{
      brand: { name?: string };
    }>();
    expect(publicSettings.brand.name).toBe('Sakura Hibachi Co.');
  });
});
