import { randomBytes } from 'node:crypto';
import { contactIndex, PII_COLUMNS } from '@teppan/db/pii';
import { reencryptPii } from '@teppan/db/pii-backfill';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSilentApp } from '../lib/silent-app.ts';
import { newStaff, signIn, type SignedIn } from '../modules/staff/staff.test-helper.ts';
import { dateAhead, newStation, quoteBody, SIGN_BODY } from './factories.ts';
import { createTestApp, STAFF_KEY, type TestApp } from './harness.ts';

// Customer email and phone at rest (issue F5 point 6, ADR 0016): after the public flows
// write them, a raw read of every contact column shows ciphertext only, and every exact
// lookup the product needs still finds them through the blind index.

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const FIRST_KEY = key('first');
const SECOND_KEY = key('second');
const PEPPER = randomBytes(32).toString('base64');
const RC_TOKEN = 'rc-verification-token-pii-0123456789';

let t: TestApp;
let stationId: string;
let support: SignedIn;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      ENCRYPTION_KEYS: FIRST_KEY,
      HASH_PEPPER: PEPPER,
      RINGCENTRAL_VERIFICATION_TOKEN: RC_TOKEN,
      STAFF_ALERT_EMAIL: 'alerts@teppan.test',
    },
  });
  ({ stationId } = await newStation(t.database.db, { chefs: 3 }));
  const staff = await newStaff(t.database.db, {
    role: 'customer_support',
    stationIds: [stationId],
  });
  support = await signIn(t.app, staff);
});
afterAll(async () => t.close());

/** Every stored value of every contact column, plus whole outbox rows, as text. */
async function rawContactText(): Promise<string> {
  const parts: string[] = [];
  for (const column of PII_COLUMNS) {
    const { rows } = await sql<{ value: string | null }>`
      select ${sql.ref(column.column)}::text as value from ${sql.table(column.table)}`.execute(
      t.database.db,
    );
    for (const row of rows) if (row.value !== null) parts.push(row.value);
  }
  const { rows } = await sql<{
    row: string;
  }>`select o::text as row from marketing.outbox o`.execute(t.database.db);
  return [...parts, ...rows.map((r) => r.row)].join('\n');
}

/** The forms a contact could be stored in: as typed, lower-cased, digits only. */
const spellings = (value: string) =>
  [value, value.toLowerCase(), value.replace(/\D/g, '')].filter((v) => v.length >= 7);

function expectNoPlaintext(text: string, ...contacts: string[]) {
  for (const contact of contacts)
    for (const spelling of spellings(contact)) expect(text, spelling).not.toContain(spelling);
}

const staffGet = (url: string, session = support) =>
  t.app.inject({ method: 'GET', url, headers: session.headers });

