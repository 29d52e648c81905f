import type { Database } from '@teppan/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { countingDb } from '../../test/counting-db.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { AvailabilityService } from '../availability/availability.service.ts';
import { SettingsService } from '../settings/settings.service.ts';
import { LeadsRepository } from '../leads/leads.repository.ts';
import { HoldsService } from './holds.service.ts';

// Issue F6: a hold is placed in at most 3 round trips to PostgreSQL (settings cached; two
// today: the reads, then one locked statement), and in one once the quote's station and the
// slot's capacity inputs are known from an earlier hold: the read then places the hold, or
// records the loser's hot lead, in the same statement (migration 0029). The services here
// run on their own pool whose every client counts what it sends, BEGIN and COMMIT included.

let t: TestApp;
let counted: Database;
let sent: string[];
let quoteId: string;
let stationId: string;
let nextDay = 30;

function holdsOn(db: Database, settingsOverride?: SettingsService) {
  const settings =
    settingsOverride ??
    new SettingsService(db, { defaultStationCode: t.config.defaultStationCode });
  return new HoldsService(db, {
    settings,
    availability: new AvailabilityService(db, { settings, now: () => new Date() }),
    agreements: t.container.agreements,
    now: () => new Date(),
    publicBaseUrl: 'http://localhost',
    fieldCrypto: t.container.fieldCrypto,
    notifications: t.container.notifications,
    afterCommit: async () => {},
  });
}

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId } = await newStation(t.database.db, { chefs: 2 }));
  const quote = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() });
  quoteId = quote.json<{ id: string }>().id;
  ({ db: counted, sent } = countingDb(t.database.url));
});
afterAll(async () => {
  await counted.destroy();
  await t.close();
});

describe('hold round trips', () => {
  it('places a hold in at most 3 round trips once the settings are cached', async () => {
    const holds = holdsOn(counted);
    // The first hold also reads the station and its settings (then cached for 2 s).
    await holds.create({
      quoteId,
      date: dateAhead(nextDay++),
      slot: '18:00',
      customer: customer(),
    });
    sent.length = 0;
    const { hold } = await holds.create(
      {
        quoteId,
        date: dateAhead(nextDay++),
        slot: '18:00',
        customer: customer(),
        idempotencyKey: `rt-${Date.now()}`,
        consents: { email: true, sms: true, text: 'I agree to texts and emails.' },
      },
      { ip: '203.0.113.9' },
    );
    expect(hold.status).toBe('awaiting_signature');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length, sent.join('\n---\n')).toBeLessThanOrEqual(3);
    expect(sent.at(-1)).toContain('core.place_hold');
    // What the one statement wrote is all there: the hold, its two reminders, the consents.
    const messages = await t.database.db
      .selectFrom('core.scheduled_messages')
      .select('kind')
      .where('hold_id', '=', hold.id)
      .orderBy('kind')
      .execute();
    expect(messages.map((m) => m.kind)).toEqual(['hold.sign_deadline', 'hold.sign_warning']);
  });

  it('once the slot inputs are known, places a hold and turns a loser away in one round trip each', async () => {
    const holds = holdsOn(counted);
    const first = dateAhead(nextDay);
    // Same weekday a week later: the inputs the first hold read are the guess for the next.
    const date = dateAhead(nextDay + 7);
    nextDay += 8;
    await holds.create({ quoteId, date: first, slot: '15:00', customer: customer() });
    for (let i = 0; i < 2; i += 1) {
      sent.length = 0;
      const { hold } = await holds.create({ quoteId, date, slot: '15:00', customer: customer() });
      expect(hold.status).toBe('awaiting_signature');
      expect(sent.length, sent.join('\n---\n')).toBe(1);
      expect(sent[0]).toContain('core.load_for_hold');
    }
    sent.length = 0;
    const late = customer({ name: 'Late Lena' });
    const attempt = holds.create({
      quoteId,
      date,
      slot: '15:00',
      requestedTime: '15:00',
      customer: late,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'SLOT_FULL' });
    expect(sent.length, sent.join('\n---\n')).toBe(1);
    // The one statement recorded the hot lead, with its activity entry.
    const lead = (
      await new LeadsRepository(t.database.db, t.container.fieldCrypto).listBySource('slot_full')
    ).find((l) => l.name === 'Late Lena');
    const quote = await t.database.db
      .selectFrom('core.quotes')
      .selectAll()
      .where('id', '=', quoteId)
      .executeTakeFirstOrThrow();
    expect(lead).toMatchObject({
      station_id: stationId,
      score: 90,
      status: 'new',
      email: late.email,
      phone: late.phone,
      details: {
        quoteId,
        quoteNumber: quote.number,
        date,
        slot: '15:00',
        requestedTime: '15:00',
        guests: quote.adults + quote.children + quote.toddlers,
        totalCents: quote.total_cents,
      },
    });
    const events = await t.database.db
      .selectFrom('crm.lead_events')
      .select(['type', 'data', 'actor'])
      .where('lead_id', '=', lead?.id ?? '')
      .execute();
    expect(events).toEqual([
      { type: 'created', data: { source: 'slot_full', score: 90 }, actor: 'system' },
    ]);
  });

  it('judges capacity as of the slot lock: a blackout written after the read refuses the hold', async () => {
    const real = new SettingsService(counted, {
      defaultStationCode: t.config.defaultStationCode,
    });
    const date = dateAhead(nextDay++);
    // The blackout commits after the unlocked read (the settings are read between the two
    // round trips) and before the locked statement.
    const racing = Object.assign(Object.create(real) as SettingsService, {
      getForStation: async (id?: string) => {
        const read = await real.getForStation(id);
        await t.database.db
          .insertInto('core.date_overrides')
          .values({ station_id: stationId, date, slot: null, is_blackout: true, reason: 'Closed' })
          .execute();
        return read;
      },
    });
    const holds = holdsOn(counted, racing);
    const attempt = holds.create({ quoteId, date, slot: '18:00', customer: customer() });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'SLOT_UNAVAILABLE' });
    const placed = await t.database.db
      .selectFrom('core.holds')
      .select('id')
      .where('station_id', '=', stationId)
      .where('date', '=', date)
      .execute();
    expect(placed).toEqual([]);
  });
});
