// Explicit edge cases named in the acceptance criteria, and valid exotic input.
import { slotTimes } from '@teppan/core';
import fc from 'fast-check';
import { contactIndex } from '@teppan/db/pii';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { customer, dateAhead, quoteBody } from './factories.ts';

import {
  t,
  targets,
  type Req,
  type Sent,
  send,
  describeResponse,
  expectApiError,
  expectNot5xx,
  rowCounts,
  expectNoWrites,
  expectRefusedWithoutWrites,
  fuzz,
  auth,
  useFuzzApp,
  signBody,
} from './fuzz.test-helper.ts';
import { emojiAndRtl, qs, validHold } from './fuzz-generators.test-helper.ts';

useFuzzApp();

// ───────────────────────────── explicit cases named in the acceptance criteria ─────────────────────────────

describe('explicit edge cases', () => {
  it('dates: 2027-02-30, past, 400 days ahead, reversed and over-long ranges, on holds, reschedules, quotes and availability', async () => {
    await expectNoWrites(async () => {
      const hold = (date: string) =>
        send({ method: 'POST', url: '/api/v1/holds', body: { ...validHold(), date } });
      const move = (date: string) =>
        send({
          method: 'POST',
          url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
          headers: auth(),
          body: { date, slot: '12:00' },
        });
      expectApiError(await hold('2027-02-30'), { codes: ['VALIDATION_FAILED'] });
      expectApiError(await hold(dateAhead(-1)), { codes: ['DATE_IN_PAST'] });
      expectApiError(await hold('2020-06-15'), { codes: ['DATE_IN_PAST'] });
      expectApiError(await hold(dateAhead(400)), { codes: ['TOO_FAR'] });
      expectApiError(await move('2027-02-30'), { codes: ['VALIDATION_FAILED'] });
      expectApiError(await move(dateAhead(-3)), { codes: ['DATE_IN_PAST'] });
      expectApiError(await move(dateAhead(400)), { codes: ['TOO_FAR'] });
      expectApiError(
        await send({
          method: 'POST',
          url: '/api/v1/quotes',
          body: quoteBody({ eventDate: '2027-02-30' }),
        }),
        { codes: ['VALIDATION_FAILED'] },
      );
      expectApiError(
        await send({ method: 'GET', url: '/api/v1/availability?from=2027-02-30&to=2027-03-01' }),
        { codes: ['VALIDATION_FAILED'] },
      );
      expectApiError(
        await send({
          method: 'GET',
          url: `/api/v1/availability?from=${dateAhead(10)}&to=${dateAhead(5)}`,
        }),
        { codes: ['INVALID_DATE_RANGE'] },
      );
      expectApiError(
        await send({
          method: 'GET',
          url: `/api/v1/availability?from=${dateAhead(0)}&to=${dateAhead(400)}`,
        }),
        {
          codes: ['DATE_RANGE_TOO_LONG'],
        },
      );
    });
  });

  // Year 0000 is a real ISO date to the calendar but not to PostgreSQL: refused at the edge.
  it.each<[string, () => Req]>([
    [
      'POST /api/v1/holds',
      () => ({
        method: 'POST',
        url: '/api/v1/holds',
        body: { ...validHold(), date: '0000-01-01' },
      }),
    ],
    [
      'POST /api/v1/bookings/:id/reschedule',
      () => ({
        method: 'POST',
        url: `/api/v1/bookings/${targets.bookingId}/reschedule`,
        headers: auth(),
        body: { date: '0000-06-01', slot: '12:00' },
      }),
    ],
    [
      'GET /api/v1/availability',
      () => ({ method: 'GET', url: '/api/v1/availability?from=0000-01-01&to=0000-01-02' }),
    ],
    [
      'POST /api/v1/quotes (eventDate)',
      () => ({
        method: 'POST',
        url: '/api/v1/quotes',
        body: quoteBody({ eventDate: '0000-01-01' }),
      }),
    ],
  ])('year 0000 on %s answers a 4xx, not a 500, and writes nothing', async (_route, request) => {
    await expectRefusedWithoutWrites(request());
  });

  it('slot 13:00, protein pork, negative / 1e9 / 2.5 / string / null / array / nested counts', async () => {
    await expectNoWrites(async () => {
      expectApiError(
        await send({
          method: 'POST',
          url: '/api/v1/holds',
          body: { ...validHold(), slot: '13:00' },
        }),
        { codes: ['VALIDATION_FAILED'] },
      );
      const quote = (overrides: Record<string, unknown>) =>
        send({ method: 'POST', url: '/api/v1/quotes', body: quoteBody(overrides) });
      for (const overrides of [
        { proteins: { pork: 12 } },
        { addons: { pork_belly: 1 } },
        { adults: -1 },
        { adults: 1e9 },
        { adults: 2.5 },
        { adults: '10' },
        { adults: null },
        { adults: [10] },
        { adults: { value: 10 } },
        { children: -5 },
        { toddlers: 301 },
        { proteins: { chicken: 1e9 } },
        { proteins: { chicken: -1 } },
        { proteins: { chicken: 2.5 } },
        { proteins: { chicken: { n: 1 } } },
        { venue: { zip: '95112', nested: { deep: { deeper: [1, 2, 3] } } } },
        { venue: null },
        { venue: ['95112'] },
      ])
        expectApiError(await quote(overrides), { codes: ['VALIDATION_FAILED'] });
    });
  });

  it('SQL-looking strings are data, never syntax', async () => {
    await expectNoWrites(async () => {
      for (const s of ["'; drop table core.quotes; --", "' or '1'='1", '1; select pg_sleep(10)']) {
        expectApiError(
          await send({ method: 'GET', url: `/api/v1/quotes/${encodeURIComponent(s)}` }),
          { codes: ['VALIDATION_FAILED'] },
        );
        expectApiError(
          await send({
            method: 'GET',
            url: `/api/v1/bookings/${targets.bookingId}${qs([['token', s]])}`,
          }),
          { codes: ['FORBIDDEN'] },
        );
        expectApiError(
          await send({
            method: 'POST',
            url: '/api/v1/quotes',
            body: quoteBody({ venue: { zip: s } }),
          }),
          { codes: ['VALIDATION_FAILED'] },
        );
        const outbox = await send({
          method: 'GET',
          url: `/api/v1/dev/outbox${qs([['recipient', s]])}`,
        });
        expect(outbox.res.statusCode, describeResponse(outbox)).toBe(200);
        expect(outbox.res.json<{ messages: unknown[] }>().messages).toEqual([]);
      }
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from core.quotes`.execute(
      t.database.db,
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  // PostgreSQL text cannot hold U+0000; the schemas let it through to the INSERT / WHERE.
  it.each<[string, () => Req]>([
    [
      'POST /api/v1/quotes (venue.address)',
      () => ({
        method: 'POST',
        url: '/api/v1/quotes',
        body: quoteBody({ venue: { zip: '95112', address: '1 Main St\u0000' } }),
      }),
    ],
    [
      'POST /api/v1/holds (customer.name)',
      () => ({
        method: 'POST',
        url: '/api/v1/holds',
        body: { ...validHold(), customer: customer({ name: 'Pat\u0000Host' }) },
      }),
    ],
    [
      'GET /api/v1/dev/outbox (recipient)',
      () => ({ method: 'GET', url: '/api/v1/dev/outbox?recipient=%00' }),
    ],
    [
      'POST /api/v1/holds/:id/sign (signerName)',
      () => ({
        method: 'POST',
        url: `/api/v1/holds/${targets.holdId}/sign`,
        body: { ...signBody, signerName: 'Pat\u0000' },
      }),
    ],
    [
      'PATCH /api/v1/bookings/:id (specialRequests)',
      () => ({
        method: 'PATCH',
        url: `/api/v1/bookings/${targets.bookingId}`,
        headers: auth(),
        body: { version: targets.bookingVersion, specialRequests: 'no\u0000nuts' },
      }),
    ],
    [
      'PATCH /api/v1/bookings/:id (adults + specialRequests: the reprice path)',
      () => ({
        method: 'PATCH',
        url: `/api/v1/bookings/${targets.bookingId}`,
        headers: auth(),
        body: {
          version: targets.bookingVersion,
          adults: 12,
          proteins: { chicken: 14, ny_strip: 14 },
          specialRequests: 'no\u0000nuts',
        },
      }),
    ],
    [
      'PATCH /api/v1/bookings/:id (allergens)',
      () => ({
        method: 'PATCH',
        url: `/api/v1/bookings/${targets.bookingId}`,
        headers: auth(),
        body: { version: targets.bookingVersion, allergens: ['nu\u0000ts'] },
      }),
    ],
    [
      'POST /api/v1/bookings/:id/cancel (reason)',
      () => ({
        method: 'POST',
        url: `/api/v1/bookings/${targets.bookingId}/cancel`,
        headers: auth(),
        body: { reason: 'x\u0000' },
      }),
    ],
  ])(
    'a NUL character in %s answers a 4xx, not a 500, and writes nothing',
    async (_route, request) => {
      await expectRefusedWithoutWrites(request());
    },
  );
});

// ───────────────────────────── valid but exotic input is accepted and stored intact ─────────────────────────────

describe('valid exotic input (emoji, RTL, combining marks) is accepted and stored as sent', () => {
  const exoticText = (max: number) =>
    fc
      .oneof(
        emojiAndRtl,
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
        fc
          .tuple(emojiAndRtl, fc.string({ unit: 'grapheme', maxLength: 10 }), emojiAndRtl)
          .map((parts) => parts.join(' ')),
      )
      .filter((s) => s.trim().length >= 1 && s.trim().length <= max);

  it('quote venue addresses', async () => {
    await fuzz(
      exoticText(300),
      async (address) => {
        const sent = await send({
          method: 'POST',
          url: '/api/v1/quotes',
          body: quoteBody({ venue: { zip: '95112', address } }),
        });
        expect(sent.res.statusCode, describeResponse(sent)).toBe(201);
        const row = await t.database.db
          .selectFrom('core.quotes')
          .select('venue_address')
          .where('id', '=', sent.res.json<{ id: string }>().id)
          .executeTakeFirstOrThrow();
        expect(row.venue_address).toBe(address.trim());
      },
      40,
    );
  });

  it('hold customer names', async () => {
    let day = 0;
    await fuzz(
      exoticText(120),
      async (name) => {
        day += 1;
        const body = {
          ...validHold(),
          date: dateAhead(100 + (day % 200)),
          slot: slotTimes[day % slotTimes.length],
          customer: customer({ name }),
        };
        const sent = await send({ method: 'POST', url: '/api/v1/holds', body });
        expect(sent.res.statusCode, describeResponse(sent)).toBe(201);
        const row = await t.database.db
          .selectFrom('core.customers')
          .select('name')
          .where(
            'email_index',
            '=',
            contactIndex(t.container.fieldCrypto, 'email', body.customer.email) ?? '',
          )
          .executeTakeFirstOrThrow();
        expect(row.name).toBe(name.trim());
      },
      40,
    );
  });

  it('any schema-valid free text (all code points) is stored or refused cleanly, never a 500 or a partial row', async () => {
    // Control characters, noncharacters and separators are over-represented on purpose.
    const edgy = fc
      .array(
        fc.constantFrom(
          'a',
          ' ',
          '\u0000',
          '\u0001',
          '\u001f',
          '\u007f',
          '\u0085',
          '\u2028',
          '\ufffe',
          '\uffff',
          '\u{10ffff}',
          '🍤',
          'ש',
        ),
        {
          minLength: 1,
          maxLength: 8,
        },
      )
      .map((chars) => chars.join(''));
    const text = fc
      .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), edgy)
      .filter((s) => s.trim().length >= 1);
    let day = 0;
    await fuzz(
      fc.tuple(fc.constantFrom('address', 'name', 'recipient'), text),
      async ([field, value]) => {
        day += 1;
        const before = await rowCounts();
        let sent: Sent;
        if (field === 'address')
          sent = await send({
            method: 'POST',
            url: '/api/v1/quotes',
            body: quoteBody({ venue: { zip: '95112', address: value } }),
          });
        else if (field === 'name')
          sent = await send({
            method: 'POST',
            url: '/api/v1/holds',
            body: {
              ...validHold(),
              date: dateAhead(100 + (day % 200)),
              customer: customer({ name: value }),
            },
          });
        else
          sent = await send({
            method: 'GET',
            url: `/api/v1/dev/outbox${qs([['recipient', value]])}`,
          });
        expectNot5xx(sent);
        if (sent.res.statusCode >= 400)
          expect(await rowCounts(), describeResponse(sent)).toEqual(before);
      },
      60,
    );
  });
});