let daySeq = 0;
async function hold(customer: { name: string; email: string; phone: string }) {
  daySeq += 1;
  const quote = await t.app.inject({
    method: 'POST',
    url: '/api/v1/quotes',
    payload: { ...quoteBody(), stationId },
  });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    payload: {
      quoteId: quote.json<{ id: string }>().id,
      date: dateAhead(30 + daySeq),
      slot: '18:00',
      customer,
      consents: { sms: true, email: true, text: 'Text and email me about my event.' },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function customerOfHold(holdId: string) {
  const row = await t.database.db
    .selectFrom('core.holds')
    .select('customer_id')
    .where('id', '=', holdId)
    .executeTakeFirstOrThrow();
  return row.customer_id;
}

describe('a booking through the public API', () => {
  const host = {
    name: 'Hiroko Watanabe',
    email: 'Hiroko.Watanabe@Example.com',
    phone: '(669) 555-0147',
  };
  // The booking form keeps a phone's digits (customerSchema); that is what staff see.
  const storedPhone = '6695550147';
  let bookingId = '';
  let bookingNumber = '';
  let manageToken = '';

  it('stores the host’s email and phone, consents and messages without plaintext', async () => {
    const holdId = await hold(host);
    await t.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/sign`, payload: SIGN_BODY });
    const deposit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${holdId}/deposit`,
      payload: {},
    });
    expect(deposit.statusCode, deposit.body).toBe(201);
    const booking = deposit.json<{
      id: string;
      number: string;
      manageToken: string;
      payments: { id: string }[];
    }>();
    ({ id: bookingId, number: bookingNumber, manageToken } = booking);
    const confirmed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
      headers: { authorization: `Bearer ${STAFF_KEY}` },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    // The rows exist (found by index)…
    const emailIndex = contactIndex(t.container.fieldCrypto, 'email', host.email);
    const phoneIndex = contactIndex(t.container.fieldCrypto, 'phone', host.phone);
    const consents = await t.database.db
      .selectFrom('marketing.consents')
      .select('channel')
      .where((eb) =>
        eb.or([eb('email_index', '=', emailIndex), eb('phone_index', '=', phoneIndex)]),
      )
      .execute();
    expect(consents.map((c) => c.channel).sort()).toEqual(['email', 'sms']);
    const messages = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['template', 'secrets_expire_at'])
      .where('booking_id', '=', bookingId)
      .execute();
    expect(messages.map((m) => m.template).sort()).toEqual([
      'booking.confirmation',
      'booking.received',
      'booking.staff_alert',
      'payment.receipt',
    ]);
    // …and nothing readable holds the host’s contact details or the emailed manage token,
    // not even the staff alert, which quotes them.
    const raw = await rawContactText();
    expectNoPlaintext(raw, host.email, host.phone);
    const emailed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dev/outbox?bookingId=${bookingId}`,
    });
    const confirmation = emailed
      .json<{ messages: { template: string; body: string; secret: string }[] }>()
      .messages.find((m) => m.template === 'booking.confirmation');
    expect(confirmation?.secret).toBe('sealed');
    const token = /[?&]token=([\w-]+)/.exec(confirmation?.body ?? '')?.[1] ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(raw).not.toContain(token);
    expect(manageToken).not.toBe(token);
  });

  it('the dev outbox opens the unsent confirmation’s link, and staff views decrypt', async () => {
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dev/outbox?bookingId=${bookingId}`,
    });
    const messages = listed.json<{
      messages: {
        template: string;
        body: string;
        recipient: string;
        secret: string;
        secretNote: string | null;
      }[];
    }>().messages;
    const confirmation = messages.find((m) => m.template === 'booking.confirmation');
    expect(confirmation?.recipient).toBe(host.email);
    expect(confirmation?.secretNote).toMatch(/Not sent yet/);
    const token = /[?&]token=([\w-]+)/.exec(confirmation?.body ?? '')?.[1] ?? '';
    const viaLink = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${bookingId}?token=${token}`,
    });
    expect(viaLink.statusCode).toBe(200);
    const alert = messages.find((m) => m.template === 'booking.staff_alert');
    expect(alert?.body).toContain(host.email);
    expect(alert?.body).toContain(storedPhone);

    const detail = await staffGet(`/api/v1/admin/bookings/${bookingId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const view = detail.json<{
      customer: { email: string; phone: string };
      sentMessages: { recipient: string }[];
    }>();
    expect(view.customer).toMatchObject({ email: host.email, phone: storedPhone });
    expect(view.sentMessages.map((m) => m.recipient).sort()).toEqual(
      // The host gets "booking received", the confirmation and the deposit's receipt.
      ['alerts@teppan.test', host.email, host.email, host.email].sort(),
    );
  });

  it('a returning customer is matched by email on a new hold, whatever its spelling', async () => {
    const first = await customerOfHold(await hold({ ...host, name: 'Hiroko W.' }));
    const again = await customerOfHold(
      await hold({
        name: 'H. Watanabe',
        email: 'HIROKO.watanabe@example.COM',
        phone: '669-555-0199',
      }),
    );
    expect(again).toBe(first);
    const rows = await t.database.db
      .selectFrom('core.customers')
      .select(['id', 'name'])
      .where('email_index', '=', contactIndex(t.container.fieldCrypto, 'email', host.email))
      .execute();
    // One customer, its record untouched by the anonymous second request.
    expect(rows).toEqual([{ id: first, name: host.name }]);
  });

  it('staff find it by the full email, the full phone and part of the name', async () => {
    for (const q of ['hiroko.watanabe@example.com', '+1 669 555 0147', 'watanab', bookingNumber]) {
      const bookings = await staffGet(`/api/v1/admin/bookings?q=${encodeURIComponent(q)}`);
      expect(bookings.statusCode, q).toBe(200);
      expect(
        bookings.json<{ items: { id: string }[] }>().items.map((b) => b.id),
        q,
      ).toContain(bookingId);
      if (q === bookingNumber) continue;
      const customers = await staffGet(`/api/v1/admin/customers?q=${encodeURIComponent(q)}`);
      const found = customers.json<{ items: { name: string; email: string; phone: string }[] }>()
        .items;
      expect(found, q).toEqual([
        expect.objectContaining({ name: host.name, email: host.email, phone: storedPhone }),
      ]);
    }
    // A fragment of the address is not searchable: it exists nowhere in clear.
    const fragment = await staffGet('/api/v1/admin/bookings?q=watanabe%40example');
    expect(fragment.json<{ items: unknown[] }>().items).toEqual([]);
  });
});

