import { createHash } from 'node:crypto';
import { contactIndex } from '@teppan/db/pii';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { hashAgreementDocuments, type AgreementDocument } from './agreement-text.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await newStation(t.database.db, { chefs: 2 });
});
afterAll(async () => t.close());

interface Current {
  version: string;
  contentHash: string;
  documents: AgreementDocument[];
}

const CONSENT_TEXT =
  'Email me my booking confirmation. | Text me reminders; reply STOP to opt out.';

// Each hold on its own day: two chefs give every slot only two places.
let day = 20;
async function newHold(extra: Record<string, unknown> = {}) {
  day += 1;
  const quote = (
    await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() })
  ).json<{ id: string }>();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    headers: { 'user-agent': 'agreement-test' },
    payload: { quoteId: quote.id, date: dateAhead(day), slot: '18:00', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>();
}

const sign = (holdId: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/holds/${holdId}/sign`,
    headers: { 'user-agent': 'agreement-test' },
    payload: {
      signerName: 'Dana Signer',
      acceptTerms: true,
      acceptLiabilityWaiver: true,
      acceptAllergenDisclosure: true,
      ...extra,
    },
  });

describe('agreement templates', () => {
  it('renders the current templates with the station policies filled in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' });
    expect(res.statusCode, res.body).toBe(200);
    const current = res.json<Current>();
    expect(current.version).toBe('terms@1+liability_waiver@1+allergen_disclosure@1');
    expect(current.documents.map((d) => d.kind)).toEqual([
      'terms',
      'liability_waiver',
      'allergen_disclosure',
    ]);
    const terms = current.documents[0]?.paragraphs.join(' ') ?? '';
    expect(terms).toContain('$100.00');
    expect(terms).not.toContain('{{');
    expect(current.contentHash).toBe(hashAgreementDocuments(current.documents));
  });

  it('stores the signature immutably with version, hash and a PDF copy', async () => {
    const current = (
      await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' })
    ).json<Current>();
    const hold = await newHold({ customer: customer() });
    const res = await sign(hold.id, { contentHash: current.contentHash });
    expect(res.statusCode, res.body).toBe(200);

    const row = await t.database.db
      .selectFrom('core.agreements')
      .selectAll()
      .where('hold_id', '=', hold.id)
      .executeTakeFirstOrThrow();
    expect(row.template_version).toBe(current.version);
    expect(row.content_hash).toBe(current.contentHash);
    expect(row.user_agent).toBe('agreement-test');
    // The stored text hashes to the stored hash: the row proves what was signed.
    expect(row.documents).toEqual(current.documents);
    const canonical = JSON.stringify(
      current.documents.map((d) => [d.kind, d.version, d.title, d.paragraphs]),
    );
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(row.content_hash);

    const pdf = row.pdf ?? Buffer.alloc(0);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const parsed = await PDFDocument.load(pdf);
    expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(parsed.getAuthor()).toBe('Dana Signer');
    expect(parsed.getKeywords()).toBe(current.contentHash);

    await expect(
      sql`update core.agreements set signer_name = 'Someone Else' where hold_id = ${hold.id}`.execute(
        t.database.db,
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`update core.agreement_templates set body = 'changed'`.execute(t.database.db),
    ).rejects.toThrow(/immutable/);
  });

  it('refuses a signature over text that is no longer current', async () => {
    const hold = await newHold({ customer: customer() });
    const res = await sign(hold.id, { contentHash: 'f'.repeat(64) });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('AGREEMENT_CHANGED');
    const count = await t.database.db
      .selectFrom('core.agreements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('hold_id', '=', hold.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe('consents and booking documents', () => {
  it('records ticked consent boxes with the exact text and IP', async () => {
    const person = customer({ phone: '(510) 555-0142' });
    await newHold({ customer: person, consents: { sms: true, email: false, text: CONSENT_TEXT } });
    const rows = await t.database.db
      .selectFrom('marketing.consents')
      .selectAll()
      .where('phone_index', '=', contactIndex(t.container.fieldCrypto, 'phone', '+15105550142'))
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: 'sms',
      status: 'opted_in',
      purpose: 'transactional',
      text_shown: CONSENT_TEXT,
      ip: '127.0.0.1',
    });
    const email = await t.database.db
      .selectFrom('marketing.consents')
      .select('id')
      .where(
        'email_index',
        '=',
        contactIndex(t.container.fieldCrypto, 'email', String(person.email)),
      )
      .execute();
    expect(email).toHaveLength(0);
  });

  it('rejects a malformed consents object with 400', async () => {
    const quote = (
      await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() })
    ).json<{ id: string }>();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/holds',
      payload: {
        quoteId: quote.id,
        date: dateAhead(60),
        slot: '18:00',
        customer: customer(),
        consents: { sms: 'yes', email: true, text: '' },
      },
    });
    expect(res.statusCode).toBe(400);
  });

  it('serves the .ics and the signed PDF to the token holder only', async () => {
    const hold = await newHold({ customer: customer() });
    expect((await sign(hold.id)).statusCode).toBe(200);
    const deposit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${hold.id}/deposit`,
      payload: { method: 'zelle' },
    });
    const booking = deposit.json<{ id: string; number: string; manageToken: string }>();

    const ics = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}/calendar.ics?token=${booking.manageToken}`,
    });
    expect(ics.statusCode, ics.body).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const vevent = new ICAL.Component(ICAL.parse(ics.body) as unknown[]).getFirstSubcomponent(
      'vevent',
    );
    expect(vevent).not.toBeNull();
    const event = new ICAL.Event(vevent ?? undefined);
    expect(event.summary).toContain(booking.number);
    expect(vevent?.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/Los_Angeles');
    expect(event.startDate.toString()).toBe(`${dateAhead(day)}T18:00:00`);

    const forbidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}/calendar.ics?token=wrong`,
    });
    expect(forbidden.statusCode).toBe(403);

    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}/agreement.pdf`,
      headers: { 'x-booking-token': booking.manageToken },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect((await PDFDocument.load(pdf.rawPayload)).getAuthor()).toBe('Dana Signer');
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}/agreement.pdf`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