describe('chatting by SMS', () => {
  const phone = '+14085550177';
  let seq = 0;
  const text = (body: string) => {
    seq += 1;
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/sms/ringcentral/webhook',
      headers: { 'verification-token': RC_TOKEN },
      payload: {
        uuid: `pii-${seq}`,
        event: '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS',
        timestamp: new Date().toISOString(),
        subscriptionId: 'sub-pii',
        ownerId: '1',
        body: {
          id: `pii-msg-${seq}-${randomBytes(4).toString('hex')}`,
          to: [{ phoneNumber: '+15105550142' }],
          from: { phoneNumber: phone },
          type: 'SMS',
          direction: 'Inbound',
          subject: body,
        },
      },
    });
  };

  it('finds the conversation by number, opts out and in by keyword, stores no number', async () => {
    const first = await text('How much for 12 adults in 95112?');
    expect(first.statusCode, first.body).toBe(200);
    const { conversationId } = first.json<{ status: string; conversationId: string }>();
    // The number's conversation is found again by its blind index.
    const second = await text('And for 14?');
    expect(second.json<{ conversationId: string }>().conversationId).toBe(conversationId);

    expect((await text('STOP')).json()).toEqual({ status: 'keyword', keyword: 'stop' });
    // The opt-out is found by number: the next question is kept, never answered.
    expect((await text('Still there?')).json<{ status: string }>().status).toBe('opted_out');
    expect((await text('START')).json()).toEqual({ status: 'keyword', keyword: 'start' });
    expect((await text('What menus do you have?')).json<{ status: string }>().status).toBe(
      'answered',
    );

    const ledger = await t.database.db
      .selectFrom('marketing.consents')
      .select('status')
      .where('phone_index', '=', contactIndex(t.container.fieldCrypto, 'phone', phone))
      .orderBy('id')
      .execute();
    expect(ledger.map((r) => r.status)).toEqual(['opted_out', 'opted_in']);
    expectNoPlaintext(await rawContactText(), phone);

    const inbox = await staffGet(`/api/v1/admin/conversations/${conversationId}`);
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json<{ phone: string }>().phone).toBe(phone);
  });
});

describe('a lead', () => {
  const lead = {
    name: 'Leandro Pires',
    email: 'Leandro.Pires@Example.com',
    phone: '(925) 555-0133',
  };

  it('is stored encrypted, found by full contact or part of the name, and audited masked', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/leads',
      headers: support.headers,
      payload: { stationId, source: 'phone', ...lead },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, version } = created.json<{ id: string; version: number }>();
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/leads/${id}`,
      headers: support.headers,
      payload: { version, phone: '(925) 555-0134' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<{ phone: string; email: string }>()).toMatchObject({
      phone: '(925) 555-0134',
      email: lead.email,
    });

    expectNoPlaintext(await rawContactText(), lead.email, lead.phone, '(925) 555-0134');
    // The activity and the audit trail say what changed, not the address itself.
    const { rows } = await sql<{ text: string }>`
      select data::text as text from crm.lead_events where lead_id = ${id}
      union all select coalesce(before::text, '') || coalesce(after::text, '') from audit.log
      where entity = 'lead' and entity_id = ${id}`.execute(t.database.db);
    const trail = rows.map((r) => r.text).join('\n');
    expect(trail).toContain('•••0134');
    expectNoPlaintext(trail, lead.email, lead.phone, '(925) 555-0134');

    for (const q of ['leandro.pires@example.com', '925-555-0134', 'pires']) {
      const found = await staffGet(`/api/v1/admin/leads?q=${encodeURIComponent(q)}`);
      expect(found.statusCode, q).toBe(200);
      expect(
        found.json<{ items: { id: string }[] }>().items.map((l) => l.id),
        q,
      ).toEqual([id]);
    }
    // The old number no longer finds it; a fragment never did.
    for (const q of ['(925) 555-0133', '0134'])
      expect(
        (await staffGet(`/api/v1/admin/leads?q=${encodeURIComponent(q)}`)).json<{
          items: unknown[];
        }>().items,
        q,
      ).toEqual([]);
  });
});

describe('key rotation with the app running', () => {
  it('reads values under either key during it, and only the new key after it', async () => {
    // A second instance already runs with the new key first; the old one still decrypts.
    const config = {
      ...t.config,
      fieldCrypto: { ...t.config.fieldCrypto, keys: `${SECOND_KEY},${FIRST_KEY}` },
    };
    const { app, container: rotated } = await buildSilentApp({ config, db: t.database.db });
    try {
      const session = await signIn(
        app,
        await newStaff(t.database.db, { role: 'customer_support', stationIds: [stationId] }),
      );
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/leads',
        headers: session.headers,
        payload: { stationId, source: 'web', name: 'Rina Rotated', email: 'rina@example.com' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const keysInUse = async () => {
        const { rows } = await sql<{ key: string }>`
          select distinct split_part(email, ':', 3) as key from crm.leads`.execute(t.database.db);
        return rows.map((r) => r.key).sort();
      };
      expect(await keysInUse()).toEqual(['first', 'second']);
      const emails = async () => {
        const res = await app.inject({
          method: 'GET',
          url: '/api/v1/admin/leads?limit=100',
          headers: session.headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        return res
          .json<{ items: { email: string | null }[] }>()
          .items.map((l) => l.email)
          .sort();
      };
      const before = await emails();
      expect(before).toEqual(['Leandro.Pires@Example.com', 'rina@example.com']);

      const result = await reencryptPii(t.database.db, rotated.fieldCrypto, { batchSize: 2 });
      expect(result.rows['crm.leads']).toBe(1);
      expect(result.rows['core.customers']).toBeGreaterThan(0);
      expect(await keysInUse()).toEqual(['second']);
      expect(await emails()).toEqual(before);
      // Search by blind index is untouched by the rotation.
      const found = await app.inject({
        method: 'GET',
        url: '/api/v1/admin/customers?q=hiroko.watanabe%40example.com',
        headers: session.headers,
      });
      expect(found.json<{ items: { email: string }[] }>().items).toEqual([
        expect.objectContaining({ email: 'Hiroko.Watanabe@Example.com' }),
      ]);
      // The first key alone can no longer read anything: the values really were rewritten.
      const sample = await t.database.db
        .selectFrom('core.customers')
        .select('email')
        .executeTakeFirstOrThrow();
      expect(() => t.container.fieldCrypto.decrypt(sample.email, 'core.customers.email')).toThrow(
        /"second"/,
      );
    } finally {
      await app.close();
    }
  });
});
